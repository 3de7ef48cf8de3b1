package org.secureta.launcher.decrypt;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a capture one packet at a time, classic pcap (microsecond or nanosecond, either byte
 * order) or pcapng (draft-ietf-opsawg-pcapng: SHB, IDB, EPB, SPB and the obsolete PB; other
 * blocks are skipped; several sections are read one after the other). Memory is bounded by
 * {@link #MAX_BLOCK}: a block announcing more is refused as damage, not allocated.
 */
final class CaptureReader implements Closeable {

    /** Largest block or packet record accepted (a jumbo frame is 9 kB; pcapng's own readers stop near 16 MiB). */
    static final int MAX_BLOCK = 16 * 1024 * 1024;

    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int OBSOLETE_PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int OPT_IF_TSRESOL = 9;

    private final Path path;
    private final InputStream in;
    private final boolean pcapng;
    private ByteOrder order;
    private long position;
    /** pcap: nanoseconds per fraction unit (1000 for microseconds). */
    private long pcapFractionNanos;
    private final List<CaptureInterface> interfaces = new ArrayList<>();
    /** Per pcapng interface: timestamp units per second as (10^n) or 2^n; kept as a divisor/multiplier pair. */
    private final List<long[]> resolutions = new ArrayList<>();
    /** pcapng: index of the current section's first interface in {@link #interfaces}. */
    private int sectionBase;
    private long packets;

    private CaptureReader(Path path, InputStream in, boolean pcapng) {
        this.path = path;
        this.in = in;
        this.pcapng = pcapng;
    }

    static CaptureReader open(Path path) throws IOException, CaptureFormatException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        try {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw new CaptureFormatException(path + " is not a capture: " + magic.length + " bytes, too short for a pcap or pcapng header");
            }
            int be = ByteBuffer.wrap(magic).getInt();
            CaptureReader reader;
            if (be == PCAPNG_SHB) {
                reader = new CaptureReader(path, in, true);
                reader.position = 4;
                reader.readSectionHeader();
            } else {
                reader = new CaptureReader(path, in, false);
                reader.position = 4;
                reader.readPcapHeader(magic);
            }
            return reader;
        } catch (IOException | CaptureFormatException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    boolean isPcapng() {
        return pcapng;
    }

    /** The interfaces seen so far (pcapng may declare more as it goes). */
    List<CaptureInterface> interfaces() {
        return List.copyOf(interfaces);
    }

    /** The interface of a frame (its {@link Frame#interfaceId()}). */
    CaptureInterface interfaceAt(int index) {
        return interfaces.get(index);
    }

    long packetsRead() {
        return packets;
    }

    private void readPcapHeader(byte[] magic) throws IOException, CaptureFormatException {
        int le = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int be = ByteBuffer.wrap(magic).getInt();
        int value;
        if (be == 0xA1B2C3D4 || be == 0xA1B23C4D) {
            order = ByteOrder.BIG_ENDIAN;
            value = be;
        } else if (le == 0xA1B2C3D4 || le == 0xA1B23C4D) {
            order = ByteOrder.LITTLE_ENDIAN;
            value = le;
        } else {
            throw new CaptureFormatException(path + " is neither pcap nor pcapng (first bytes "
                    + java.util.HexFormat.of().formatHex(magic) + ")");
        }
        pcapFractionNanos = value == 0xA1B23C4D ? 1 : 1000;
        ByteBuffer h = read(20, "the pcap file header");
        h.getShort();
        h.getShort();
        h.getInt();
        h.getInt();
        int snap = h.getInt();
        // The top bits of the link type field carry FCS information (pcap format, LinkType and additional information).
        int linkType = h.getInt() & 0x0FFFFFFF;
        interfaces.add(new CaptureInterface(linkType, snap));
    }

    private void readSectionHeader() throws IOException, CaptureFormatException {
        byte[] lengthAndMagic = readBytes(8, "the pcapng section header");
        int bom = ByteBuffer.wrap(lengthAndMagic, 4, 4).getInt();
        if (bom == PCAPNG_BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new CaptureFormatException(path + ": pcapng section header at byte " + (position - 8) + " has no valid byte-order magic");
        }
        int total = ByteBuffer.wrap(lengthAndMagic, 0, 4).order(order).getInt();
        checkBlockLength(total, 28, "section header");
        skip(total - 12, "the section header");
        sectionBase = interfaces.size();
    }

    /** The next packet, or empty at the end of the file. */
    Optional<Frame> next() throws IOException, CaptureFormatException {
        return pcapng ? nextBlockPacket() : nextPcapRecord();
    }

    private Optional<Frame> nextPcapRecord() throws IOException, CaptureFormatException {
        long start = position;
        byte[] first = in.readNBytes(16);
        position += first.length;
        if (first.length == 0) {
            return Optional.empty();
        }
        if (first.length < 16) {
            throw truncated(start, "packet record header", 16, first.length);
        }
        ByteBuffer h = ByteBuffer.wrap(first).order(order);
        long seconds = Integer.toUnsignedLong(h.getInt());
        long fraction = Integer.toUnsignedLong(h.getInt());
        int captured = h.getInt();
        int original = h.getInt();
        if (captured < 0 || captured > MAX_BLOCK) {
            throw new CaptureFormatException(path + ": packet record at byte " + start + " claims " + Integer.toUnsignedString(captured)
                    + " bytes (at most " + MAX_BLOCK + "): the file is damaged");
        }
        byte[] data = readBytes(captured, "packet " + (packets + 1));
        packets++;
        CaptureInterface ifc = interfaces.get(0);
        return Optional.of(new Frame(0, ifc.linkType(), seconds * 1_000_000_000L + fraction * pcapFractionNanos, original, data));
    }

    private Optional<Frame> nextBlockPacket() throws IOException, CaptureFormatException {
        while (true) {
            long start = position;
            byte[] head = in.readNBytes(8);
            position += head.length;
            if (head.length == 0) {
                return Optional.empty();
            }
            if (head.length < 8) {
                throw truncated(start, "block header", 8, head.length);
            }
            int type = ByteBuffer.wrap(head, 0, 4).order(order).getInt();
            if (type == PCAPNG_SHB) {
                // A new section may change the byte order: its magic decides.
                readSectionHeaderAfterType(head);
                continue;
            }
            int total = ByteBuffer.wrap(head, 4, 4).order(order).getInt();
            checkBlockLength(total, 12, "block of type " + Integer.toUnsignedString(type));
            ByteBuffer body = read(total - 8, "block of type " + Integer.toUnsignedString(type) + " at byte " + start);
            int trailer = body.getInt(total - 12);
            if (trailer != total) {
                throw new CaptureFormatException(path + ": block at byte " + start + " ends with length " + trailer + " instead of "
                        + total + ": the file is damaged");
            }
            switch (type) {
                case IDB -> readInterface(body, total - 12);
                case EPB -> {
                    return Optional.of(enhancedPacket(body, start));
                }
                case SPB -> {
                    return Optional.of(simplePacket(body, total - 12, start));
                }
                case OBSOLETE_PB -> {
                    return Optional.of(obsoletePacket(body, start));
                }
                default -> {
                    // Name resolution, statistics, decryption secrets, custom blocks: nothing to decrypt.
                }
            }
        }
    }

    private void readSectionHeaderAfterType(byte[] head) throws IOException, CaptureFormatException {
        byte[] magic = readBytes(4, "the pcapng section header");
        int bom = ByteBuffer.wrap(magic).getInt();
        if (bom == PCAPNG_BYTE_ORDER_MAGIC) {
            order = ByteOrder.BIG_ENDIAN;
        } else if (Integer.reverseBytes(bom) == PCAPNG_BYTE_ORDER_MAGIC) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else {
            throw new CaptureFormatException(path + ": pcapng section header at byte " + (position - 12) + " has no valid byte-order magic");
        }
        int total = ByteBuffer.wrap(head, 4, 4).order(order).getInt();
        checkBlockLength(total, 28, "section header");
        skip(total - 12, "the section header");
        sectionBase = interfaces.size();
    }

    private void readInterface(ByteBuffer body, int bodyLength) throws CaptureFormatException {
        if (bodyLength < 8) {
            throw new CaptureFormatException(path + ": interface description block of " + bodyLength + " bytes (at least 8)");
        }
        int linkType = Short.toUnsignedInt(body.getShort(0));
        int snap = body.getInt(4);
        long[] resolution = {1_000_000, 0}; // units per second, power-of-two exponent (0: decimal)
        int at = 8;
        while (at + 4 <= bodyLength) {
            int code = Short.toUnsignedInt(body.getShort(at));
            int length = Short.toUnsignedInt(body.getShort(at + 2));
            if (code == 0 || at + 4 + length > bodyLength) {
                break;
            }
            if (code == OPT_IF_TSRESOL && length >= 1) {
                int v = Byte.toUnsignedInt(body.get(at + 4));
                if ((v & 0x80) == 0) {
                    if (v > 18) {
                        throw new CaptureFormatException(path + ": interface " + (interfaces.size() - sectionBase) + " has if_tsresol 10^-" + v);
                    }
                    resolution = new long[] {pow10(v), 0};
                } else {
                    int shift = v & 0x7F;
                    if (shift > 62) {
                        throw new CaptureFormatException(path + ": interface " + (interfaces.size() - sectionBase) + " has if_tsresol 2^-" + shift);
                    }
                    resolution = new long[] {1L << shift, shift};
                }
            }
            at += 4 + ((length + 3) & ~3);
        }
        interfaces.add(new CaptureInterface(linkType, snap));
        resolutions.add(resolution);
    }

    private static long pow10(int n) {
        long r = 1;
        for (int i = 0; i < n; i++) {
            r *= 10;
        }
        return r;
    }

    private CaptureInterface interfaceOf(int id, long start) throws CaptureFormatException {
        int index = sectionBase + id;
        if (id < 0 || index >= interfaces.size()) {
            throw new CaptureFormatException(path + ": packet block at byte " + start + " names interface " + id
                    + ", which no interface description block declared");
        }
        return interfaces.get(index);
    }

    private long nanos(int id, long units) {
        long perSecond = resolutions.get(sectionBase + id)[0];
        if (perSecond == 1_000_000_000L) {
            return units;
        }
        long seconds = Long.divideUnsigned(units, perSecond);
        long rest = Long.remainderUnsigned(units, perSecond);
        return seconds * 1_000_000_000L + (long) ((double) rest * 1e9 / perSecond);
    }

    private Frame enhancedPacket(ByteBuffer body, long start) throws CaptureFormatException {
        if (body.limit() - 4 < 20) {
            throw new CaptureFormatException(path + ": enhanced packet block at byte " + start + " is too short");
        }
        int id = body.getInt(0);
        CaptureInterface ifc = interfaceOf(id, start);
        long units = (Integer.toUnsignedLong(body.getInt(4)) << 32) | Integer.toUnsignedLong(body.getInt(8));
        int captured = body.getInt(12);
        int original = body.getInt(16);
        if (captured < 0 || 20 + (long) captured > body.limit() - 4) {
            throw new CaptureFormatException(path + ": enhanced packet block at byte " + start + " claims " + Integer.toUnsignedString(captured)
                    + " captured bytes, more than the block holds: the file is damaged");
        }
        byte[] data = new byte[captured];
        body.get(20, data);
        packets++;
        return new Frame(sectionBase + id, ifc.linkType(), nanos(id, units), original, data);
    }

    private Frame simplePacket(ByteBuffer body, int bodyLength, long start) throws CaptureFormatException {
        CaptureInterface ifc = interfaceOf(0, start);
        int original = body.getInt(0);
        int captured = Math.min(Math.max(original, 0), bodyLength - 4);
        if (ifc.snapLength() > 0) {
            captured = Math.min(captured, ifc.snapLength());
        }
        byte[] data = new byte[captured];
        body.get(4, data);
        packets++;
        return new Frame(sectionBase, ifc.linkType(), 0, original, data);
    }

    private Frame obsoletePacket(ByteBuffer body, long start) throws CaptureFormatException {
        if (body.limit() - 4 < 20) {
            throw new CaptureFormatException(path + ": packet block at byte " + start + " is too short");
        }
        int id = Short.toUnsignedInt(body.getShort(0));
        CaptureInterface ifc = interfaceOf(id, start);
        long units = (Integer.toUnsignedLong(body.getInt(4)) << 32) | Integer.toUnsignedLong(body.getInt(8));
        int captured = body.getInt(12);
        int original = body.getInt(16);
        if (captured < 0 || 20 + (long) captured > body.limit() - 4) {
            throw new CaptureFormatException(path + ": packet block at byte " + start + " claims more captured bytes than it holds");
        }
        byte[] data = new byte[captured];
        body.get(20, data);
        packets++;
        return new Frame(sectionBase + id, ifc.linkType(), nanos(id, units), original, data);
    }

    private void checkBlockLength(int total, int minimum, String what) throws CaptureFormatException {
        if (total < minimum || total > MAX_BLOCK || total % 4 != 0) {
            throw new CaptureFormatException(path + ": " + what + " at byte " + (position - 8) + " has length " + Integer.toUnsignedString(total)
                    + " (must be a multiple of 4 from " + minimum + " to " + MAX_BLOCK + "): the file is damaged or not pcapng");
        }
    }

    private ByteBuffer read(int length, String what) throws IOException, CaptureFormatException {
        return ByteBuffer.wrap(readBytes(length, what)).order(order);
    }

    private byte[] readBytes(int length, String what) throws IOException, CaptureFormatException {
        long start = position;
        byte[] bytes = in.readNBytes(length);
        position += bytes.length;
        if (bytes.length < length) {
            throw truncated(start, what, length, bytes.length);
        }
        return bytes;
    }

    private void skip(long length, String what) throws IOException, CaptureFormatException {
        long start = position;
        long skipped = skipUpTo(length);
        position += skipped;
        if (skipped < length) {
            throw truncated(start, what, length, skipped);
        }
    }

    private long skipUpTo(long length) throws IOException {
        long done = 0;
        while (done < length) {
            long n = in.skip(length - done);
            if (n <= 0) {
                if (in.read() < 0) {
                    break;
                }
                n = 1;
            }
            done += n;
        }
        return done;
    }

    private CaptureFormatException truncated(long start, String what, long wanted, long got) {
        return new CaptureFormatException(path + " is cut short: " + what + " at byte " + start + " needs " + wanted + " bytes, the file has "
                + got + " more (" + packets + " complete packet(s) before it)");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
