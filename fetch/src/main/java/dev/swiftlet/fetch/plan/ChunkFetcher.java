package dev.swiftlet.fetch.plan;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.FetchListener;
import dev.swiftlet.fetch.Sleeper;
import dev.swiftlet.fetch.verify.CorruptChunkException;
import dev.swiftlet.fetch.verify.DigestMismatchException;
import dev.swiftlet.fetch.verify.UndecodableChunkException;
import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.codec.Codec;
import dev.swiftlet.rafs.codec.Digests;
import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Fetches the chunks of one {@link FetchRange} of one blob: reads the stored span from the backend, decodes each
 * wanted chunk, verifies its digest and hands it to a {@link ChunkSink}. A chunk that fails decoding or its digest
 * is never handed on; the good chunks of the same span still are.
 *
 * <p>Retries are this visible loop: a retryable backend failure is retried per {@link RetryPolicy} (with the number of
 * tries the backend's config sets, if it does: {@link Backend#retryLimit()}); chunks that
 * failed verification are fetched once more (the damage may have happened in transit) and then fail. Each retry
 * re-reads only the span of the chunks still missing. Thread-safe: one instance per blob serves every reader.
 *
 * <p>Chunks are decoded as their stored bytes arrive when their digests can prove them (see
 * {@link Backend.Progress}): a reader waiting for the first chunk of a multi-MiB registry range gets it once that
 * chunk is in, and decoding overlaps the transfer of the rest.
 */
public final class ChunkFetcher {
    /** Attempts for chunks that decoded wrongly or failed their digest: a transit error gets one more chance. */
    private static final int VERIFY_ATTEMPTS = 2;

    private final Backend backend;
    private final String blobId;
    private final ChunkTable table;
    private final Codec codec;
    private final RetryPolicy retry;
    private final FetchListener listener;
    private final Sleeper sleeper;

    public ChunkFetcher(
            Backend backend, String blobId, ChunkTable table, Codec codec, RetryPolicy retry, FetchListener listener) {
        this(backend, blobId, table, codec, retry, listener, Sleeper.SYSTEM);
    }

    /** As above, waiting out retry backoffs with {@code sleeper} (a test's records them instead of waiting). */
    public ChunkFetcher(
            Backend backend,
            String blobId,
            ChunkTable table,
            Codec codec,
            RetryPolicy retry,
            FetchListener listener,
            Sleeper sleeper) {
        this.backend = backend;
        this.blobId = blobId;
        this.table = table;
        this.codec = codec;
        // the backend's own retry_limit, when its config has one, says how many tries; the policy keeps the backoff
        this.retry = backend.retryLimit().isPresent()
                ? retry.withRetries(backend.retryLimit().getAsInt())
                : retry;
        this.listener = listener;
        this.sleeper = sleeper;
    }

    /** The backend's {@link Backend#preferredRequestSize()}: how large read-ahead pieces should be. */
    public int preferredRequestSize() {
        return backend.preferredRequestSize();
    }

    public ChunkTable table() {
        return table;
    }

    public String blobId() {
        return blobId;
    }

    /**
     * Delivers every chunk of {@code range} to {@code sink}, or throws after delivering the ones that could be.
     * A {@link FetchException} (possibly a {@link CorruptChunkException} with the others suppressed) means some
     * chunks were not delivered; an {@link IOException} from the sink is passed through at once.
     */
    public void fetch(FetchRange range, ChunkSink sink) throws IOException {
        BitSet pending = new BitSet(range.chunkCount());
        pending.set(0, range.chunkCount());
        ByteBuffer chunkBuffer = DirectBuffers.SHARED.take(largestSlot(range));
        try {
            fetch(range, sink, pending, chunkBuffer);
        } finally {
            DirectBuffers.SHARED.give(chunkBuffer);
        }
    }

    private void fetch(FetchRange range, ChunkSink sink, BitSet pending, ByteBuffer chunkBuffer) throws IOException {
        int attempt = 1;
        int verifyAttempt = 1;
        while (true) {
            long start = Long.MAX_VALUE, stop = 0;
            for (int i = pending.nextSetBit(0); i >= 0; i = pending.nextSetBit(i + 1)) {
                int c = range.chunk(i);
                start = Math.min(start, table.compressedOffset(c));
                stop = Math.max(stop, table.compressedOffset(c) + table.compressedSize(c));
            }
            if (stop - start > Integer.MAX_VALUE - DirectBuffers.ALIGNMENT) {
                throw new FetchException(blobId, start, stop - start, backend.describe(), "request too large", false);
            }
            ByteBuffer stored = DirectBuffers.SHARED.take((int) (stop - start));
            Attempt chunks = new Attempt(range, pending, start, stored, sink, chunkBuffer);
            FetchException readFailure = null;
            try {
                try {
                    read(start, stored, chunks);
                    chunks.arrived((int) (stop - start)); // the chunks no progress reported yet
                } catch (FetchException e) {
                    readFailure = e;
                }
                chunks.sinkFailed(); // a cache that cannot be written ends the fetch, whatever the backend did
            } finally {
                DirectBuffers.SHARED.give(stored); // not held through a backoff
            }
            if (readFailure != null) {
                if (!retry.shouldRetry(attempt, readFailure)) {
                    listener.failed(readFailure);
                    throw readFailure;
                }
                backoff(readFailure, attempt++);
                continue;
            }
            List<FetchException> failures = chunks.failures;
            if (failures.isEmpty()) return;
            FetchException first = failures.getFirst();
            if (verifyAttempt < VERIFY_ATTEMPTS) {
                backoff(first, verifyAttempt++);
                continue;
            }
            for (int k = 1; k < failures.size(); k++) first.addSuppressed(failures.get(k));
            listener.failed(first);
            throw first;
        }
    }

    /**
     * Reads {@code stored.remaining()} bytes at {@code offset}. Where every chunk's digest proves its bytes, chunks
     * are decoded as their bytes arrive, while the rest of the range is still on its way; without digests, only once
     * the whole answer proved to be the range.
     */
    private void read(long offset, ByteBuffer stored, Attempt chunks) throws FetchException {
        int length = stored.remaining();
        long began = System.nanoTime();
        if (table.hasDigests()) backend.read(blobId, offset, stored, chunks);
        else backend.read(blobId, offset, stored);
        if (stored.hasRemaining()) {
            throw new FetchException(
                    blobId,
                    offset,
                    length,
                    backend.describe(),
                    "backend returned " + stored.position() + " of " + length + " bytes",
                    true);
        }
        // the time the backend took, without the decoding done meanwhile
        listener.fetched(blobId, length, System.nanoTime() - began - chunks.decodingNanos);
    }

    /**
     * One attempt at the pending chunks of a range: decodes, verifies and delivers each chunk once all its stored
     * bytes have arrived, and remembers the chunks that failed. A chunk is tried once per attempt.
     */
    private final class Attempt implements Backend.Progress {
        private final FetchRange range;
        private final BitSet pending;
        private final BitSet tried = new BitSet();
        private final long start;
        private final ByteBuffer stored;
        private final ChunkSink sink;
        private final ByteBuffer chunkBuffer;
        final List<FetchException> failures = new ArrayList<>();
        long decodingNanos;
        private IOException sinkFailure;

        Attempt(
                FetchRange range,
                BitSet pending,
                long start,
                ByteBuffer stored,
                ChunkSink sink,
                ByteBuffer chunkBuffer) {
            this.range = range;
            this.pending = pending;
            this.start = start;
            this.stored = stored;
            this.sink = sink;
            this.chunkBuffer = chunkBuffer;
        }

        @Override
        public void arrived(int bytes) {
            long began = System.nanoTime();
            for (int i = pending.nextSetBit(0); i >= 0 && sinkFailure == null; i = pending.nextSetBit(i + 1)) {
                int c = range.chunk(i);
                int at = (int) (table.compressedOffset(c) - start);
                if (tried.get(i) || at + table.compressedSize(c) > bytes) continue;
                tried.set(i);
                FetchException bad = decode(c, stored, at, chunkBuffer);
                if (bad != null) {
                    failures.add(bad);
                    continue;
                }
                try {
                    sink.accept(c, chunkBuffer.duplicate().limit((int) ChunkTable.roundUp(table.uncompressedSize(c))));
                    pending.clear(i);
                } catch (IOException e) {
                    sinkFailure = e;
                }
            }
            decodingNanos += System.nanoTime() - began;
        }

        /** Throws what the sink threw, if it did. */
        void sinkFailed() throws IOException {
            if (sinkFailure != null) throw sinkFailure;
        }
    }

    /** Decodes chunk {@code c} from {@code stored} at {@code at} into {@code out}; returns the failure or null. */
    private FetchException decode(int c, ByteBuffer stored, int at, ByteBuffer out) {
        int size = table.uncompressedSize(c);
        int slot = (int) ChunkTable.roundUp(size);
        ByteBuffer src = stored.slice(at, table.compressedSize(c));
        ByteBuffer dst = out.duplicate().clear().limit(size);
        try {
            if (table.isCompressed(c)) {
                codec.decode(src, dst, blobId + " chunk " + c);
            } else if (src.remaining() != size) {
                return new UndecodableChunkException(
                        blobId,
                        c,
                        table.compressedOffset(c),
                        table.compressedSize(c),
                        backend.describe(),
                        "stored uncompressed but sizes differ: " + src.remaining() + " vs " + size,
                        null);
            } else {
                dst.put(src);
            }
        } catch (FormatException e) {
            return new UndecodableChunkException(
                    blobId,
                    c,
                    table.compressedOffset(c),
                    table.compressedSize(c),
                    backend.describe(),
                    "does not decode: " + e.getMessage(),
                    e);
        }
        for (int p = size; p < slot; p++) out.put(p, (byte) 0);
        if (table.hasDigests()) {
            ByteBuffer data = out.duplicate().clear().limit(size);
            if (!Digests.matches(table.digest(c), data)) {
                return new DigestMismatchException(
                        blobId,
                        c,
                        table.compressedOffset(c),
                        table.compressedSize(c),
                        backend.describe(),
                        table.digest(c),
                        Digests.compute(table.digestAlgorithm(), data.rewind()));
            }
        }
        return null;
    }

    private void backoff(FetchException cause, int attempt) throws InterruptedIOException {
        long delay = retry.delayNanos(attempt, cause);
        listener.retrying(cause, attempt, delay);
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while retrying: " + cause.getMessage());
        }
    }

    private int largestSlot(FetchRange range) {
        long max = 0;
        for (int i = 0; i < range.chunkCount(); i++) {
            max = Math.max(max, ChunkTable.roundUp(table.uncompressedSize(range.chunk(i))));
        }
        return (int) max;
    }
}
