package org.secureta.launcher;

import java.util.List;

/**
 * The profile of one demo unit, in the unit's own variables (docs/profile.md): TLS only, its
 * gateway pointing at the peer (another unit's SecurePort, or a proxy), the line not
 * registering, Secure RTP, and its clock synchronised by SNTP from the demo's server.
 *
 * @param unit the unit's name (comment only)
 * @param user the SIP user of its line Port1
 * @param securePort where the unit itself listens for TLS (SipEp.Gateway SecurePort)
 * @param persistentBasePort the local port of its outgoing TLS link
 * @param peer host:port of the TLS server its gateway points at
 * @param sntpServer host:port of the SNTP server (Hoc.StaticSntpServers)
 * @param keyManagement Sdes or Mikey
 * @param mikeyPreSharedKeyHex the MIKEY pre-shared key both units share (a secret: never printed)
 */
record DemoProfile(String unit, String user, int securePort, int persistentBasePort, String peer, String sntpServer,
                   String keyManagement, String mikeyPreSharedKeyHex) {

    static final String GATEWAY = "Peer";
    static final String LINE = "Port1";

    String text() {
        return String.join("\n", List.of(
                "# SecureTA demo unit " + unit + ", written by ta demo: two units back to back over TLS, no proxy in the middle.",
                "",
                "# SIP > Transport: TLS for the whole unit (guide 2.6); the peer's certificate is checked by HostName",
                "SipEp.TransportConfig[" + GATEWAY + "].TlsEnable=Enable",
                "SipEp.TransportConfig[" + GATEWAY + "].UdpEnable=Disable",
                "SipEp.TransportConfig[" + GATEWAY + "].ContactEnable=Enable",
                "SipEp.TransportPersistentBasePort=" + persistentBasePort,
                // The peer may start a moment after us: retry its link soon (the unit's minimum).
                "SipEp.TransportFailbackInterval=5",
                "SipEp.TransportTlsVersion=TLSv1_2",
                "SipEp.TransportTlsCipherSuite=CS3",
                "SipEp.InteropTlsCertificateValidation=HostName",
                "",
                "# SIP > Gateways: we serve TLS on SecurePort (Host certificate); the gateway's server is the peer",
                "SipEp.Gateway[" + GATEWAY + "].Type=Endpoint",
                "SipEp.Gateway[" + GATEWAY + "].SecurePort=" + securePort,
                "SipEp.GwSpecificRegistration[" + GATEWAY + "].ServerHost=" + peer,
                "SipEp.GwSpecificProxy[" + GATEWAY + "].HomeDomainHost=" + peer,
                "",
                "# The line: nothing to register with when units call each other directly",
                "SipEp.UserAgent[" + LINE + "].Username=" + user,
                "SipEp.UserAgent[" + LINE + "].FriendlyName=Demo " + unit,
                "SipEp.UserAgent[" + LINE + "].GatewayName=" + GATEWAY,
                "SipEp.UserAgent[" + LINE + "].Register=Disable",
                "SecureTA.AutoAnswer=Enable",
                "",
                "# Telephony > CODECs: secure RTP only (guide 2.7); media on any free port pair",
                "Mipt.DefaultSecurityRtpMode=Secure",
                "Mipt.DefaultSecurityKeyManagement=" + keyManagement,
                "Mipt.DefaultSecurityRtpEncryption=AesCm128",
                "Mipt.IpTransportSrtpBasePort=0",
                "SecureTA.MikeyPreSharedKey=" + mikeyPreSharedKeyHex,
                "",
                "# Time: NTP is mandatory with the security features (certificate validity dates)",
                "Hoc.SntpConfigSource=Static",
                "Hoc.StaticSntpServers[1].HostName=" + sntpServer,
                ""));
    }

    @Override
    public String toString() {
        return "DemoProfile[" + unit + ", user " + user + ", securePort " + securePort + ", peer " + peer + ", " + keyManagement + "]";
    }
}
