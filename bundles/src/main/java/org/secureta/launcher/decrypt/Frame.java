package org.secureta.launcher.decrypt;

/**
 * One captured packet as the capture holds it.
 *
 * @param interfaceId the pcapng interface (0 for pcap)
 * @param linkType its link-layer header type (LINKTYPE_* of the tcpdump.org registry)
 * @param timestampNanos capture time, nanoseconds since 1970
 * @param originalLength the packet's length on the wire; more than {@code data.length} when the
 *     capture's snapshot length cut it
 */
record Frame(int interfaceId, int linkType, long timestampNanos, int originalLength, byte[] data) {

    boolean complete() {
        return originalLength <= data.length;
    }
}
