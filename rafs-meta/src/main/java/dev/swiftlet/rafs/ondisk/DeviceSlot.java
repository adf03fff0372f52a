package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;

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
        return new DeviceSlot(b.cString(offset, TAG_SIZE, "device tag"), lo | (hi << 32), b.u32(offset + 68, "uniaddr_lo"));
    }
}
