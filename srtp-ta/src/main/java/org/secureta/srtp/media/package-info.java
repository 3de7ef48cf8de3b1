/**
 * The media-engine SPI and the parts every engine shares. A call's audio is a
 * {@link org.secureta.srtp.media.MediaSession} opened by the {@link org.secureta.srtp.media.MediaEngine}
 * that SecureTA.MediaEngine names: {@link org.secureta.srtp.media.RtpSession} is the unit's own
 * (Native); another bundle may register one as an OSGi service with the property
 * {@value org.secureta.srtp.media.MediaEngine#NAME_PROPERTY} (the Libjitsi engine of
 * org.secureta.libjitsi-keying does), so that this bundle never depends on it. The shared parts
 * (G.711, the Goertzel {@link org.secureta.srtp.media.ToneDetector}, the tone and WAV sources, the
 * port-pair binding, {@link org.secureta.srtp.media.MediaKeys} and
 * {@link org.secureta.srtp.media.MediaCounters}) make every engine send the same audio and count
 * and detect what it receives the same way.
 */
@Export
@Version("1.1.0")
package org.secureta.srtp.media;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
