package org.secureta.transport;

/**
 * SipEp.TransportTlsCipherSuite. CS1: RSA key exchange with AES-CBC; CS2: adds DHE-RSA;
 * CS3: ECDHE/DHE with GCM and SHA-256/384.
 */
public enum CipherSuiteGroup {
    CS1, CS2, CS3
}
