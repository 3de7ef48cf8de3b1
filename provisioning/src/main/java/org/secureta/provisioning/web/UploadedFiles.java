package org.secureta.provisioning.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.secureta.provisioning.certs.CertificateCategory;
import org.secureta.provisioning.certs.CertificateUpload;
import org.secureta.provisioning.certs.HostUsage;

/** Files uploaded in a multipart/form-data request: the certificate form (page and API) and a profile import. */
final class UploadedFiles {

    private UploadedFiles() {
    }

    /**
     * The upload form's fields, from the page or the API (multipart/form-data, the same names):
     * {@code category} (Other, Host), {@code file}, and for Host {@code key} (a separate key
     * file), {@code p12password}, {@code usage} (TlsClient, TlsServer; repeated or comma
     * separated) and {@code unsecured} (the "Activate unsecured certificate transfer" box).
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    static CertificateUpload certificate(HttpServletRequest req) throws IOException, ServletException, BadRequest {
        CertificateCategory category = CertificateUpload.category(req.getParameter("category"));
        Part file = req.getPart("file");
        if (file == null || file.getSize() == 0) {
            throw new IllegalArgumentException("Choose a certificate file to upload.");
        }
        requireSize(file);
        if (category == CertificateCategory.Other) {
            return CertificateUpload.other(fileName(file), bytes(file));
        }
        Set<HostUsage> usage = CertificateUpload.usage(req.getParameterValues("usage"));
        Part key = req.getPart("key");
        boolean separateKey = key != null && key.getSize() > 0;
        if (separateKey) {
            requireSize(key);
        }
        String p12 = req.getParameter("p12password");
        return new CertificateUpload(category, fileName(file), bytes(file), separateKey ? fileName(key) : null,
                separateKey ? bytes(key) : null, p12 == null || p12.isEmpty() ? null : p12.toCharArray(), usage,
                req.getParameter("unsecured") != null && !"false".equals(req.getParameter("unsecured")));
    }

    static void requireSize(Part part) throws BadRequest {
        if (part.getSize() > ManagementServlet.MAX_UPLOAD) {
            throw RequestBody.fileTooLarge();
        }
    }

    static byte[] bytes(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(ManagementServlet.MAX_UPLOAD + 1);
        }
    }

    static String fileName(Part part) {
        String name = part.getSubmittedFileName();
        if (name == null || name.isBlank()) {
            return "upload";
        }
        // Browsers may send a path; only the base name means anything here.
        return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    }
}
