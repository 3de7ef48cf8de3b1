package org.secureta.srtp.sdp;

/** {@code c=<nettype> <addrtype> <connection-address>} (RFC 4566 5.7). */
public record Connection(String networkType, String addressType, String address) {

    public Connection {
        SdpSyntax.networkType("c= nettype", networkType);
        SdpSyntax.addressType("c= addrtype", addressType);
        SdpSyntax.address("c= connection-address", addressType, address, true);
    }

    /** An IN connection whose address type follows the address (IP6 when it holds a ':'). */
    public static Connection of(String address) {
        return new Connection("IN", address.indexOf(':') >= 0 ? "IP6" : "IP4", address);
    }

    String text() {
        return networkType + " " + addressType + " " + address;
    }
}
