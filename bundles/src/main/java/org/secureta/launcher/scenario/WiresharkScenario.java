package org.secureta.launcher.scenario;

import org.secureta.launcher.UnitProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Guide section 3.1: once the TLS link is up, the SIP messages cannot be read in a capture
 * unless Wireshark is given the keys. The guide gives Wireshark the server's RSA private key,
 * which works only for RSA key exchange up to TLS 1.2; the unit writes a key log instead
 * (SecureTA.TlsKeyLogEnable, NSS format), which works for every suite and version.
 */
public final class WiresharkScenario implements Scenario {

    @Override
    public String name() {
        return "wireshark";
    }

    @Override
    public String guideSection() {
        return "3.1";
    }

    @Override
    public String title() {
        return "Enabling TLS debugging on Wireshark: a capture and a key log";
    }

    @Override
    public String expected() {
        return "a capture of the unit's TLS link on lo (tshark) shows no readable SIP; with the unit's key log"
                + " (SecureTA.TlsKeyLogEnable=Enable) the same capture decrypts and its REGISTER is readable; ta decrypt turns"
                + " the SDES call's SRTP in the capture into RTP that tshark shows in clear, 0 authentication failures";
    }

    @Override
    public Observations run(ScenarioContext context) throws Exception {
        Path tshark = Tools.require("tshark", "tshark");
        Observations seen = new Observations();
        Path capture = context.dir().resolve("capture.pcapng");
        try (ProxyLab lab = context.lab(List.of("unit1", "unit2"))) {
            // Two units, an SDES call from unit1 to unit2: the capture holds the TLS links and the calls' SRTP.
            int mediaBase = SecureCallCapture.mediaBase();
            Map<String, UnitProfile> units = SecureCallCapture.profiles(lab, "Sdes", "", mediaBase);
            context.step("unit1 (user 100, SecureTA.TlsKeyLogEnable=Enable) calls unit2 (user 101) with SDES while tshark captures lo");
            SecureCallCapture.Result call = SecureCallCapture.record(lab, tshark, units, mediaBase, 25, capture, context.out());
            context.step(call.captureCommand());
            context.step("unit1 registered, called 101 and heard its tone: " + ScenarioText.strip(call.callerLine()));
            int port = lab.proxyAddress().getPort();
            Path keyLog = context.dir().resolve("unit1.home/keylog/tls-keys.log");
            seen.check(Files.isRegularFile(capture) && Files.size(capture) > 0, "capture written: " + capture
                    + (Files.exists(capture) ? " (" + Files.size(capture) + " bytes)" : " (missing)"));
            long keyLines = Files.isRegularFile(keyLog) ? Files.readAllLines(keyLog).stream().filter(l -> l.startsWith("CLIENT_RANDOM") || l.contains("TRAFFIC_SECRET")).count() : 0;
            seen.check(keyLines > 0, "key log written by the unit: " + keyLog + " (" + keyLines + " secret line(s); keep it private)");

            // The proxy's port is no SIP-over-TLS port Wireshark knows: decode it as TLS, and TLS' payload as SIP.
            List<String> decodeAs = List.of("-d", "tcp.port==" + port + ",tls", "-d", "tls.port==" + port + ",sip");
            List<String> clear = new ArrayList<>(List.of(tshark.toString(), "-r", capture.toString()));
            clear.addAll(decodeAs);
            clear.addAll(List.of("-Y", "sip"));
            long sipWithoutKeys = run(clear).lines().filter(l -> l.contains(" SIP ")).count();
            seen.check(sipWithoutKeys == 0, "without the key log, " + sipWithoutKeys + " SIP message(s) readable: TLS application data only");

            List<String> decrypt = new ArrayList<>(List.of(tshark.toString(), "-r", capture.toString(), "-o", "tls.keylog_file:" + keyLog));
            decrypt.addAll(decodeAs);
            decrypt.addAll(List.of("-Y", "sip.Method == \"REGISTER\"", "-O", "sip", "-V"));
            context.out().println("Decrypt it with:");
            context.out().println("  " + shellQuoted(decrypt));
            context.out().println("(in Wireshark: Preferences > Protocols > TLS > (Pre)-Master-Secret log filename = " + keyLog
                    + "; Decode As: TCP port " + port + " as TLS, TLS port " + port + " as SIP)");
            String decrypted = run(decrypt);
            List<String> sip = decrypted.lines().map(String::strip)
                    .filter(l -> l.startsWith("Request-Line:") || l.startsWith("Contact:") || l.startsWith("Via:") || l.startsWith("Status-Line:"))
                    .distinct().toList();
            seen.check(decrypted.contains("Request-Line: REGISTER sip:"), "with the key log, the REGISTER reads:"
                    + (sip.isEmpty() ? " nothing (tshark printed: " + decrypted.strip() + ")" : "\n        " + String.join("\n        ", sip)));

            // The guide's own method, the proxy's RSA private key, works too here, but only because CS1 (the unit's
            // default) uses RSA key exchange; with ECDHE (CS3) or TLS 1.3 only the key log decrypts.
            Path proxyKey = lab.kit().proxyCertDir().resolve("proxy.key");
            List<String> guideWay = new ArrayList<>(List.of(tshark.toString(), "-r", capture.toString(),
                    "-o", "tls.keys_list:" + ProxyLab.PROXY_HOST + "," + port + ",sip," + proxyKey));
            guideWay.addAll(decodeAs);
            guideWay.addAll(List.of("-Y", "sip.Method == \"REGISTER\""));
            context.out().println("The guide's way (the proxy's RSA key: only for suites with RSA key exchange, like CS1's, up to TLS 1.2):");
            context.out().println("  " + shellQuoted(guideWay));
            long guideRegisters = run(guideWay).lines().filter(l -> l.contains("REGISTER sip:")).count();
            seen.check(guideRegisters > 0, "with the proxy's RSA private key (the guide's way, possible because this unit uses CS1):"
                    + " " + guideRegisters + " REGISTER(s) readable");

            // The media: SRTP, which Wireshark cannot decrypt. ta decrypt reads the SDES keys from the decrypted SDP.
            Path plain = context.dir().resolve("plain.pcapng");
            List<String> decryptCommand = List.of("./ta", "decrypt", capture.toString(), "--tls-keys", keyLog.toString(), "--out", plain.toString());
            context.out().println("Decrypt the SRTP too (keys from the SDP of the call, read through the TLS key log):");
            context.out().println("  " + shellQuoted(decryptCommand));
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.PrintStream to = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);
            int code = org.secureta.launcher.decrypt.DecryptCommand.run(context.distribution(),
                    decryptCommand.subList(2, decryptCommand.size()).toArray(String[]::new), to, to);
            String report = printed.toString(StandardCharsets.UTF_8);
            report.lines().forEach(l -> context.out().println("    " + l));
            List<String> streams = report.lines().filter(l -> l.startsWith("  SRTP  SSRC")).toList();
            boolean clean = streams.size() >= 2 && streams.stream().allMatch(l -> l.contains(" 0 auth failure(s)"));
            seen.check(code == 0 && clean, "ta decrypt: exit " + code + ", " + streams.size() + " SRTP stream(s) decrypted"
                    + (clean ? ", 0 authentication failures" : ": " + streams));
            String rtpCommand = report.lines().filter(l -> l.startsWith("RTP in clear: ")).map(l -> l.substring("RTP in clear: ".length()))
                    .findFirst().orElse("");
            if (!rtpCommand.isEmpty()) {
                context.out().println("The RTP in clear:");
                context.out().println("  " + rtpCommand);
                List<String> rtp = new ArrayList<>(List.of(rtpCommand.split(" ")));
                rtp.set(0, tshark.toString());
                long packets = run(rtp).lines().filter(l -> l.contains(" RTP ")).count();
                seen.check(packets > 0, "tshark on " + plain + ": " + packets + " RTP packet(s) in clear (PCMU; Telephony > RTP > Play Streams)");
            } else {
                seen.check(false, "ta decrypt printed no RTP command: " + report.strip());
            }
        }
        return seen;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        // Standard error only says that tshark runs as root.
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private static String shellQuoted(List<String> command) {
        List<String> quoted = new ArrayList<>();
        for (String a : command) {
            quoted.add(a.matches("[A-Za-z0-9_./:=,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}
