/**
 * The key-management SPI. Each method of keying SRTP (SDES, MIKEY, or one a custom bundle adds)
 * is an OSGi service implementing {@link org.secureta.srtp.keymgmt.KeyManagement}, found by its
 * name; the call agent knows none of them by name, as baresip's media-encryption modules.
 */
@Export
@Version("1.3.0")
package org.secureta.srtp.keymgmt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
