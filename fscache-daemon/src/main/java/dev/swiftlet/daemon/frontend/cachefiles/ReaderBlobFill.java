package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.DaemonMetrics;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.registry.BlobEntry;
import dev.swiftlet.rafs.image.ImageDataReader;
import dev.swiftlet.sys.AlignedBuffers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Interim blob cache for the cachefiles path until the shared {@code cache.FileBlobCache} lands: each
 * READ's page-aligned range is produced by the userspace reader from the localfs blob (chunks decompressed,
 * digests verified, so a corrupt chunk fails the fill and is never written). The kernel only asks for holes,
 * so no presence state is kept. Fills of one blob are serialised (the reader is single-threaded).
 */
final class ReaderBlobFill implements BlobCache {
    private final BlobEntry blob;
    private final ImageDataReader reader;
    private final DaemonMetrics metrics;

    ReaderBlobFill(BlobEntry blob, DaemonMetrics metrics) {
        this.blob = blob;
        this.reader = new ImageDataReader(blob.image(), b -> localFile(blob));
        this.metrics = metrics;
    }

    @Override
    public synchronized void fill(long offset, long length, CacheWriter via) throws IOException {
        long start = offset & -AlignedBuffers.PAGE_SIZE;
        long end = Math.min(blob.size(), AlignedBuffers.roundUp(offset + length));
        if (start >= end) return;
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (end - start));
        reader.readDevice(blob.info().index(), start, end - start, out);
        ByteBuffer data = ByteBuffer.allocateDirect((int) AlignedBuffers.roundUp(end - start));
        data.put(out.toByteArray()).clear();
        via.write(start, data);
        metrics.fetch.bytes.add(end - start);
        metrics.bytesServed.add(end - start);
    }

    @Override
    public boolean isPresent(long offset, long length) {
        return false;
    }

    @Override
    public boolean isComplete() {
        return false;
    }

    @Override
    public long size() {
        return blob.size();
    }

    @Override
    public synchronized void close() {
        try {
            reader.close();
        } catch (IOException e) {
            System.getLogger(ReaderBlobFill.class.getName()).log(System.Logger.Level.WARNING, "close " + blob.key(), e);
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
