package org.secureta.srtp;

/**
 * Which media engine carries a call's RTP and RTCP (extension SecureTA.MediaEngine): the unit's own
 * ({@code Native}, the default), or a libjitsi {@code MediaStream} keyed by the unit's keying
 * ({@code Libjitsi}, from the bundle org.secureta.libjitsi-keying). Both keep the same call counters,
 * tone detection, key lifetimes and T.38 policy; see docs/libjitsi.md.
 */
public enum MediaEngineName {
    Native,
    Libjitsi
}
