package org.secureta.provisioning.ladder;

/**
 * A column of a ladder: an address ({@code ip:port}) that sent or received a message.
 *
 * @param unit the address is the unit's own (a trace reported it as the local end)
 */
public record Endpoint(String address, boolean unit) {

    public String label() {
        return unit ? "unit (" + address + ")" : address;
    }
}
