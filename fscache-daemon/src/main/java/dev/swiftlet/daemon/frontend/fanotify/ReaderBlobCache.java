package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.daemon.DaemonMetrics;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.registry.BlobEntry;
import dev.swiftlet.rafs.image.ImageDataReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Stop-gap {@link BlobCache} until the cache module's {@code FileBlobCache} lands: fills page-aligned
 * windows from the localfs blob through the userspace reader (chunks decompressed and digest-verified by
 * {@link ImageDataReader}), and tracks presence per 4 KiB page, restored from the cache file's holes.
 */
final class ReaderBlobCache implements BlobCache {
    static final int PAGE = 4096;
    /** Fill granularity: small enough to stay lazy, large enough to amortise decompression. */
    static final int WINDOW = 128 * 1024;

    private final BlobEntry blob;
    private final ImageDataReader reader;
    private final DaemonMetrics metrics;
    private final BitSet present;
    private final long pages;

    ReaderBlobCache(BlobEntry blob, BitSet restored, DaemonMetrics metrics) {
        this.blob = blob;
        this.reader = new ImageDataReader(blob.image(), b -> localFile(blob));
        this.metrics = metrics;
        this.pages = (blob.size() + PAGE - 1) / PAGE;
        this.present = restored;
    }

    @Override
    public void fill(long offset, long length, CacheWriter via) throws IOException {
        long start = Math.max(0, Math.floorDiv(offset, WINDOW) * WINDOW);
        long end = Math.min(blob.size(), ((offset + Math.max(length, 1) + WINDOW - 1) / WINDOW) * WINDOW);
        for (long pos = start; pos < end; pos += WINDOW) {
            long len = Math.min(WINDOW, end - pos);
            if (isPresent(pos, len)) continue;
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) len);
            try {
                reader.readDevice(blob.info().index(), pos, len, out);
            } catch (IOException | RuntimeException e) {
                throw new IOException("fill " + blob.key() + " [0x" + Long.toHexString(pos) + ",+0x" + Long.toHexString(len)
                        + "): " + e.getMessage(), e);
            }
            metrics.fetch.bytes.add(len);
            ByteBuffer data = ByteBuffer.allocateDirect(out.size());
            data.put(out.toByteArray()).flip();
            via.write(pos, data);
            metrics.bytesServed.add(len);
            synchronized (present) {
                present.set((int) (pos / PAGE), (int) ((pos + len + PAGE - 1) / PAGE));
            }
        }
    }

    @Override
    public boolean isPresent(long offset, long length) {
        int from = (int) (Math.max(0, offset) / PAGE);
        int to = (int) Math.min(pages, (offset + Math.max(length, 1) + PAGE - 1) / PAGE);
        synchronized (present) {
            int clear = present.nextClearBit(from);
            return clear >= to;
        }
    }

    @Override
    public boolean isComplete() {
        return isPresent(0, blob.size());
    }

    @Override
    public long size() {
        return blob.size();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            System.getLogger(ReaderBlobCache.class.getName()).log(System.Logger.Level.WARNING, "close " + blob.key(), e);
        }
    }

    private static java.nio.file.Path localFile(BlobEntry blob) {
        try {
            return ((dev.swiftlet.fetch.backend.FileBackend) blob.backend()).locate(blob.blobId());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
