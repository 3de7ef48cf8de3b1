/** The secure call agent: its typed configuration and its public types. */
@Export
@Version("1.1.0")
package org.secureta.srtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
