package dev.swiftlet.rafs.build;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Digests and compresses chunks on every core while the builder thread reads files and commits the
 * results in file order (so chunk placement, dedup and the blob bytes stay deterministic). At most
 * about 64 MiB of chunks are in flight. Chunk buffers come from {@link #buffer} and go back once their chunk is
 * committed: a gigabyte layer then reuses a window's worth of arrays instead of allocating (and the kernel
 * faulting in) a gigabyte of fresh heap.
 */
final class ChunkPipeline implements AutoCloseable {
    private record InFlight(
            Tree.InodeData inode, byte[] chunk, long fileOffset, Future<BlobBuilder.Prepared> prepared) {}

    private final BlobBuilder blob;
    private final ExecutorService workers;
    private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private final int window;
    private final int chunkSize;

    ChunkPipeline(BlobBuilder blob, int chunkSize) {
        this.blob = blob;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "chunk-compress");
            t.setDaemon(true);
            return t;
        });
        this.window = Math.max(threads * 2, (64 << 20) / chunkSize);
        this.chunkSize = chunkSize;
    }

    /** A buffer for the next chunk (at least {@code length} bytes), to fill and {@link #submit}. */
    byte[] buffer(int length) {
        byte[] b = length <= chunkSize ? free.poll() : null;
        return b != null ? b : new byte[Math.max(length, chunkSize)];
    }

    /** Hands over {@code chunk[0, length)}, which must come from {@link #buffer}; this pipeline owns it from now on. */
    void submit(Tree.InodeData inode, byte[] chunk, int length, long fileOffset) throws IOException {
        queue.add(new InFlight(inode, chunk, fileOffset, workers.submit(() -> blob.prepare(chunk, length))));
        while (queue.size() > window) commitHead();
    }

    void drain() throws IOException {
        while (!queue.isEmpty()) commitHead();
    }

    private void commitHead() throws IOException {
        InFlight f = queue.poll();
        try {
            f.inode().chunks.add(blob.commit(f.prepared().get(), f.fileOffset()));
            // committed: its bytes are in the blob (or were a duplicate), and nothing else holds the buffer
            if (f.chunk().length == chunkSize) free.push(f.chunk());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building", e);
        } catch (ExecutionException e) {
            throw new IOException("compressing a chunk of " + f.inode().entry.path() + " failed", e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
