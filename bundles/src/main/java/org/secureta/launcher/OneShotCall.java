package org.secureta.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ta call PROFILE USER [--home DIR] [--seconds N]}: a scripted call from one unit. The unit
 * starts as with {@code ta run PROFILE --no-shell} (its event lines on standard output), its line
 * registers (or, with registration off, its TLS link comes up), the call agent's {@code ta:call}
 * places the call, audio flows, {@code ta:hangup} ends it, and the unit's own {@code ta:calls}
 * counters say whether the peer's tone was decrypted. Exit 0 only when the call connected and its
 * audio decrypted as the profile requires: secure when {@code Mipt.DefaultSecurityRtpMode=Secure}.
 */
final class OneShotCall {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration LINE_UP = Duration.ofSeconds(30);
    private static final Duration SETUP = Duration.ofSeconds(15);
    private static final String LINE = "Port1";
    /** Registration states that retrying will not mend by itself: wrong credentials, a refusal, a line configured wrong. */
    private static final java.util.Set<String> REFUSED = java.util.Set.of("AuthFailed", "Rejected", "ConfigError");

    private final LaunchOptions launch;
    private final CallOptions call;
    private final PrintStream out;
    private final Steps steps;
    /** Set when the line's registration was refused: the call exits with its own code at once. */
    private boolean registrationRefused;

    OneShotCall(java.nio.file.Path distribution, CallOptions call, PrintStream out) {
        this.launch = new LaunchOptions(distribution, call.home().toAbsolutePath(), Optional.of(call.profile()), false, true);
        this.call = call;
        this.out = out;
        this.steps = new Steps(out);
    }

    static int run(java.nio.file.Path distribution, List<String> args, PrintStream out, PrintStream err) throws Exception {
        CallOptions options;
        try {
            options = CallOptions.parse(args);
        } catch (CallOptions.Invalid e) {
            err.println(e.getMessage());
            err.println(CallOptions.USAGE);
            return Main.USAGE;
        }
        if (!Files.isRegularFile(options.profile())) {
            err.println("ta call: no profile file " + options.profile());
            return Main.USAGE;
        }
        return new OneShotCall(distribution, options, out).run();
    }

    int run() throws Exception {
        boolean homeExisted = Files.exists(launch.home());
        Logging.configure(launch.home().resolve("logs"), Logging.debugRequested(), System.err);
        int code = runUnit();
        Main.forgetHome(launch.home(), homeExisted);
        return code;
    }

    private int runUnit() throws Exception {
        Container container;
        try {
            container = steps.run("starting the unit of " + call.profile() + " (home " + launch.home() + ")", () -> Container.start(launch));
        } catch (StepFailure e) {
            return summary(Optional.empty(), "", Optional.empty());
        }
        try {
            return callFrom(container);
        } finally {
            container.close();
        }
    }

    private int callFrom(Container container) throws Exception {
        try {
            steps.run("unit ready (all bundles active, profile applied)", () -> {
                if (!container.startFailures().isEmpty() || !container.awaitReady(READY)) {
                    // A refused profile stops the framework: its ERROR lines above say why, the bundles' states do not.
                    throw new StepFailure("unit ready", System.getProperty("secureta.exitCode") != null
                            ? "the profile was refused (see the ERROR source=profile lines above)" : Main.readyProblem(container));
                }
                return null;
            });
            String secureRequired = steps.run("the profile's security", () -> container.command("get", "Mipt.DefaultSecurityRtpMode"));
            steps.info(secureRequired);
            boolean secure = secureRequired.endsWith("=Secure");
            String lineUp = steps.run("line " + LINE + " ready to call (registered, or its TLS link up when it does not register)",
                    () -> awaitLineUp(container));
            steps.info(lineUp);

            String placed = steps.run("ta:call " + call.user(), () -> {
                String answer = container.command("call", call.user());
                if (!answer.startsWith("call ")) {
                    throw new StepFailure("ta:call " + call.user(), answer);
                }
                return answer;
            });
            steps.info(placed);
            String id = placed.split(" ")[1];
            String connected = steps.run("call " + id + " answered", () -> awaitCall(container, id, "Connected"));
            steps.info(connected);
            steps.run(call.audio().toSeconds() + " s of audio", () -> {
                Thread.sleep(call.audio().toMillis());
                return null;
            });
            steps.run("ta:hangup " + id, () -> {
                steps.info(container.command("hangup", id));
                return null;
            });
            String ended = steps.run("call " + id + " ended", () -> awaitCall(container, id, "Ended"));
            return summary(Optional.of(CallOutcome.Side.of("this unit", ended)), secureRequired, ladder(container).filter(l -> !l.isBlank()), secure);
        } catch (StepFailure e) {
            int code = summary(Optional.empty(), "", Optional.empty());
            if (registrationRefused) {
                return Main.REGISTRATION_REFUSED;
            }
            // A refused profile has its own exit code (2), as with ta run.
            return System.getProperty("secureta.exitCode") == null ? code : Main.exitCode();
        }
    }

