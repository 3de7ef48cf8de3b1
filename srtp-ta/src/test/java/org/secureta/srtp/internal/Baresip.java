package org.secureta.srtp.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.secureta.srtp.media.ToneGenerator;
import org.secureta.transport.kamailio.Kamailio;
import org.secureta.proxykit.FreePorts;
import org.secureta.transport.testsupport.TestCa;

/**
 * A real baresip (Debian baresip-core) as the other party: headless, TLS to Kamailio, SDES SRTP
 * mandatory, a WAV tone as its microphone, no speaker, auto-answer.
 */
final class Baresip implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/baresip");
    static final Path MODULES = Path.of("/usr/lib/baresip/modules");
    static final String NOT_INSTALLED = "baresip is not installed (apt-get install baresip-core): interop skipped";

    private final Process process;
    private final Path directory;
    private final int controlPort;

    private Baresip(Process process, Path directory, int controlPort) {
        this.process = process;
        this.directory = directory;
        this.controlPort = controlPort;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isDirectory(MODULES);
    }

    /**
     * Starts baresip as {@code user} registered with {@code kamailio}, sending a tone of
     * {@code toneHz}; {@code commands} run at start (for example {@code /dial sip:...}).
     */
    static Baresip start(TestCa ca, Kamailio kamailio, String user, double toneHz, String... commands) throws IOException {
        return start(ca, kamailio, user, toneHz, false, null, commands);
    }

    /**
     * As {@link #start(TestCa, Kamailio, String, double, String...)}, also listening for its JSON
     * control connection (module ctrl_tcp) on a free loopback port: see {@link #control()}.
     */
    static Baresip startControlled(TestCa ca, Kamailio kamailio, String user, double toneHz) throws IOException {
        return start(ca, kamailio, user, toneHz, true, null);
    }

    /** As {@link #startControlled}, with {@code preload} (a shared library) in baresip's LD_PRELOAD. */
    static Baresip startControlled(TestCa ca, Kamailio kamailio, String user, double toneHz, Path preload) throws IOException {
        return start(ca, kamailio, user, toneHz, true, preload);
    }

    private static Baresip start(TestCa ca, Kamailio kamailio, String user, double toneHz, boolean controlled, Path preload,
                                 String... commands) throws IOException {
        Path directory = Files.createTempDirectory("baresip-");
        writeWav(directory.resolve("tone.wav"), toneHz, 30);
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(ca.certificate());
        }
        Files.writeString(directory.resolve("ca.pem"), pem.toString());
        // Kamailio reaches a registered baresip on a new TLS connection to its contact: baresip needs a certificate.
        try {
            ca.issue("127.0.0.1", List.of("localhost"), List.of("127.0.0.1"))
                    .writePem(directory.resolve("cert.crt"), directory.resolve("cert.key"));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot issue baresip's certificate", e);
        }
        Files.writeString(directory.resolve("cert.pem"), Files.readString(directory.resolve("cert.crt"))
                + Files.readString(directory.resolve("cert.key")));
        int sipPort = FreePorts.tcpAndUdp();
        int controlPort = controlled ? FreePorts.tcpAndUdp() : -1;
        String control = controlled ? "ctrl_tcp_listen 127.0.0.1:" + controlPort + "\nmodule_app ctrl_tcp.so\n" : "";
        Files.writeString(directory.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "sip_cafile " + directory.resolve("ca.pem"),
                "sip_certificate " + directory.resolve("cert.pem"),
                "audio_player aubridge,nil",
                "audio_source aufile," + directory.resolve("tone.wav"),
                "audio_alert aubridge,nil",
                "audio_srate 8000",
                "audio_channels 1",
                "rtcp_mux no",
                "module_path " + MODULES,
                "module g711.so",
                "module aufile.so",
                "module aubridge.so",
                "module srtp.so",
                "module_app account.so",
                "module_app menu.so",
                "") + "\n" + control);
        Files.writeString(directory.resolve("accounts"), "<sip:" + user + "@" + kamailio.hostPort() + ";transport=tls>"
                + ";auth_pass=pw" + user + ";answermode=auto;mediaenc=srtp-mand;audio_codecs=pcmu;regint=60\n");
        List<String> line = new ArrayList<>(List.of(BINARY.toString(), "-4", "-f", directory.toString()));
        for (String command : commands) {
            line.add("-e");
            line.add(command);
        }
        ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("baresip.log").toFile());
        if (preload != null) {
            builder.environment().put("LD_PRELOAD", preload.toAbsolutePath().toString());
        }
        Process process = builder.start();
        return new Baresip(process, directory, controlPort);
    }

    /** Opens the control connection of a baresip started with {@link #startControlled}. */
    BaresipControl control() throws IOException, InterruptedException {
        if (controlPort < 0) {
            throw new IllegalStateException("baresip was started without ctrl_tcp");
        }
        return BaresipControl.connect(controlPort, Duration.ofSeconds(10), process);
    }

    /** Waits until the log shows {@code text}. */
    boolean awaitLog(String text, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return log().contains(text);
            }
            Thread.sleep(100);
        }
        return false;
    }

    String log() throws IOException {
        return Files.readString(directory.resolve("baresip.log"));
    }

    /** 8 kHz mono 16-bit PCM, the rate of G.711, so baresip needs no resampling. */
    static void writeWav(Path file, double toneHz, int seconds) throws IOException {
        int samples = ToneGenerator.SAMPLE_RATE * seconds;
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        wav.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(ToneGenerator.SAMPLE_RATE)
                .putInt(2 * ToneGenerator.SAMPLE_RATE).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes()).putInt(2 * samples);
        short[] frame = new short[ToneGenerator.SAMPLE_RATE];
        ToneGenerator tone = new ToneGenerator(toneHz, 8000);
        for (int s = 0; s < seconds; s++) {
            tone.next(frame);
            for (short sample : frame) {
                wav.putShort(sample);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(wav.array());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
