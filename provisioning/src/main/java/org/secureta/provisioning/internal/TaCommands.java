package org.secureta.provisioning.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.secureta.provisioning.ladder.MessageTrace;
import org.secureta.provisioning.ladder.internal.LadderCommands;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileWriter;
import org.secureta.provisioning.web.UnitManagement;
import org.secureta.srtp.keymgmt.KeyManagement;
import org.secureta.transport.UnitEvent;

/**
 * The unit's Gogo commands: {@code ta:get [--reveal] VAR} (secrets masked unless revealed), {@code ta:set VAR VALUE}, {@code ta:profile
 * [all]}, {@code ta:restart} (Scm.RestartRequiredServices), {@code ta:status}, {@code ta:cert} ({@link CertificateCommands}). Quote table
 * cells, since Gogo reads brackets: {@code ta:set 'SipEp.TransportConfig[gw].TlsEnable' Enable}.
 * {@code ta:trace} and {@code ta:ladder}: the SIP message ladder (docs/ladder.md, {@link LadderCommands}).
 */
@Component(
        service = TaCommands.class,
        property = {
            "osgi.command.scope=ta",
            "osgi.command.function=get",
            "osgi.command.function=set",
            "osgi.command.function=profile",
            "osgi.command.function=restart",
            "osgi.command.function=status",
            "osgi.command.function=cert",
            "osgi.command.function=trace",
            "osgi.command.function=ladder"
        })
public final class TaCommands {

    private final ProvisioningComponent provisioning;
    private final UnitManagement management;
    private final UnitStatusBoard board;
    private final LadderCommands ladders;
    /** The key managements registered now (srtp-ta's and any an extension bundle adds), by name. */
    private final Set<String> keyManagements = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public TaCommands(@Reference ProvisioningComponent provisioning, @Reference UnitStatusBoard board, @Reference MessageTrace trace) {
        this(provisioning, provisioning, board, trace);
    }

    /** {@code management} serves {@code ta:cert}; tests give a unit outside OSGi (and no provisioning). */
    TaCommands(ProvisioningComponent provisioning, UnitManagement management, UnitStatusBoard board) {
        this(provisioning, management, board, List::of);
    }

    private TaCommands(ProvisioningComponent provisioning, UnitManagement management, UnitStatusBoard board, MessageTrace trace) {
        this.provisioning = provisioning;
        this.management = management;
        this.board = board;
        this.ladders = new LadderCommands(trace);
    }

    @Descriptor("the SIP messages traced (one TAB-separated line each, docs/ladder.md); usage: ta:trace [CALLID] [--to FILE]")
    public String trace() {
        return ladders.trace();
    }

    @Descriptor("the traced messages of one Call-ID")
    public String trace(@Descriptor("Call-ID") String callId) {
        return ladders.trace(callId);
    }

    @Descriptor("usage: ta:trace [CALLID] [--to FILE]: --to saves the trace for another unit's ta:ladder --with")
    public String trace(@Descriptor("[CALLID] [--to FILE]") String... args) {
        return ladders.trace(args);
    }

    @Descriptor("the SIP message ladder of the last call; usage: ta:ladder [last|all|CALLID] [--svg FILE] [--with [NAME=]TRACEFILE]... [--as NAME] [--name ADDRESS=NAME]... [--unicode]")
    public String ladder() {
        return ladders.ladder();
    }

    @Descriptor("the SIP message ladder of the last call, all exchanges or one Call-ID")
    public String ladder(@Descriptor("last, all or a Call-ID") String which) {
        return ladders.ladder(which);
    }

    @Descriptor("usage: ta:ladder [last|all|CALLID] [--svg FILE] [--with [NAME=]TRACEFILE]... [--as NAME] [--name ADDRESS=NAME]... [--unicode]")
    public String ladder(@Descriptor("[last|all|CALLID] [--svg FILE] [--with [NAME=]TRACEFILE]... [--as NAME] [--name ADDRESS=NAME]... [--unicode]") String... args) {
        return ladders.ladder(args);
    }

    static final String GET_USAGE = "usage: ta:get VAR | ta:get --reveal VAR   e.g. ta:get Mipt.DefaultSecurityRtpMode (a password or key"
            + " is masked; --reveal shows it in clear; ta:profile lists the variables set)";

    @Descriptor("usage: ta:get [--reveal] VAR: the value of a profile variable, a password or key masked unless --reveal")
    public String get() {
        return GET_USAGE;
    }

    @Descriptor("the value of a profile variable, a password or key masked (quote table cells: 'SipEp.Gateway[gw].SecurePort')")
    public String get(@Descriptor("the variable, e.g. Mipt.DefaultSecurityRtpMode") String variable) {
        if (variable.startsWith("-")) {
            return GET_USAGE;
        }
        return show(variable, false);
    }

    @Descriptor("ta:get --reveal VAR: the value in clear, a password or key too (an explicit choice of the operator)")
    public String get(@Descriptor("--reveal") String option, @Descriptor("the variable") String variable) {
        if (!"--reveal".equals(option)) {
            return "unknown option " + option + "\n" + GET_USAGE;
        }
        return show(variable, true);
    }

