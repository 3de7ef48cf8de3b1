package org.secureta.launcher.decrypt;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng): a section header, one interface description
 * per input interface (same link type and snapshot length, nanosecond timestamps), then one
 * enhanced packet block per packet, in order. Little-endian, as Wireshark writes on x86.
 */
final class PcapngWriter implements Closeable {

    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int EPB = 6;
    private static final int OPT_END = 0;
    private static final int OPT_COMMENT = 1;
    private static final int OPT_SHB_USERAPPL = 4;
    private static final int OPT_IF_TSRESOL = 9;

    private final OutputStream out;
    /** Input interface index to output interface id. */
    private final Map<Integer, Integer> ids = new HashMap<>();
    private int nextId;

    PcapngWriter(OutputStream out, String application) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        ByteBuffer options = ByteBuffer.allocate(4 + pad(application.length()) + 4).order(ByteOrder.LITTLE_ENDIAN);
        option(options, OPT_SHB_USERAPPL, application.getBytes(StandardCharsets.UTF_8));
        options.putShort((short) OPT_END).putShort((short) 0);
        ByteBuffer body = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L); // section length unknown
        block(SHB, body.array(), options.array());
    }

    /** Opens {@code file} for writing, owner-only: a capture whose audio is in clear is as private as the keys. */
    static PcapngWriter create(Path file, String application) throws IOException {
        Path tmp = file.toAbsolutePath();
        Files.deleteIfExists(tmp);
        OutputStream out;
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            out = Files.newOutputStream(tmp);
        } else {
            out = Files.newOutputStream(tmp);
        }
        return new PcapngWriter(out, application);
    }

    void write(Frame frame, CaptureInterface ifc, String comment) throws IOException {
        Integer id = ids.get(frame.interfaceId());
        if (id == null) {
            id = nextId++;
            ids.put(frame.interfaceId(), id);
            ByteBuffer idb = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            idb.putShort((short) ifc.linkType()).putShort((short) 0).putInt(ifc.snapLength());
            ByteBuffer options = ByteBuffer.allocate(8 + 4).order(ByteOrder.LITTLE_ENDIAN);
            option(options, OPT_IF_TSRESOL, new byte[] {9});
            options.putShort((short) OPT_END).putShort((short) 0);
            block(IDB, idb.array(), options.array());
        }
        byte[] data = frame.data();
        ByteBuffer epb = ByteBuffer.allocate(20 + pad(data.length)).order(ByteOrder.LITTLE_ENDIAN);
        long t = frame.timestampNanos();
        epb.putInt(id).putInt((int) (t >>> 32)).putInt((int) t).putInt(data.length)
                .putInt(Math.max(frame.originalLength(), data.length)).put(data);
        byte[] options = new byte[0];
        if (comment != null) {
            byte[] text = comment.getBytes(StandardCharsets.UTF_8);
            ByteBuffer o = ByteBuffer.allocate(4 + pad(text.length) + 4).order(ByteOrder.LITTLE_ENDIAN);
            option(o, OPT_COMMENT, text);
            o.putShort((short) OPT_END).putShort((short) 0);
            options = o.array();
        }
        block(EPB, epb.array(), options);
    }

    private static int pad(int length) {
        return (length + 3) & ~3;
    }

    private static void option(ByteBuffer b, int code, byte[] value) {
        b.putShort((short) code).putShort((short) value.length).put(value);
        b.position(b.position() + pad(value.length) - value.length);
    }

    private void block(int type, byte[] body, byte[] options) throws IOException {
        int total = 12 + body.length + options.length;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(total).put(body).put(options).putInt(total);
        out.write(b.array());
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
