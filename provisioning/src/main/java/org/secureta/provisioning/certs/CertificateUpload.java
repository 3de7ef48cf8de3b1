package org.secureta.provisioning.certs;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One upload on Management > Certificates, whichever way it came (web page, JSON API, Gogo
 * {@code ta:cert}): the same fields and so the same rules everywhere.
 *
 * @param keyFileName        a separate private key file of a Host upload, or null when the key
 *                           is in {@code content} (PEM) or in a PKCS#12 file
 * @param password           PKCS#12 password, or null
 * @param usage              Host only: TlsClient and/or TlsServer
 * @param unsecuredTransfer "Activate unsecured certificate transfer" (guide section 2.3)
 */
public record CertificateUpload(CertificateCategory category, String fileName, byte[] content, String keyFileName, byte[] key,
                                char[] password, Set<HostUsage> usage, boolean unsecuredTransfer) {

    public CertificateUpload {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
        usage = usage == null ? Set.of() : Set.copyOf(usage);
        if ((key == null) != (keyFileName == null)) {
            throw new IllegalArgumentException("a key file needs both its name and its content");
        }
    }

    public static CertificateUpload other(String fileName, byte[] content) {
        return new CertificateUpload(CertificateCategory.Other, fileName, content, null, null, null, Set.of(), false);
    }

    /**
     * Parses the category as the page and the API name it.
     *
     * @throws IllegalArgumentException naming the field and the allowed values
     */
    public static CertificateCategory category(String text) {
        if (text == null || text.isBlank()) {
            return CertificateCategory.Other;
        }
        for (CertificateCategory c : CertificateCategory.values()) {
            if (c.name().toLowerCase(Locale.ROOT).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("category: \"" + text + "\" is not a certificate type (allowed: Other, Host)");
    }

    /**
     * Parses the usage fields of a Host upload: each value may itself be a list
     * ("TlsClient,TlsServer"). Nothing given means nothing chosen, which the store refuses.
     *
     * @throws IllegalArgumentException naming the value that is not a usage
     */
    public static Set<HostUsage> usage(String... values) {
        Set<HostUsage> usage = EnumSet.noneOf(HostUsage.class);
        for (String value : values == null ? new String[0] : values) {
            usage.addAll(HostUsage.parseList(value));
        }
        return usage;
    }

    /** Never shows the content, the key or the password. */
    @Override
    public String toString() {
        return "CertificateUpload[" + category + " " + fileName + (keyFileName == null ? "" : " + " + keyFileName)
                + (category == CertificateCategory.Host ? " usage=" + HostUsage.formatList(usage) : "")
                + (unsecuredTransfer ? " unsecured-transfer" : "") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
