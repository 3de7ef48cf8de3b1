package org.secureta.launcher;

/** How the demo's topology line names the media engine: nothing for the default (Native). */
final class MediaNote {

    private MediaNote() {
    }

    static String of(String mediaEngine) {
        return mediaEngine.equals("Native") ? "" : "; media on " + mediaEngine + " (SecureTA.MediaEngine=" + mediaEngine + ")";
    }
}
