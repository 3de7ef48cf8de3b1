/**
 * Proxy configuration from a unit's profile: {@link org.secureta.opensips.Cli#opensipsConfig}
 * writes an OpenSIPS 1.x/3.x or Kamailio 5.x TLS registrar and proxy configuration,
 * {@link org.secureta.opensips.Cli#certs} a certificate kit (CA, proxy certificate, units' Host
 * certificates). Plain static methods, callable from the launcher outside OSGi; the bundle also
 * offers them as the Gogo commands {@code ta:opensipsconfig} and {@code ta:certs}.
 */
@Export
@Version("1.0.0")
package org.secureta.opensips;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
