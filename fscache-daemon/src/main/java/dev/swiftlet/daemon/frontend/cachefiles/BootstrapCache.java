package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.sys.AlignedBuffers;
import java.io.IOException;
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
        long start = offset & -AlignedBuffers.PAGE_SIZE;
        long end = Math.min(AlignedBuffers.roundUp(size), AlignedBuffers.roundUp(offset + length));
        if (start >= end) return;
        ByteBuffer buf = ByteBuffer.allocateDirect((int) (end - start));
        try (FileChannel ch = FileChannel.open(bootstrap, StandardOpenOption.READ)) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, start + buf.position()) < 0) break; // the tail past the file stays zero
            }
        }
        via.write(start, buf.clear());
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
