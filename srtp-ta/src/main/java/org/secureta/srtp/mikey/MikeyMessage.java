package org.secureta.srtp.mikey;

import java.util.List;
import java.util.Optional;

/** A MIKEY message: the common header and its payloads, in wire order. */
record MikeyMessage(CommonHeader header, List<Payload> payloads) {

    MikeyMessage {
        payloads = List.copyOf(payloads);
    }

    Optional<Timestamp> timestamp() {
        return first(Timestamp.class);
    }

    Optional<Rand> rand() {
        return first(Rand.class);
    }

    Optional<Kemac> kemac() {
        return first(Kemac.class);
    }

    Optional<Verification> verification() {
        return first(Verification.class);
    }

    List<SrtpPolicy> policies() {
        return payloads.stream().filter(SrtpPolicy.class::isInstance).map(SrtpPolicy.class::cast).toList();
    }

    /** The policy of a crypto session: its SP payload, or the RFC 3830 6.10.1 defaults when none was sent. */
    SrtpPolicy policyOf(CryptoSession cs) {
        return policies().stream().filter(p -> p.policyNo() == cs.policyNo()).findFirst()
                .orElseGet(() -> SrtpPolicy.defaults(cs.policyNo()));
    }

    private <T extends Payload> Optional<T> first(Class<T> type) {
        return payloads.stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
