package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.fetch.plan.DirectBuffers;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.Pages;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Writes through a cachefiles anon fd, which the kernel turns into O_DIRECT writes of the backing file:
 * offset, length and buffer address must be page-aligned. A buffer that is not is copied into an aligned,
 * zero-padded one first.
 */
final class AnonFdWriter implements CacheWriter {
    private final Fd anon;

    AnonFdWriter(Fd anon) {
        this.anon = anon;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (!Pages.isAligned(offset)) throw new IOException("cachefiles write at unaligned offset " + offset);
        MemorySegment src = MemorySegment.ofBuffer(data);
        if (data.isDirect() && Pages.isAligned(src.address()) && Pages.isAligned(src.byteSize())) {
            anon.pwriteFully(src, offset);
            return;
        }
        ByteBuffer copy = DirectBuffers.SHARED.take(Math.toIntExact(Pages.roundUp(src.byteSize())));
        try {
            MemorySegment aligned = MemorySegment.ofBuffer(copy);
            aligned.copyFrom(src);
            aligned.asSlice(src.byteSize()).fill((byte) 0);
            anon.pwriteFully(aligned, offset);
        } finally {
            DirectBuffers.SHARED.give(copy);
        }
    }
}
