/**
 * The SIP message ladder: what the unit sent and received, drawn as endpoints (columns) and
 * messages (arrows in order) with the transport and the security verdict of each hop, in the
 * terminal ({@link org.secureta.provisioning.ladder.TextLadder}) and as SVG
 * ({@link org.secureta.provisioning.ladder.SvgLadder}). Messages come from the transport's
 * {@link org.secureta.transport.SipMessageListener} whiteboard, or from trace lines
 * ({@link org.secureta.provisioning.ladder.TraceFormat}) of another unit. No key material is ever
 * kept: {@link org.secureta.provisioning.ladder.TracedMessage} redacts SDP keys when it is made.
 */
@Export
@Version("1.1.0")
package org.secureta.provisioning.ladder;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
