package org.secureta.srtp.mikey;

/**
 * Bounds-checked big-endian reading of a MIKEY message. It remembers which payload is being read
 * and where it started, so every error names both ("KEMAC payload at offset 62: ...").
 */
final class PayloadCursor {

    private final byte[] data;
    private final int end;
    /** Added to positions in error messages: key data is decoded from a copy of the KEMAC's bytes. */
    private final int reportedBase;
    private int position;
    private String payload = "HDR";
    private int payloadStart;

    PayloadCursor(byte[] data) {
        this(data, 0);
    }

    PayloadCursor(byte[] data, int reportedBase) {
        this.data = data;
        this.end = data.length;
        this.reportedBase = reportedBase;
    }

    /** Starts reading the payload called {@code name} at the current position. */
    void enter(String name) {
        payload = name;
        payloadStart = position;
    }

    int position() {
        return position;
    }

    int remaining() {
        return end - position;
    }

    /** Offset of the current payload as reported in errors. */
    int payloadOffset() {
        return reportedBase + payloadStart;
    }

    int reportedOffset(int localPosition) {
        return reportedBase + localPosition;
    }

    MikeyException error(String detail) {
        return MikeyException.at(payload, payloadOffset(), detail);
    }

    int u8(String field) throws MikeyException {
        need(field, 1);
        return data[position++] & 0xFF;
    }

    int u16(String field) throws MikeyException {
        need(field, 2);
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    int u32(String field) throws MikeyException {
        need(field, 4);
        int value = ((data[position] & 0xFF) << 24) | ((data[position + 1] & 0xFF) << 16)
                | ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    long u64(String field) throws MikeyException {
        need(field, 8);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position + i] & 0xFF);
        }
        position += 8;
        return value;
    }

    /** Reads a field whose length came from the message itself. */
    byte[] bytes(String field, int length) throws MikeyException {
        if (length > remaining()) {
            throw error(field + " length " + length + " exceeds remaining " + remaining() + " bytes");
        }
        byte[] value = new byte[length];
        System.arraycopy(data, position, value, 0, length);
        position += length;
        return value;
    }

    private void need(String field, int length) throws MikeyException {
        if (length > remaining()) {
            throw error("truncated in " + field + " at offset " + reportedOffset(position) + ": needs " + length
                    + " bytes, " + remaining() + " remain");
        }
    }
}
