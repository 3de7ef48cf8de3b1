package org.secureta.srtp.mikey;

import java.util.Arrays;

/** Big-endian writing of a MIKEY message into a growing buffer. */
final class ByteSink {

    private byte[] buffer = new byte[256];
    private int length;

    ByteSink u8(int value) {
        ensure(1);
        buffer[length++] = (byte) value;
        return this;
    }

    ByteSink u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    ByteSink u32(int value) {
        return u16(value >>> 16).u16(value);
    }

    ByteSink u64(long value) {
        return u32((int) (value >>> 32)).u32((int) value);
    }

    ByteSink bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, buffer, length, value.length);
        length += value.length;
        return this;
    }

    int length() {
        return length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
