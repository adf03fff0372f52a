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
 * about 64 MiB of chunks are in flight.
 */
final class ChunkPipeline implements AutoCloseable {
    private record InFlight(Tree.InodeData inode, long fileOffset, Future<BlobBuilder.Prepared> prepared) {}

    private final BlobBuilder blob;
    private final ExecutorService workers;
    private final ArrayDeque<InFlight> queue = new ArrayDeque<>();
    private final int window;

    ChunkPipeline(BlobBuilder blob, int chunkSize) {
        this.blob = blob;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "chunk-compress");
            t.setDaemon(true);
            return t;
        });
        this.window = Math.max(threads * 2, (64 << 20) / chunkSize);
    }

    void submit(Tree.InodeData inode, byte[] chunk, int length, long fileOffset) throws IOException {
        queue.add(new InFlight(inode, fileOffset, workers.submit(() -> blob.prepare(chunk, length))));
        while (queue.size() > window) commitHead();
    }

    void drain() throws IOException {
        while (!queue.isEmpty()) commitHead();
    }

    private void commitHead() throws IOException {
        InFlight f = queue.poll();
        try {
            f.inode().chunks.add(blob.commit(f.prepared().get(), f.fileOffset()));
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
