package org.secureta.provisioning.ladder;

/**
 * A column of a ladder: an address ({@code ip:port}) that sent or received a message, or a named
 * party (a unit, a proxy) whose addresses share one column.
 *
 * @param address the (first) address of the column
 * @param unit the address is the unit's own (a trace reported it as the local end)
 * @param name the party's name ({@code ta-a}, {@code Kamailio}); empty when only the address is known
 */
public record Endpoint(String address, boolean unit, String name) {

    public Endpoint {
        java.util.Objects.requireNonNull(address, "address");
        java.util.Objects.requireNonNull(name, "name");
    }

    /** An endpoint known by its address only. */
    public Endpoint(String address, boolean unit) {
        this(address, unit, "");
    }

    /** The column's heading: the name when known, else the address. */
    public String label() {
        if (!name.isEmpty()) {
            return name;
        }
        return unit ? "unit (" + address + ")" : address;
    }
}
