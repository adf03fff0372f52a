package dev.swiftlet.daemon.cache;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Fetches ahead of a sequential reader. Kernel requests arrive one readahead window at a time (128 KiB for
 * EROFS) and the reader waits for each; without this, a cold sequential read decodes and verifies one chunk at a
 * time on one core. When a fill continues the current run (it starts inside it or at most a step past its end),
 * the bytes ahead of it are filled in the background on the executor, so several chunks are fetched, decoded and
 * verified in parallel while the reader consumes the current one; its next request then finds them ready or in
 * flight (claims make it wait for them rather than fetch twice). Random readers trigger nothing.
 *
 * <p>How far ahead grows with the run, as the kernel's own readahead does: as far as the run has read so far, at
 * least one {@code step}, at most {@code maxWindow}. A program touching a few neighbouring small files (Python's
 * imports) then costs one step of extra fetching, not a whole window, while a long read soon runs a full window
 * ahead. Pieces are whole {@code step}s, aligned, and grow with the window up to {@code maxPiece} (a registry wants
 * large requests); a piece is scheduled only once a whole one fits, so a long run keeps asking for full pieces.
 */
final class ReadAhead {
    private static final System.Logger LOG = System.getLogger(ReadAhead.class.getName());

    private final FileBlobCache cache;
    private final Executor executor;
    private final CacheWriter writer;
    private final long maxWindow;
    private final long step;
    private final long maxPiece;
    private long runStart = -1;
    private long lastEnd = -1;
    private long scheduledEnd;

    ReadAhead(FileBlobCache cache, Executor executor, CacheWriter writer, long maxWindow, long step, long maxPiece) {
        if (step <= 0 || maxPiece < step || maxWindow < step) {
            throw new IllegalArgumentException(
                    "read-ahead step " + step + ", piece " + maxPiece + ", window " + maxWindow);
        }
        this.cache = cache;
        this.executor = executor;
        this.writer = writer;
        this.maxWindow = maxWindow;
        this.step = step;
        this.maxPiece = maxPiece;
    }

    /** Called after an on-demand fill of {@code [start, end)} succeeded (or found it present). */
    void filled(long start, long end) {
        long from, to, piece;
        synchronized (this) {
            // continuing means starting inside the run or at most one step past its end: the kernel's requests
            // for a file read in order are adjacent. A jump of more than that, even a short one forward (the next
            // module a program imports), starts a new run with nothing read ahead yet.
            boolean sequential = lastEnd >= 0 && start >= runStart && start <= lastEnd + step;
            if (!sequential) {
                // a new run: nothing is known about where it goes yet
                runStart = start;
                lastEnd = end;
                scheduledEnd = 0;
                return;
            }
            lastEnd = Math.max(end, lastEnd);
            long ahead = Math.min(maxWindow, Math.max(step, alignUp(lastEnd - runStart)));
            piece = Math.min(maxPiece, ahead / step * step);
            from = Math.max(alignDown(end), scheduledEnd); // the step holding `end`: its missing rest, then on
            to = Math.min(cache.size(), alignUp(end + ahead));
            if (from >= to) return;
            // wait for a whole piece, unless the run's end is near or nothing is scheduled ahead of the reader yet
            if (to - from < piece && to < cache.size() && scheduledEnd > end) return;
            scheduledEnd = to;
        }
        for (long off = from; off < to; off += piece) {
            long length = Math.min(piece, to - off);
            if (cache.isPresent(off, length)) continue;
            long pieceOffset = off;
            try {
                executor.execute(() -> fill(pieceOffset, length));
            } catch (RejectedExecutionException e) {
                return; // shutting down
            }
        }
    }

    private long alignUp(long offset) {
        return (offset + step - 1) / step * step;
    }

    private long alignDown(long offset) {
        return offset / step * step;
    }

    private void fill(long offset, long length) {
        try {
            cache.prefetch(offset, length, writer);
        } catch (IOException | RuntimeException e) {
            // the reader's own request will fetch it again and report the error with the request
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "read-ahead of " + cache.name() + " at 0x" + Long.toHexString(offset) + ": " + e.getMessage());
        }
    }
}
