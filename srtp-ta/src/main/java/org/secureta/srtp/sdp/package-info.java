/**
 * A strict SDP model (RFC 4566) and the offer/answer helpers of the unit (RFC 3264): immutable
 * records, a parser that names the line and field of every error and bounds its work, a writer
 * whose output parses back to an equal value, and the bridge to the key-management SPI
 * ({@link org.secureta.srtp.sdp.SdpKeyings}).
 */
@Export
@Version("1.2.0")
package org.secureta.srtp.sdp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
