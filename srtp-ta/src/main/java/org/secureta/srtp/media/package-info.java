/**
 * The unit's media path: one {@link org.secureta.srtp.media.RtpSession} per call sends 20 ms
 * G.711 frames of a tone (or a WAV file) over UDP, protected by the SRTP engine, and checks what
 * it receives with a Goertzel tone detector, so a call proves that its audio decrypts.
 * Private to the bundle.
 */
package org.secureta.srtp.media;
