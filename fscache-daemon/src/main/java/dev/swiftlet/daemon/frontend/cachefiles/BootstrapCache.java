package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.fetch.plan.DirectBuffers;
import dev.swiftlet.sys.Pages;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The bootstrap object: its bytes are local, so a fill is a copy of the page-aligned range. */
final class BootstrapCache implements BlobCache {
    private final Path bootstrap;
    private final long size;

    BootstrapCache(Path bootstrap, long size) {
        this.bootstrap = bootstrap;
        this.size = size;
    }

    @Override
    public void fill(long offset, long length, CacheWriter via) throws IOException {
        long start = Pages.roundDown(offset);
        long end = Math.min(Pages.roundUp(size), Pages.roundUp(offset + length));
        if (start >= end) return;
        ByteBuffer buf = DirectBuffers.SHARED.take(Math.toIntExact(end - start)); // page-aligned: no copy to write
        try {
            try (FileChannel ch = FileChannel.open(bootstrap, StandardOpenOption.READ)) {
                while (buf.hasRemaining()) {
                    if (ch.read(buf, start + buf.position()) < 0) break;
                }
            }
            MemorySegment.ofBuffer(buf).fill((byte) 0); // the tail past the file (a recycled buffer is not zeroed)
            via.write(start, buf.position(buf.limit()).flip());
        } finally {
            DirectBuffers.SHARED.give(buf);
        }
    }

    @Override
    public boolean isPresent(long offset, long length) {
        return false; // the kernel only asks for holes
    }

    @Override
    public boolean isComplete() {
        return false;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void close() {}
}
