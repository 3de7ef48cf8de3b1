package org.secureta.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo's calls, on any two running units that can reach each other (back to back, or
 * through a proxy): for each key management in turn, both units are switched to it with
 * {@code ta:set Mipt.DefaultSecurityKeyManagement} (and {@code ta:restart} if the unit asks for
 * one), then a secure call is placed each way with {@code ta:call}; the callee answers by itself
 * (SecureTA.AutoAnswer), audio flows, and the call agent's counters must show SRTP packets both
 * ways, no authentication failure, and the peer's tone detected after unprotection.
 */
final class CallScript {

    static final List<String> KEY_MANAGEMENTS = List.of("Sdes", "Mikey");
    private static final Duration SETUP = Duration.ofSeconds(15);

    private final Steps steps;
    private final Duration audio;
    private final Optional<TlsLinkLog> links;
    private final String media;

    /** @param audio how long audio flows in each call at least (longer until both units decrypt the peer's tone) */
    CallScript(Steps steps, Duration audio) {
        this(steps, audio, Optional.empty());
    }

    /** @param links what the units' TLS links negotiated, for transports whose messages carry no verdict yet */
    CallScript(Steps steps, Duration audio, Optional<TlsLinkLog> links) {
        this(steps, audio, links, "");
    }

    /** @param media the media engine every call must have run on at both units (SecureTA.MediaEngine), empty: any */
    CallScript(Steps steps, Duration audio, Optional<TlsLinkLog> links, String media) {
        this.media = media;
        this.steps = steps;
        this.audio = audio;
        this.links = links;
    }

    /** Runs every call; failed calls are recorded in {@code steps} and the script goes on with the next. */
    List<CallOutcome> run(UnitPair pair) {
        List<CallOutcome> outcomes = new ArrayList<>();
        for (String keyManagement : KEY_MANAGEMENTS) {
            try {
                use(pair, keyManagement);
            } catch (StepFailure e) {
                continue; // no call can be secure with this key management: the next one may still work
            }
            for (RunningUnit[] direction : List.of(new RunningUnit[] {pair.a(), pair.b()}, new RunningUnit[] {pair.b(), pair.a()})) {
                try {
                    outcomes.add(call(keyManagement, direction[0], direction[1]));
                } catch (StepFailure e) {
                    // recorded by steps; the next call is independent
                }
            }
        }
        return outcomes;
    }

    /** Sets both units to {@code keyManagement} through their profiles (ta:set Mipt.DefaultSecurityKeyManagement). */
    void use(UnitPair pair, String keyManagement) throws StepFailure {
        for (RunningUnit unit : pair.both()) {
            String step = unit.name() + ": key management " + keyManagement + " (ta:set Mipt.DefaultSecurityKeyManagement " + keyManagement + ")";
            steps.run(step, () -> {
                String answer = unit.command("set", "Mipt.DefaultSecurityKeyManagement", keyManagement);
                steps.info("ta:set: " + answer);
                if (answer.startsWith("refused")) {
                    throw new StepFailure(step, answer);
                }
                if (answer.contains("restart required")) {
                    steps.info("ta:restart: " + unit.command("restart"));
                }
                return unit.await(step, "MEDIA agent=srtp-ta", l -> l.contains("keyManagement=" + keyManagement), Duration.ofSeconds(10));
            });
        }
    }

    /** One secure call from caller to callee with the key management both units are set to. */
    CallOutcome call(String keyManagement, RunningUnit caller, RunningUnit callee) throws StepFailure {
        String name = keyManagement + " call " + caller.name() + " -> " + callee.name();
        String placed = steps.run(name + ": ta:call " + callee.user(), () -> {
            String answer = caller.command("call", callee.user());
            if (!answer.startsWith("call ")) {
                throw new StepFailure(name, "ta:call " + callee.user() + ": " + answer);
            }
            return answer;
        });
        steps.info(placed);
        String callerId = placed.split(" ")[1];
        String calleeId = steps.run(name + ": answered, media flowing", () -> {
            String connected = awaitCall(name, caller, callerId, "Connected");
            steps.info(caller.name() + ": " + connected);
            String incoming = awaitIncomingConnected(name, callee);
            steps.info(callee.name() + ": " + incoming);
            return incoming.split(" ")[0];
        });
        steps.run(name + ": audio until both units decrypt the peer's tone (at least " + audio.toMillis() + " ms)", () -> {
            // At least the minimum, then until what the checks below need is there: packets received
            // and the peer's tone detected on both sides (awaited, not a fixed length).
            long began = System.nanoTime();
            awaitAudio(name, caller, callerId);
            awaitAudio(name, callee, calleeId);
            long left = audio.toNanos() - (System.nanoTime() - began);
            if (left > 0) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
            steps.info(caller.name() + ": " + callLine(caller, callerId).orElse("?"));
            steps.info(callee.name() + ": " + callLine(callee, calleeId).orElse("?"));
            return null;
        });
        String tls = caller.trace().flatMap(t -> t.inviteCallId("SENT", "sip:" + callee.user() + "@").flatMap(t::security))
                .or(() -> linkVerdict(caller)).orElse("");
        steps.run(name + ": ta:hangup " + callerId, () -> {
            steps.info(caller.command("hangup", callerId));
            return null;
        });
        CallOutcome outcome = steps.run(name + ": ended on both units", () -> new CallOutcome(keyManagement, caller.name(), callee.name(), tls,
                CallOutcome.Side.of(caller.name(), awaitCall(name, caller, callerId, "Ended")),
                CallOutcome.Side.of(callee.name(), awaitCall(name, callee, calleeId, "Ended"))));
        steps.run(name + ": secure with " + keyManagement + ", packets received both ways, no authentication failure, audio decrypted", () -> {
            if (!outcome.passed()) {
                String problems = outcome.callerSide().problems(keyManagement) + outcome.calleeSide().problems(keyManagement);
                if (!outcome.callerSide().suite().equals(outcome.calleeSide().suite())) {
                    problems += "suites differ: " + outcome.callerSide().suite() + " / " + outcome.calleeSide().suite();
                }
                throw new StepFailure(name, problems.strip());
            }
            return null;
        });
        if (!media.isEmpty()) {
            steps.run(name + ": audio carried by the " + media + " media engine on both units", () -> {
                if (!media.equals(outcome.callerSide().media()) || !media.equals(outcome.calleeSide().media())) {
                    throw new StepFailure(name, "media engine " + outcome.callerSide().media() + " at " + caller.name() + ", "
                            + outcome.calleeSide().media() + " at " + callee.name() + "; expected " + media);
                }
                return null;
            });
        }
        return outcome;
    }

