package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One 128-byte device table slot (kernel {@code struct erofs_deviceslot}; RAFS puts the blob id in the tag).
 * The kernel sends the tag as the cachefiles cookie key of the device.
 */
public record DeviceSlot(String tag, long blocks, long mappedBlockAddr) {
    public static final int SIZE = 128;
    public static final int TAG_SIZE = 64;

    public static DeviceSlot read(ImageBytes b, long offset) throws FormatException {
        b.require(offset, SIZE, "device slot");
        long lo = b.u32(offset + 64, "blocks_lo");
        long hi = b.u16(offset + 72, "blocks_hi");
        return new DeviceSlot(
                b.cString(offset, TAG_SIZE, "device tag"), lo | (hi << 32), b.u32(offset + 68, "uniaddr_lo"));
    }

    /** Writes the whole slot (tag NUL-padded, reserved bytes zeroed); used by the builder. */
    public void write(ByteBuffer out, int offset) {
        byte[] t = tag.getBytes(StandardCharsets.US_ASCII);
        if (t.length > TAG_SIZE || blocks < 0 || blocks >= 1L << 48)
            throw new IllegalArgumentException("bad device slot " + this);
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < SIZE; i++) b.put(offset + i, (byte) 0);
        b.put(offset, t)
                .putInt(offset + 64, (int) blocks)
                .putInt(offset + 68, (int) mappedBlockAddr)
                .putShort(offset + 72, (short) (blocks >>> 32));
    }
}
