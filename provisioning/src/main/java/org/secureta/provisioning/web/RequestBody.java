package org.secureta.provisioning.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads a request's form or multipart body once, within the limits of the web management, so
 * that what the servlet container throws on a hostile body (an oversized form, a file over the
 * multipart limit, a broken part) becomes a clear 400 or 413 instead of a 500 with a stack trace.
 * After {@link #read} the container has the parameters and parts cached.
 */
final class RequestBody {

    /** An url-encoded form (login, settings pages): the largest settings page is a few KiB. */
    static final int MAX_FORM = 64 * 1024;
    /** One file of an upload (a certificate, a key, a profile). */
    static final int MAX_FILE = 1 << 20;
    /** A whole multipart request: a certificate and a key file, and the form fields. */
    static final long MAX_MULTIPART = 2L * MAX_FILE + MAX_FORM;

    private RequestBody() {
    }

    /** Refuses a body whose announced length is over the limit, without reading it. */
    static void checkLength(HttpServletRequest req) throws BadRequest {
        long length = req.getContentLengthLong();
        if (length <= 0) {
            return;
        }
        String type = type(req);
        if (type.startsWith("multipart/form-data") && length > MAX_MULTIPART) {
            throw fileTooLarge();
        }
        if (type.startsWith("application/x-www-form-urlencoded") && length > MAX_FORM) {
            throw new BadRequest(413, "the form is too large (" + length + " bytes): a form is at most " + MAX_FORM + " bytes");
        }
    }

    /** Parses a form or multipart body (nothing for other bodies) and checks its file names. */
    static void read(HttpServletRequest req) throws BadRequest {
        checkLength(req);
        String type = type(req);
        try {
            if (type.startsWith("multipart/form-data")) {
                for (Part part : req.getParts()) {
                    checkFileName(part.getSubmittedFileName());
                }
                req.getParameterMap();
            } else if (type.startsWith("application/x-www-form-urlencoded")) {
                req.getParameterMap();
            }
        } catch (IOException | ServletException | RuntimeException e) {
            // Jetty wraps what its parsers refuse (a form over maxFormContentSize, a part over
            // maxFileSize, an illegal character in a part header) in an IllegalStateException.
            String why = deepestMessage(e);
            if (why.matches("(?is).*\\b(exceeds?|max\\w*|larger|too large)\\b.*")) {
                throw type.startsWith("multipart/") ? fileTooLarge()
                        : new BadRequest(413, "the form is too large: a form is at most " + MAX_FORM + " bytes");
            }
            if (why.matches("(?is).*(illegal character|CNTL).*")) {
                throw new BadRequest(400, "the request contains a control character (" + why + "): a file name or field must not"
                        + " contain control characters; rename the file and upload it again");
            }
            throw new BadRequest(400, "the request body could not be read as " + (type.isEmpty() ? "a form" : type.split(";")[0])
                    + ": " + why);
        }
    }

    /** The innermost message of a failure, made safe for a page: no class names, one printable line, short. */
    private static String deepestMessage(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return "malformed body";
        }
        String clean = message.replaceAll("([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error)\\b:?", "")
                .replaceAll("\\p{Cntrl}+", " ").replaceFirst("^\\s*\\d{3}:\\s*", "").strip();
        if (clean.isEmpty()) {
            return "malformed body";
        }
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    static BadRequest fileTooLarge() {
        return new BadRequest(413, "the upload is too large: a file is at most 1 MiB (" + MAX_FILE + " bytes)"
                + " and an upload at most " + MAX_MULTIPART + " bytes in all; a certificate or key file is a few KiB");
    }

    /**
     * A file name with a control character (NUL, line breaks, ...) is never a real file's name:
     * it would cut or forge paths, event lines and the page.
     */
    static void checkFileName(String name) throws BadRequest {
        if (name == null) {
            return;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                throw new BadRequest(400, "the file name contains a control character (U+" + String.format("%04X", (int) c)
                        + " at position " + (i + 1) + "): rename the file and upload it again");
            }
        }
    }

    private static String type(HttpServletRequest req) {
        String type = req.getContentType();
        return type == null ? "" : type.toLowerCase(Locale.ROOT).strip();
    }

}
