package org.secureta.launcher.decrypt;

/** A capture interface: its link type and snapshot length (pcapng IDB, or the pcap file header). */
record CaptureInterface(int linkType, int snapLength) {
}
