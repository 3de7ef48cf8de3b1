package org.secureta.provisioning.profile;

/**
 * One thing wrong in a profile.
 *
 * @param source file name, or what the value came from ({@code ta:set}, web form)
 * @param line line number in the file, 0 when not from a file
 * @param variable the variable as written, or empty
 * @param message what is wrong
 * @param allowed the allowed values, or empty
 */
public record ProfileError(String source, int line, String variable, String message, String allowed) {

    /** {@code demo.profile:12: SipEp.TransportTlsVersion: 'TLSv3' is not allowed (allowed: SSLv3, TLSv1, ...)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(source);
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (!variable.isEmpty()) {
            s.append(variable).append(": ");
        }
        s.append(message);
        if (!allowed.isEmpty()) {
            s.append(" (allowed: ").append(allowed).append(')');
        }
        return s.toString();
    }
}
