package dev.swiftlet.rafs.codec;

import com.github.luben.zstd.Zstd;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;

/** Standard zstd frames (magic 28 B5 2F FD), as nydus writes them; level 3 like `zstd::bulk`'s default. */
final class ZstdCodec implements Codec {
    static final int LEVEL = 3;

    @Override
    public Compression compression() {
        return Compression.ZSTD;
    }

    @Override
    public void decode(ByteBuffer src, ByteBuffer dst, String resource) throws FormatException {
        int expected = dst.remaining();
        long n;
        try {
            if (src.isDirect() && dst.isDirect()) {
                n = Zstd.decompressDirectByteBuffer(
                        dst, dst.position(), expected, src, src.position(), src.remaining());
            } else {
                byte[] in = Buffers.array(src);
                byte[] out = dst.hasArray() ? dst.array() : new byte[expected];
                int outOff = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
                int inOff = src.hasArray() ? src.arrayOffset() + src.position() : 0;
                n = Zstd.decompressByteArray(out, outOff, expected, in, inOff, src.remaining());
                if (!dst.hasArray() && !Zstd.isError(n)) dst.duplicate().put(out, 0, (int) n);
            }
        } catch (RuntimeException e) {
            throw new FormatException(resource, -1, "zstd: " + e.getMessage(), e);
        }
        if (Zstd.isError(n)) {
            throw new FormatException(resource, -1, "zstd: " + Zstd.getErrorName(n));
        }
        if (n != expected) {
            throw new FormatException(resource, -1, "zstd chunk decompressed to " + n + " bytes, expected " + expected);
        }
    }

    @Override
    public int encode(ByteBuffer src, ByteBuffer dst) {
        long n;
        if (src.isDirect() && dst.isDirect()) {
            n = Zstd.compressDirectByteBuffer(
                    dst, dst.position(), dst.remaining(), src, src.position(), src.remaining(), LEVEL);
        } else {
            byte[] in = Buffers.array(src);
            int inOff = src.hasArray() ? src.arrayOffset() + src.position() : 0;
            byte[] out = dst.hasArray() ? dst.array() : new byte[dst.remaining()];
            int outOff = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
            n = Zstd.compressByteArray(out, outOff, dst.remaining(), in, inOff, src.remaining(), LEVEL);
            if (!dst.hasArray() && !Zstd.isError(n)) dst.duplicate().put(out, 0, (int) n);
        }
        return Zstd.isError(n) ? -1 : (int) n;
    }

    @Override
    public int maxEncodedLength(int length) {
        return (int) Zstd.compressBound(length);
    }
}
