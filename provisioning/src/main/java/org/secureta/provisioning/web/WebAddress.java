package org.secureta.provisioning.web;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.secureta.transport.TransportConfiguration;

/**
 * The address the web pages listen on: the unit's own, the one its SIP transport binds
 * (TransportConfiguration.localAddress, else the host's address, as the transport does), so the
 * management plane is not offered on every interface. A host whose name resolves to a loopback
 * address (Debian's 127.0.1.1) serves on 127.0.0.1, the loopback address the {@code ta certs}
 * Host certificate names.
 */
record WebAddress(InetAddress address) {

    static WebAddress of(ConfigurationAdmin admin) {
        String configured = transportLocalAddress(admin);
        try {
            InetAddress address = configured.isBlank() ? InetAddress.getLocalHost() : InetAddress.getByName(configured.strip());
            return new WebAddress(address.isLoopbackAddress() && !(address instanceof Inet6Address)
                    ? InetAddress.getByAddress(new byte[] {127, 0, 0, 1}) : address);
        } catch (UnknownHostException e) {
            return new WebAddress(InetAddress.getLoopbackAddress());
        }
    }

    /** The address as Felix's org.apache.felix.http.host takes it. */
    String host() {
        return address.getHostAddress();
    }

    /** {@code https://ADDRESS:PORT/}, an IPv6 address in brackets (RFC 3986 section 3.2.2). */
    String url(int port) {
        String host = address instanceof Inet6Address ? "[" + host() + "]" : host();
        return "https://" + host + ":" + port + "/";
    }

    private static String transportLocalAddress(ConfigurationAdmin admin) {
        try {
            Configuration[] found = admin.listConfigurations("(service.pid=" + TransportConfiguration.PID + ")");
            if (found != null && found.length > 0 && found[0].getProperties() != null) {
                Object address = found[0].getProperties().get("localAddress");
                return address == null ? "" : address.toString();
            }
        } catch (IOException | InvalidSyntaxException e) {
            // nothing to read: the host's address, as the transport would use
        }
        return "";
    }
}
