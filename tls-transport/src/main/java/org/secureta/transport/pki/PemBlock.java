package org.secureta.transport.pki;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One "-----BEGIN label-----" ... "-----END label-----" block of a PEM file (RFC 7468), with the
 * line it starts on so errors can point at it. Text outside blocks is ignored, as RFC 7468
 * section 2 allows ("explanatory text").
 */
record PemBlock(String label, boolean encryptedLegacyKey, byte[] der, int line) {

    private static final Pattern BEGIN = Pattern.compile("^-----BEGIN ([^-]+)-----\\s*$");
    private static final Pattern END = Pattern.compile("^-----END ([^-]+)-----\\s*$");

    static boolean looksLikePem(String text) {
        return text.contains("-----BEGIN ");
    }

    static List<PemBlock> parse(String text, String source) throws PkiException {
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        String label = null;
        int startLine = 0;
        boolean encrypted = false;
        StringBuilder base64 = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (label == null) {
                Matcher begin = BEGIN.matcher(line);
                if (begin.matches()) {
                    label = begin.group(1);
                    startLine = i + 1;
                    encrypted = false;
                    base64.setLength(0);
                }
                continue;
            }
            Matcher end = END.matcher(line);
            if (end.matches()) {
                if (!end.group(1).equals(label)) {
                    throw new PkiException(source, PkiException.Problem.CORRUPT,
                            "PEM block \"" + label + "\" begun on line " + startLine + " ends with \"END " + end.group(1) + "\" on line " + (i + 1));
                }
                blocks.add(new PemBlock(label, encrypted, decode(base64, label, startLine, source), startLine));
                label = null;
                continue;
            }
            if (BEGIN.matcher(line).matches()) {
                throw truncated(source, label, startLine);
            }
            if (line.indexOf(':') > 0 && base64.length() == 0) {
                // RFC 1421 encapsulated headers of legacy OpenSSL keys, e.g. "Proc-Type: 4,ENCRYPTED".
                encrypted |= line.startsWith("Proc-Type:") && line.contains("ENCRYPTED");
                continue;
            }
            base64.append(line);
        }
        if (label != null) {
            throw truncated(source, label, startLine);
        }
        return blocks;
    }

    private static byte[] decode(StringBuilder base64, String label, int line, String source) throws PkiException {
        try {
            byte[] der = Base64.getDecoder().decode(base64.toString());
            if (der.length == 0) {
                throw new PkiException(source, PkiException.Problem.CORRUPT, "PEM block \"" + label + "\" on line " + line + " is empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new PkiException(source, PkiException.Problem.CORRUPT,
                    "PEM block \"" + label + "\" on line " + line + " is not valid Base64 (" + e.getMessage() + ")");
        }
    }

    private static PkiException truncated(String source, String label, int line) {
        return new PkiException(source, PkiException.Problem.TRUNCATED_PEM,
                "PEM block \"" + label + "\" begun on line " + line + " has no END line: the file is truncated");
    }
}
