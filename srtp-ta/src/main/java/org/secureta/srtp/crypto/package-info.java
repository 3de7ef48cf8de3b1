/**
 * The SRTP and SRTCP engine (RFC 3711) on the JDK's JCE: AES-CM or NULL encryption, HMAC-SHA1
 * authentication, key derivation, rollover counters, replay windows and MKI.
 * <p>
 * Private to the bundle (no {@code @Export}): the media path of this bundle uses it, other bundles
 * only hand over {@link org.secureta.srtp.keymgmt.SrtpKeys} through the key-management SPI. One
 * {@link org.secureta.srtp.crypto.SrtpContext} and one {@link org.secureta.srtp.crypto.SrtcpContext}
 * serve one direction of one media stream and are not thread-safe.
 */
package org.secureta.srtp.crypto;