    private String show(String variable, boolean reveal) {
        try {
            return provisioning.unit().show(variable, reveal);
        } catch (IllegalArgumentException e) {
            return "ta:get " + variable + ": " + e.getMessage() + " (ta:profile all lists the variables)";
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addKeyManagement(KeyManagement method) {
        keyManagements.add(method.name());
    }

    void removeKeyManagement(KeyManagement method) {
        keyManagements.remove(method.name());
    }

    @Descriptor("usage: ta:set VAR VALUE: changes a profile variable, saves the profile, applies it or says which service needs ta:restart")
    public String set() {
        return "usage: ta:set VAR VALUE   e.g. ta:set 'SipEp.TransportConfig[gw].TlsEnable' Enable";
    }

    @Descriptor("usage: ta:set VAR VALUE")
    public String set(@Descriptor("the variable") String variable) {
        return "usage: ta:set VAR VALUE (the value of " + variable + " is missing)";
    }

    @Descriptor("changes a profile variable, saves the profile, and applies it or says which service needs ta:restart")
    public String set(@Descriptor("the variable, e.g. Mipt.DefaultSecurityRtpMode") String variable, @Descriptor("its new value") String value) throws IOException {
        if (isKeyManagement(variable) && !keyManagements.contains(value.strip())) {
            // Any name is valid in a profile (a bundle may add a method); setting one, it must be there now.
            return "refused: ta:set: " + variable + ": '" + value.strip() + "' is not a registered key management (registered: "
                    + String.join(", ", keyManagements.stream().sorted().toList()) + ")";
        }
        UnitProfile.Change change;
        try {
            change = provisioning.unit().set(variable, value, "ta:set");
        } catch (ProfileException e) {
            return "refused: " + e.getMessage();
        }
        provisioning.announceChange(change);
        return setAnswer(change);
    }

    /** Mipt.DefaultSecurityKeyManagement, or a Mipt.EpSpecificSecurity row's KeyManagement. */
    private static boolean isKeyManagement(String variable) {
        return variable.equals("Mipt.DefaultSecurityKeyManagement")
                || variable.startsWith("Mipt.EpSpecificSecurity") && variable.endsWith(".KeyManagement");
    }

    /** What ta:set says: applied, unchanged, or saved with the services that need a restart. */
    static String setAnswer(UnitProfile.Change change) {
        if (change.applied()) {
            return change.address() + " applied";
        }
        if (change.pendingServices().isEmpty()) {
            // Nothing changed (the value was already set): no service waits for a restart.
            return change.address() + " unchanged";
        }
        return change.address() + " saved; restart required for " + String.join(", ", change.pendingServices()) + " (ta:restart)";
    }

    @Descriptor("the profile as saved: the variables set (ta:profile all: every variable with its default)")
    public String profile() {
        return ProfileWriter.display(provisioning.unit().configured());
    }

    @Descriptor("ta:profile all: every variable of the schema, with its value or default")
    public String profile(@Descriptor("all") String which) {
        if (!"all".equals(which)) {
            return "usage: ta:profile [all]";
        }
        return ProfileWriter.displayAll(provisioning.unit().configured());
    }

    @Descriptor("restarts the services whose changed variables need it (Scm.RestartRequiredServices); their events follow")
    public String restart() {
        Set<String> restarted = provisioning.unit().restartRequiredServices();
        provisioning.announceRestart(restarted);
        return restarted.isEmpty() ? "nothing to restart" : "restarted " + String.join(", ", restarted);
    }

    /**
     * {@code ta:cert list|add-other FILE|add-host [--unsecured-transfer] [--usage U] [--key KEY] FILE
     * [PASSWORD]|delete ID}: Cert.HostCertificatesInfo and Cert.OthersCertificatesInfo, see
     * {@link CertificateCommands}.
     */
    @Descriptor("usage of ta:cert list|add-other FILE|add-host [--unsecured-transfer] [--usage U] [--key KEY] FILE [PASSWORD]|delete ID")
    public String cert() {
        return CertificateCommands.USAGE;
    }

    @Descriptor("the unit's certificates: ta:cert list|add-other FILE|add-host [--unsecured-transfer] [--usage U] [--key KEY] FILE [PASSWORD]|delete ID")
    public String cert(@Descriptor("list, add-other, add-host or delete") String action, @Descriptor("the action's arguments") String... args) {
        return new CertificateCommands(management, Path.of("").toAbsolutePath()).run(action, args);
    }

    @Descriptor("the latest event of each subject (transport, TLS links, registrations, clock, calls ...), and what waits for ta:restart")
    public String status() {
        StringBuilder s = new StringBuilder();
        Set<String> pending = provisioning.unit().pendingServices();
        if (!pending.isEmpty()) {
            s.append("restart required: ").append(String.join(", ", pending)).append('\n');
        }
        s.append(board.status().stream().map(UnitEvent::toLine).collect(Collectors.joining("\n")));
        return s.toString();
    }
}
