package dev.swiftlet.rafs.codec;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/** Raw LZ4 block format (no frame, no size prefix): the output size comes from the chunk table. */
final class Lz4BlockCodec implements Codec {
    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    Lz4BlockCodec() {
        LZ4Factory factory = LZ4Factory.fastestInstance();
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    @Override
    public Compression compression() {
        return Compression.LZ4_BLOCK;
    }

    @Override
    public void decode(ByteBuffer src, ByteBuffer dst, String resource) throws FormatException {
        int expected = dst.remaining();
        int n;
        try {
            n = decompressor.decompress(src, src.position(), src.remaining(), dst, dst.position(), expected);
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            throw new FormatException(resource, -1, "lz4_block: corrupt chunk (" + e.getMessage() + ")", e);
        }
        if (n != expected) {
            throw new FormatException(
                    resource, -1, "lz4_block chunk decompressed to " + n + " bytes, expected " + expected);
        }
    }

    @Override
    public int encode(ByteBuffer src, ByteBuffer dst) {
        try {
            return compressor.compress(src, src.position(), src.remaining(), dst, dst.position(), dst.remaining());
        } catch (LZ4Exception e) {
            return -1;
        }
    }

    @Override
    public int maxEncodedLength(int length) {
        return compressor.maxCompressedLength(length);
    }
}
