package org.secureta.srtp.mikey;

/** A MIKEY payload following the common header (RFC 3830 section 6). */
sealed interface Payload permits Timestamp, Rand, SrtpPolicy, Kemac, Verification, GeneralExtension {

    PayloadType type();
}
