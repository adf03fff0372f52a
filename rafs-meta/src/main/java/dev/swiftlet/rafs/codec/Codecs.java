package dev.swiftlet.rafs.codec;

import dev.swiftlet.rafs.Compression;

/** The codec for each {@link Compression}. Codecs are stateless, so one instance each is shared. */
public final class Codecs {
    private static final Codec NONE = new NoneCodec();
    private static final Codec LZ4 = new Lz4BlockCodec();
    private static final Codec ZSTD = new ZstdCodec();

    private Codecs() {}

    /** @throws UnsupportedOperationException for gzip, which RAFS v6 images built by nydus do not use */
    public static Codec of(Compression compression) {
        return switch (compression) {
            case NONE -> NONE;
            case LZ4_BLOCK -> LZ4;
            case ZSTD -> ZSTD;
            case GZIP -> throw new UnsupportedOperationException("gzip chunks are not supported");
        };
    }
}
