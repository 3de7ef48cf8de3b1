/**
 * The device profile: the unit's configuration variables with their real names, types and
 * defaults ({@link org.secureta.provisioning.profile.DeviceSchema}), immutable profiles, and the
 * {@code Service.Variable=Value} file format engineers write and diff.
 */
@Export
@Version("1.1.0")
package org.secureta.provisioning.profile;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