    /** The line registered; with registration off, its TLS link up (or nothing to wait for without TLS). */
    private String awaitLineUp(Container container) throws Exception {
        boolean registers = !container.command("get", "SipEp.UserAgent[" + LINE + "].Register").endsWith("=Disable");
        long deadline = System.nanoTime() + LINE_UP.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<String> status = container.command("status").lines().toList();
            Optional<String> registration = first(status, " REGISTRATION line=" + LINE + " ");
            Optional<String> link = first(status, " TLS_LINK ");
            boolean tls = first(status, " TRANSPORT transport=TLS ").isPresent();
            if (registers && registration.filter(l -> "Registered".equals(RunningUnit.attribute(l, "state"))).isPresent()) {
                return registration.get();
            }
            Optional<String> refused = registration.filter(l -> REFUSED.contains(RunningUnit.attribute(l, "state")));
            if (registers && refused.isPresent()) {
                // The unit keeps retrying on its own timing, but a script wants the answer now.
                registrationRefused = true;
                String line = refused.get();
                throw new StepFailure("line " + LINE, "registration refused (" + RunningUnit.attribute(line, "state") + ") for user "
                        + RunningUnit.attribute(line, "user") + " at gateway " + RunningUnit.attribute(line, "gateway") + ": "
                        + RunningUnit.attribute(line, "reason"));
            }
            if (!registers && !tls) {
                return "the line does not register and the unit does not use TLS: nothing to wait for";
            }
            if (!registers && link.filter(l -> "Up".equals(RunningUnit.attribute(l, "state"))).isPresent()) {
                return link.get();
            }
            last = (registers ? registration : link).orElse(last);
            Thread.sleep(100);
        }
        throw new StepFailure("line " + LINE, (registers ? "not registered" : "TLS link not up") + " after " + LINE_UP.toSeconds()
                + " s" + (last.isEmpty() ? "" : "; last: " + last.substring(last.indexOf(' ') + 1)));
    }

    private static Optional<String> first(List<String> status, String wanted) {
        return status.stream().filter(l -> l.contains(wanted)).findFirst();
    }

    private static String awaitCall(Container container, String id, String state) throws Exception {
        long deadline = System.nanoTime() + SETUP.toNanos();
        Optional<String> line = Optional.empty();
        while (System.nanoTime() < deadline) {
            line = container.command("calls").lines().filter(l -> l.startsWith(id + " ")).findFirst();
            if (line.isPresent()) {
                String current = line.get().split(" ")[3];
                if (current.equals(state)) {
                    return line.get();
                }
                if ((current.equals("Ended") || current.equals("Failed")) && !state.equals("Ended")) {
                    throw new StepFailure("call " + id, line.get());
                }
            }
            Thread.sleep(50);
        }
        throw new StepFailure("call " + id, "not " + state + " after " + SETUP.toSeconds() + " s: " + line.orElse("no such call in ta:calls"));
    }

    /** {@code ta:ladder} of the unit, when the unit has that command. */
    private static Optional<String> ladder(Container container) {
        try {
            return Optional.of(container.command("ladder"));
        } catch (Exception | LinkageError absent) {
            return Optional.empty();
        }
    }

    private int summary(Optional<CallOutcome.Side> side, String securityRequired, Optional<String> ladder) {
        return summary(side, securityRequired, ladder, false);
    }

    private int summary(Optional<CallOutcome.Side> side, String securityRequired, Optional<String> ladder, boolean secureRequired) {
        List<String> failures = new ArrayList<>(steps.failures());
        out.println("SecureTA call summary");
        out.println("  unit:         " + call.profile() + " -> " + call.user());
        side.ifPresent(s -> {
            out.println("  security:     " + (s.secure() ? "secure" : "NOT secure") + " (" + securityRequired + ")");
            out.println("  keys:         " + s.keyManagement() + ", suite " + s.suite());
            out.println("  packets:      sent " + s.sent() + ", received " + s.received() + ", auth failures " + s.authFailures()
                    + ", replays " + s.replays());
            out.println("  audio:        tone detected in " + s.toneFrames() + " received frames"
                    + (s.toneFrames() > 0 ? " (audio decrypted)" : " (audio did NOT decrypt)"));
            out.println("  ended:        " + s.reason());
            failures.addAll(problems(s, secureRequired));
        });
        ladder.ifPresent(l -> {
            out.println("  ladder (ta:ladder):");
            l.lines().forEach(x -> out.println("    " + x));
        });
        failures.forEach(f -> out.println("FAILED: " + f));
        out.println("RESULT: " + (failures.isEmpty() ? "PASS" : "FAIL"));
        return failures.isEmpty() ? Main.OK : Main.FAILED;
    }

    /** What makes a finished call a failure: no audio through, or not secure when the profile says Secure. */
    static List<String> problems(CallOutcome.Side s, boolean secureRequired) {
        List<String> p = new ArrayList<>();
        if (secureRequired && !s.secure()) {
            p.add("the call was not secure, but Mipt.DefaultSecurityRtpMode=Secure");
        }
        if (s.received() <= 0) {
            p.add("no RTP packet received from the peer");
        }
        if (s.authFailures() > 0) {
            p.add(s.authFailures() + " packets failed SRTP authentication");
        }
        if (s.toneFrames() <= 0) {
            p.add("the peer's tone was never detected: the audio did not decrypt");
        }
        return p;
    }
}
