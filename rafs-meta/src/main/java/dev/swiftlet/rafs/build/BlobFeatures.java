package dev.swiftlet.rafs.build;

/** The {@code BlobFeatures} bits of the blob table and blob meta header (nydus storage/src/device.rs). */
final class BlobFeatures {
    static final long ALIGNED = 0x1;
    static final long INLINED_FS_META = 0x2;
    static final long CHUNK_INFO_V2 = 0x4;
    static final long INLINED_CHUNK_DIGEST = 0x20;
    static final long HAS_TAR_HEADER = 0x1000_0000L;
    static final long HAS_TOC = 0x2000_0000L;
    static final long CAP_TAR_TOC = 0x4000_0000L;

    private BlobFeatures() {}
}
