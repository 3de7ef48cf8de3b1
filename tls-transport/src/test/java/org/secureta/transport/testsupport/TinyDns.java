package org.secureta.transport.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small authoritative DNS server on a free loopback UDP port (RFC 1035 messages): answers
 * SRV (RFC 2782) and A questions from its table, NXDOMAIN otherwise. Enough for the unit's
 * RFC 3263 lookups through the JDK's DNS provider.
 */
public final class TinyDns implements AutoCloseable {

    private static final int TYPE_A = 1;
    private static final int TYPE_SRV = 33;

    private record Srv(int priority, int weight, int port, String target) {
    }

    private final DatagramSocket socket;
    private final Map<String, List<Srv>> srv = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> a = new ConcurrentHashMap<>();
    private final Thread server;

    public TinyDns() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = new Thread(this::serve, "tiny-dns");
        server.setDaemon(true);
        server.start();
    }

    /** {@code 127.0.0.1:port}, for the unit's dnsServer. */
    public String hostPort() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    public TinyDns srv(String name, int priority, int weight, int port, String target) {
        srv.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(new Srv(priority, weight, port, target));
        return this;
    }

    public TinyDns a(String name, String address) throws IOException {
        a.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(InetAddress.getByName(address));
        return this;
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket query = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(query);
                byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    private byte[] answer(ByteBuffer query) throws IOException {
        int id = query.getShort() & 0xffff;
        query.position(12);
        int questionStart = 12;
        String name = readName(query);
        int type = query.getShort() & 0xffff;
        query.getShort(); // class IN
        int questionEnd = query.position();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        int count = 0;
        boolean known = srv.containsKey(name) || a.containsKey(name);
        if (type == TYPE_SRV) {
            for (Srv record : srv.getOrDefault(name, List.of())) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                writeShort(data, record.priority());
                writeShort(data, record.weight());
                writeShort(data, record.port());
                writeName(data, record.target());
                writeRecord(records, TYPE_SRV, data.toByteArray());
                count++;
            }
        } else if (type == TYPE_A) {
            for (InetAddress address : a.getOrDefault(name, List.of())) {
                writeRecord(records, TYPE_A, address.getAddress());
                count++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        writeShort(out, 0x8400 | (known ? 0 : 3)); // response, authoritative; NXDOMAIN for unknown names
        writeShort(out, 1);
        writeShort(out, count);
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(query.array(), questionStart, questionEnd - questionStart);
        out.write(records.toByteArray());
        return out.toByteArray();
    }

    private static void writeRecord(ByteArrayOutputStream out, int type, byte[] data) {
        writeShort(out, 0xc00c); // the question's name
        writeShort(out, type);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 60);
        writeShort(out, data.length);
        out.write(data, 0, data.length);
    }

    private static String readName(ByteBuffer buffer) {
        StringBuilder name = new StringBuilder();
        for (int length = buffer.get() & 0xff; length > 0; length = buffer.get() & 0xff) {
            byte[] label = new byte[length];
            buffer.get(label);
            name.append(name.length() == 0 ? "" : ".").append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        out.write(0);
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    @Override
    public void close() {
        socket.close();
    }
}
