/**
 * The unit's PKI toolbox: building test and lab certificates ({@link org.secureta.transport.pki.CertificateKit}),
 * reading and writing certificate and key files ({@link org.secureta.transport.pki.PemFiles}), and the
 * server-certificate checks of SipEp.InteropTlsCertificateValidation
 * ({@link org.secureta.transport.pki.CertificateChecker}, {@link org.secureta.transport.pki.UnitTrustManager}):
 * RFC 5280 path validation on the JDK's PKIX validator plus the profile, key-strength, revocation and
 * RFC 6125 name rules it leaves out. 1.1.0: CRLs for the checker, more reason codes,
 * {@link org.secureta.transport.pki.SocketServerIdentity}.
 * Used by the TLS transport, by provisioning's certificate store and by the proxy-configuration generator.
 * Public signatures use only JDK types, so users need not see Bouncy Castle.
 */
@Export
@Version("1.1.0")
package org.secureta.transport.pki;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
