package org.secureta.srtp.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What really went over the loopback interface: tshark captures the UDP packets to one port into
 * a pcap file, read back here (Ethernet or Linux cooked headers, IPv4, UDP) as payloads.
 */
final class LoopbackCapture implements AutoCloseable {

    static final Path TSHARK = Path.of("/usr/bin/tshark");
    static final String NOT_INSTALLED = "tshark is not installed (apt-get install tshark): wire capture skipped";

    private final Process process;
    private final Path file;

    private LoopbackCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    static boolean available() {
        return Files.isExecutable(TSHARK);
    }

    /** Starts capturing UDP datagrams sent to {@code port} on lo; returns once tshark captures. */
    static LoopbackCapture udpTo(int port) throws IOException, InterruptedException {
        Path file = Files.createTempFile("capture-", ".pcap");
        Process process = new ProcessBuilder(TSHARK.toString(), "-i", "lo", "-f", "udp dst port " + port, "-F", "pcap", "-w", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        CountDownLatch capturing = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream()))) {
                for (String line; (line = err.readLine()) != null; ) {
                    if (line.contains("Capturing on")) {
                        capturing.countDown();
                    }
                }
            } catch (IOException ignored) {
                // tshark ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!capturing.await(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tshark did not start capturing on lo within 15 s");
        }
        // The "Capturing on" line comes as the capture opens: give the kernel filter a moment.
        Thread.sleep(300);
        return new LoopbackCapture(process, file);
    }

    /** Stops the capture and returns the UDP payloads captured, in order. */
    List<byte[]> stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return udpPayloads(Files.readAllBytes(file));
    }

    static List<byte[]> udpPayloads(byte[] pcap) throws IOException {
        if (pcap.length < 24) {
            throw new IOException("pcap file of " + pcap.length + " bytes has no global header");
        }
        ByteBuffer in = ByteBuffer.wrap(pcap);
        int magic = in.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        int linkType = in.getInt(20);
        int linkHeader = switch (linkType) {
            case 1 -> 14;      // Ethernet (lo on Linux)
            case 113 -> 16;    // Linux cooked capture
            case 276 -> 20;    // Linux cooked capture v2
            case 0 -> 4;       // BSD loopback
            default -> throw new IOException("unexpected pcap link type " + linkType);
        };
        List<byte[]> payloads = new ArrayList<>();
        int offset = 24;
        while (offset + 16 <= pcap.length) {
            int captured = in.getInt(offset + 8);
            int packet = offset + 16;
            offset = packet + captured;
            if (offset > pcap.length) {
                break;
            }
            int ip = packet + linkHeader;
            if ((pcap[ip] >> 4) != 4 || pcap[ip + 9] != 17) {
                continue;
            }
            int udp = ip + 4 * (pcap[ip] & 0x0f);
            int length = ((pcap[udp + 4] & 0xff) << 8 | (pcap[udp + 5] & 0xff)) - 8;
            int start = udp + 8;
            if (length < 0 || start + length > offset) {
                continue;
            }
            byte[] payload = new byte[length];
            System.arraycopy(pcap, start, payload, 0, length);
            payloads.add(payload);
        }
        return payloads;
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(file);
    }
}
