package org.secureta.provisioning.internal;

import java.io.IOException;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.secureta.provisioning.certs.CertificateEntry;
import org.secureta.provisioning.ladder.MessageTrace;
import org.secureta.provisioning.ladder.internal.LadderCommands;
import org.secureta.provisioning.profile.ProfileException;
import org.secureta.provisioning.profile.ProfileWriter;
import org.secureta.transport.UnitEvent;

/**
 * The unit's Gogo commands: {@code ta:get VAR}, {@code ta:set VAR VALUE}, {@code ta:profile
 * [all]}, {@code ta:restart} (Scm.RestartRequiredServices), {@code ta:status}. Quote table
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
    private final UnitStatusBoard board;
    private final LadderCommands ladders;

    @Activate
    public TaCommands(@Reference ProvisioningComponent provisioning, @Reference UnitStatusBoard board, @Reference MessageTrace trace) {
        this.provisioning = provisioning;
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

    public String get(String variable) {
        return variable + "=" + provisioning.unit().get(variable);
    }

    public String set(String variable, String value) throws IOException {
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

    /** {@code ta:cert list}: Cert.HostCertificatesInfo and Cert.OthersCertificatesInfo. */
    public String cert(String action) {
        if (!"list".equals(action)) {
            return "usage: ta:cert list";
        }
        StringBuilder s = new StringBuilder(String.format("%-8s %-22s %-28s %-28s %-20s %-20s %s%n",
                "Category", "Id", "IssuedTo", "IssuedBy", "ValidFrom", "ValidTo", "Usage"));
        for (CertificateEntry e : provisioning.certificates().list()) {
            s.append(String.format("%-8s %-22s %-28s %-28s %-20s %-20s %s%n", e.category(), e.id(), e.issuedTo(), e.issuedBy(),
                    e.validFrom(), e.validTo(), e.usage().isEmpty() ? "-" : e.usage().stream().map(Enum::name).sorted()
                            .collect(Collectors.joining(","))));
        }
        return s.toString();
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
