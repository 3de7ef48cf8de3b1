/**
 * SIP transport of the unit: its typed configuration (what provisioning writes into ConfigAdmin)
 * and the service the call agent uses. The management plane depends on this package, never the
 * reverse.
 */
@Export
@Version("1.4.0")
package org.secureta.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
