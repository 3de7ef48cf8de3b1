package org.secureta.provisioning.certs;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.secureta.transport.UnitEvent;

/**
 * Changes to the certificate store as the unit announces them: the web page, the JSON API and
 * {@code ta:cert} all go through here, so an upload passes the same checks, gives the same
 * message and posts the same event line whichever way it came.
 *
 * <p>Events: {@code CERT id=ID state=Loaded} per certificate added, {@code CERT id=ID
 * state=Deleted}, and {@code ERROR source=certificates state=Rejected} for a refused file
 * (docs/events.md). None carries key material.
 */
public final class CertificateChanges {

    public static final String KIND = "CERT";

    private final CertificateStore store;
    private final Consumer<UnitEvent> events;

    public CertificateChanges(CertificateStore store, Consumer<UnitEvent> events) {
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Checks and stores an upload; a refused one changes nothing and is reported as an ERROR event.
     *
     * @return the certificates added (several for an Other chain file)
     */
    public List<CertificateEntry> upload(CertificateUpload upload) throws CertificateRejectedException {
        try {
            List<CertificateEntry> added = switch (upload.category()) {
                case Other -> store.addOther(upload.content(), upload.fileName());
                case Host -> List.of(upload.key() == null
                        ? store.addHost(upload.content(), upload.fileName(), upload.password(), upload.usage(), upload.unsecuredTransfer())
                        : store.addHost(upload.content(), upload.fileName(), upload.key(), upload.keyFileName(), upload.usage(),
                                upload.unsecuredTransfer()));
            };
            for (CertificateEntry e : added) {
                events.accept(UnitEvent.of(KIND, "id", e.id(), "state", "Loaded", "category", e.category().name(),
                        "issuedTo", e.issuedTo(), "validTo", e.validTo().toString(), "file", e.fileName()));
                for (String problem : warnings(List.of(e))) {
                    events.accept(UnitEvent.of(UnitEvent.ERROR, "source", "certificates", "state", "Warning", "id", e.id(),
                            "file", e.fileName(), "message", problem));
                }
            }
            return added;
        } catch (CertificateRejectedException e) {
            events.accept(UnitEvent.of(UnitEvent.ERROR, "source", "certificates", "state", "Rejected", "file", e.fileName(),
                    "reason", e.reason().name(), "message", e.getMessage()));
            throw e;
        } finally {
            if (upload.password() != null) {
                Arrays.fill(upload.password(), '\0');
            }
        }
    }

    /**
     * Removes a certificate (a Host certificate with its key).
     *
     * @return what was removed, empty if no certificate has that id
     */
    public Optional<CertificateEntry> delete(String id) throws IOException {
        Optional<CertificateEntry> entry = store.list().stream().filter(e -> e.id().equals(id)).findFirst();
        if (entry.isEmpty() || !store.delete(id)) {
            return Optional.empty();
        }
        CertificateEntry e = entry.get();
        events.accept(UnitEvent.of(KIND, "id", e.id(), "state", "Deleted", "category", e.category().name(), "issuedTo", e.issuedTo()));
        return entry;
    }

    /**
     * Why trusted CAs among {@code added} will not validate peers (see {@link WeakCertificate});
     * empty for Host certificates and strong CAs.
     */
    public List<String> warnings(List<CertificateEntry> added) {
        List<String> warnings = new java.util.ArrayList<>();
        for (CertificateEntry e : added) {
            if (e.category() == CertificateCategory.Other) {
                store.otherCertificate(e.id()).ifPresent(c -> warnings.addAll(WeakCertificate.problems(e.issuedTo(), c)));
            }
        }
        return List.copyOf(warnings);
    }

    /** The answer to an accepted upload, as the page shows it: the unit uses it after a restart. */
    public static String uploadedMessage(CertificateCategory category, List<CertificateEntry> added) {
        return "Uploaded " + added.size() + " " + category + " certificate(s): "
                + String.join(", ", added.stream().map(CertificateEntry::issuedTo).toList())
                + ". Restart required services to use it.";
    }

    /** The answer to a deletion. */
    public static String deletedMessage(CertificateEntry deleted) {
        return "Deleted " + deleted.category() + " certificate " + deleted.issuedTo() + " (" + deleted.id()
                + "). Restart required services to stop using it.";
    }
}
