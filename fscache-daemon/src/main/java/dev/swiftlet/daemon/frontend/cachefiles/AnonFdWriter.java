package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.sys.AlignedBuffers;
import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.lang.foreign.Arena;
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
        if (!AlignedBuffers.isAligned(offset)) throw new IOException("cachefiles write at unaligned offset " + offset);
        MemorySegment src = MemorySegment.ofBuffer(data);
        if (data.isDirect() && AlignedBuffers.isAligned(src.address()) && AlignedBuffers.isAligned(src.byteSize())) {
            anon.pwriteFully(src, offset);
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment aligned = AlignedBuffers.allocate(arena, src.byteSize());
            aligned.copyFrom(src);
            anon.pwriteFully(aligned, offset);
        }
    }
}
