package org.secureta.srtp.media;

/** Where a call's outgoing audio comes from: 8 kHz 16-bit linear samples, one frame at a time. */
public interface AudioSource {

    /** Fills {@code frame} with the next {@code frame.length} samples. */
    void next(short[] frame);
}
