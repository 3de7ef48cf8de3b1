package org.secureta.provisioning.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

    public String trace() {
        return ladders.trace();
    }

    public String trace(String callId) {
        return ladders.trace(callId);
    }

    public String trace(String... args) {
        return ladders.trace(args);
    }

    public String ladder() {
        return ladders.ladder();
    }

    public String ladder(String which) {
        return ladders.ladder(which);
    }

    public String ladder(String... args) {
        return ladders.ladder(args);
    }

    static final String GET_USAGE = "usage: ta:get [--reveal] VARIABLE   (--reveal shows a password or key in clear)";

    /** {@code ta:get VAR}: the configured value, a secret masked. */
    public String get(String variable) {
        if (variable.startsWith("-")) {
            return GET_USAGE;
        }
        return provisioning.unit().show(variable, false);
    }

    /** {@code ta:get --reveal VAR}: the value in clear, secrets too (an explicit choice of the operator). */
    public String get(String option, String variable) {
        if (!"--reveal".equals(option)) {
            return "unknown option " + option + "\n" + GET_USAGE;
        }
        return provisioning.unit().show(variable, true);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addKeyManagement(KeyManagement method) {
        keyManagements.add(method.name());
    }

    void removeKeyManagement(KeyManagement method) {
        keyManagements.remove(method.name());
    }

    public String set(String variable, String value) throws IOException {
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
        return change.applied()
                ? change.address() + " applied"
                : change.address() + " saved; restart required for " + String.join(", ", change.pendingServices())
                        + " (ta:restart)";
    }

    /** Mipt.DefaultSecurityKeyManagement, or a Mipt.EpSpecificSecurity row's KeyManagement. */
    private static boolean isKeyManagement(String variable) {
        return variable.equals("Mipt.DefaultSecurityKeyManagement")
                || variable.startsWith("Mipt.EpSpecificSecurity") && variable.endsWith(".KeyManagement");
    }

    public String profile() {
        return ProfileWriter.display(provisioning.unit().configured());
    }

    public String profile(String which) {
        if (!"all".equals(which)) {
            return "usage: ta:profile [all]";
        }
        return ProfileWriter.displayAll(provisioning.unit().configured());
    }

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
    public String cert() {
        return CertificateCommands.USAGE;
    }

    public String cert(String action, String... args) {
        return new CertificateCommands(management, Path.of("").toAbsolutePath()).run(action, args);
    }

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
