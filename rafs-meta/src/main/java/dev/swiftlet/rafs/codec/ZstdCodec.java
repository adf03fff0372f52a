package dev.swiftlet.rafs.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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

    /**
     * Compression contexts kept for reuse: making one per chunk (what {@code Zstd.compress*} does) costs a native
     * allocation and table set-up each time. Bounded, and never per thread (zstd-jni frees a context only on close).
     */
    private static final int MAX_IDLE_CONTEXTS =
            Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

    private final ConcurrentLinkedQueue<ZstdCompressCtx> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    @Override
    public int encode(ByteBuffer src, ByteBuffer dst) {
        ZstdCompressCtx ctx = idle.poll();
        if (ctx != null) idleCount.decrementAndGet();
        else ctx = new ZstdCompressCtx().setLevel(LEVEL);
        int n;
        try {
            if (src.isDirect() && dst.isDirect()) {
                n = ctx.compressDirectByteBuffer(
                        dst, dst.position(), dst.remaining(), src, src.position(), src.remaining());
            } else {
                byte[] in = Buffers.array(src);
                int inOff = src.hasArray() ? src.arrayOffset() + src.position() : 0;
                byte[] out = dst.hasArray() ? dst.array() : new byte[dst.remaining()];
                int outOff = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
                n = ctx.compressByteArray(out, outOff, dst.remaining(), in, inOff, src.remaining());
                if (!dst.hasArray()) dst.duplicate().put(out, 0, n);
            }
        } catch (ZstdException e) {
            n = -1; // does not fit dst: the caller stores the chunk as is
        }
        if (idleCount.incrementAndGet() <= MAX_IDLE_CONTEXTS) {
            idle.add(ctx);
        } else {
            idleCount.decrementAndGet();
            ctx.close();
        }
        return n;
    }

    @Override
    public int maxEncodedLength(int length) {
        return (int) Zstd.compressBound(length);
    }
}
