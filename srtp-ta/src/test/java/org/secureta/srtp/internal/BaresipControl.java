package org.secureta.srtp.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * baresip's JSON control connection (its ctrl_tcp module): commands go as netstrings
 * ({@code {"command":"dial","params":"sip:..."}}), and every UA event of baresip comes back as a
 * netstring ({@code {"event":true,"class":"call","type":"CALL_ESTABLISHED",...}}), read here by
 * one thread into a queue. TCP_NODELAY on our end; baresip's end is its own.
 */
final class BaresipControl implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    private BaresipControl(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread reader = new Thread(() -> read(in), "baresip-control-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects to baresip's control port, retrying while baresip starts (its module listens once loaded). */
    static BaresipControl connect(int port, Duration wait, Process baresip) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setTcpNoDelay(true);
                return new BaresipControl(socket);
            } catch (ConnectException e) {
                socket.close();
                if (System.nanoTime() > deadline || !baresip.isAlive()) {
                    throw new IOException("baresip's ctrl_tcp on port " + port + " did not accept a connection", e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Sends {@code command} with {@code params} (may be empty). */
    void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] netstring = (body.length + ":" + json + ",").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(netstring);
            out.flush();
        }
    }

    /**
     * Waits for the next event of {@code type} (CALL_ESTABLISHED, CALL_CLOSED...), discarding the
     * messages before it; fails on CALL_CLOSED when waiting for another type (the call ended).
     */
    String awaitEvent(String type, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new IllegalStateException("no " + type + " event from baresip within " + wait);
            }
            if (isEvent(message, type)) {
                return message;
            }
            if (isEvent(message, "CALL_CLOSED")) {
                throw new IllegalStateException("baresip's call closed while waiting for " + type + ": " + message);
            }
        }
    }

    /** Drops the messages received so far (responses and events of calls already measured). */
    void drain() {
        messages.clear();
    }

    private static boolean isEvent(String message, String type) {
        return message.contains("\"event\":true") && message.contains("\"type\":\"" + type + "\"");
    }

    /** Netstrings (RFC-less, djb's format: length, colon, bytes, comma) until the connection ends. */
    private void read(InputStream in) {
        try {
            while (true) {
                int length = 0;
                for (int c = in.read(); c != ':'; c = in.read()) {
                    if (c < '0' || c > '9') {
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                ByteArrayOutputStream body = new ByteArrayOutputStream(length);
                body.write(in.readNBytes(length));
                if (in.read() != ',') {
                    return;
                }
                messages.add(body.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the connection or baresip ended
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
