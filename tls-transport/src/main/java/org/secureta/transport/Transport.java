package org.secureta.transport;

/** The one signalling transport of the unit (SipEp.TransportConfig, first row governs). */
public enum Transport {
    UDP, TCP, TLS
}