    /**
     * The caller's INVITE leaves on its persistent TLS link: what that link negotiated, and the
     * certificate check it passed to come up (the unit's validation mode).
     */
    private Optional<String> linkVerdict(RunningUnit caller) {
        try {
            Optional<String> link = caller.latest("TLS_LINK gateway=" + caller.gateway()).filter(l -> l.contains("state=Up"));
            String validation = caller.latest("TRANSPORT transport=TLS").map(l -> RunningUnit.attribute(l, "validation")).orElse("");
            return link.flatMap(l -> links.flatMap(log -> log.negotiated(RunningUnit.attribute(l, "localPort"))))
                    .map(tls -> tls + (validation.isEmpty() ? "" : " " + validation + " ok"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Waits until a unit's side of the call has received packets and detected the peer's tone in them. */
    private static void awaitAudio(String step, RunningUnit unit, String id) throws Exception {
        long deadline = System.nanoTime() + SETUP.toNanos();
        Optional<String> line = Optional.empty();
        while (System.nanoTime() < deadline) {
            line = callLine(unit, id);
            if (line.isPresent()) {
                CallOutcome.Side side = CallOutcome.Side.of(unit.name(), line.get());
                if (side.received() > 0 && side.toneFrames() > 0) {
                    return;
                }
                if (!side.state().equals("Connected")) {
                    return; // ended early: the checks after the hang-up say what went wrong
                }
            }
            Thread.sleep(20);
        }
        throw new StepFailure(step, unit.name() + ": no decrypted audio from the peer after " + SETUP.toSeconds() + " s: "
                + line.orElse("no such call in ta:calls"));
    }

    private static Optional<String> callLine(RunningUnit unit, String id) throws Exception {
        return unit.command("calls").lines().filter(l -> l.startsWith(id + " ")).findFirst();
    }

    private static String awaitCall(String step, RunningUnit unit, String id, String state) throws Exception {
        long deadline = System.nanoTime() + SETUP.toNanos();
        Optional<String> line = Optional.empty();
        while (System.nanoTime() < deadline) {
            line = callLine(unit, id);
            if (line.isPresent()) {
                String current = line.get().split(" ")[3];
                if (current.equals(state)) {
                    return line.get();
                }
                if ((current.equals("Ended") || current.equals("Failed")) && !state.equals("Ended")) {
                    throw new StepFailure(step, unit.name() + ": call " + line.get());
                }
            }
            Thread.sleep(50);
        }
        throw new StepFailure(step, unit.name() + ": call " + id + " not " + state + " after " + SETUP.toSeconds() + " s: "
                + line.orElse("no such call in ta:calls"));
    }

    /** The callee's incoming call: the one that is connected now (ended calls stay listed for a while). */
    private static String awaitIncomingConnected(String step, RunningUnit callee) throws Exception {
        long deadline = System.nanoTime() + SETUP.toNanos();
        String calls = "";
        while (System.nanoTime() < deadline) {
            calls = callee.command("calls");
            Optional<String> connected = calls.lines().filter(l -> l.contains(" from ") && l.split(" ")[3].equals("Connected")).findFirst();
            if (connected.isPresent()) {
                return connected.get();
            }
            Thread.sleep(50);
        }
        throw new StepFailure(step, callee.name() + " has no connected incoming call after " + SETUP.toSeconds() + " s; ta:calls: " + calls);
    }
}
