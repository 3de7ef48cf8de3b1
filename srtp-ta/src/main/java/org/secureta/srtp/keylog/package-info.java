/**
 * The unit's SRTP key log (SecureTA.SrtpKeyLogEnable): the line format and the owner-only file it
 * is appended to, read back by {@code ta decrypt --srtp-keys}. Private to srtp-ta (not exported):
 * the launcher loads the bundle jar directly.
 */
package org.secureta.srtp.keylog;
