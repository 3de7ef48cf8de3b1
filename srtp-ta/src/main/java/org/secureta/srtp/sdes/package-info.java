/**
 * SDES key management (RFC 4568), private to the bundle: the call agent finds it as the
 * {@link org.secureta.srtp.keymgmt.KeyManagement} service named {@code Sdes}.
 *
 * <p>Choices, and why:
 * <ul>
 * <li>Our own strict parser ({@link org.secureta.srtp.sdes.CryptoAttribute#parse}), not sdes4j,
 *     which accepts wrong key lengths and a trailing ';'. The key||salt of AES_CM_128 suites is
 *     exactly 40 base64 characters (30 bytes); tags are {@code 1*9DIGIT} (0 included, as the
 *     grammar of RFC 4568 9.1 allows); lifetimes go up to 2^48 (RFC 3711 8.2); MKIs are 1..128
 *     bytes and any value that fits (0 included: {@code mki-value = 1*DIGIT}).</li>
 * <li>A malformed {@code a=crypto} refuses the whole offer; a well-formed one the unit cannot use
 *     is skipped, and the first acceptable one is answered (RFC 4568 6.1). Not usable: suites other
 *     than AES_CM_128_HMAC_SHA1_80/32 (F8 is broken in the SRTP engine), several keys (the engine
 *     keeps one master key per direction, no MKI switching), KDR other than 0 (no key
 *     re-derivation), mandatory session parameters it does not know, and UNENCRYPTED_SRTP,
 *     UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP, which would weaken SRTP: they are refused with a
 *     message naming them, never dropped.</li>
 * <li>Keys travel in clear inside the SDP: without TLS signalling every step is refused
 *     (RFC 4568 8.3).</li>
 * <li>Mipt.SessionUpdateCryptoMode: the SPI methods regenerate keys; Keep is a method argument of
 *     {@link org.secureta.srtp.sdes.SdesKeyingSession#reoffer} and
 *     {@link org.secureta.srtp.sdes.SdesKeyingSession#answer(org.secureta.srtp.keymgmt.SdpKeying, org.secureta.srtp.CryptoUpdateMode)}.</li>
 * <li>Mipt.DefaultSecurityRtpEncryption (Null) does not apply to SDES, as on the unit.</li>
 * </ul>
 */
package org.secureta.srtp.sdes;
