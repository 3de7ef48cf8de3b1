package org.secureta.transport;

/** SipEp.TransportTlsVersion: the minimum accepted version; the unit offers its highest. */
public enum TlsVersion {
    SSLv3("SSLv3"), TLSv1("TLSv1"), TLSv1_1("TLSv1.1"), TLSv1_2("TLSv1.2");

    private final String jsseName;

    TlsVersion(String jsseName) {
        this.jsseName = jsseName;
    }

    /** The protocol name as JSSE spells it. */
    public String jsseName() {
        return jsseName;
    }
}
