package dev.swiftlet.daemon.cache;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The order in which kernel requests first touched the chunks of the daemon's blobs: what a container's start read,
 * so that an image can be rebuilt with those files first ({@code image build/convert --prefetch-files}). One per
 * daemon; each blob's cache keeps its own record, stamped from one sequence so records of several blobs merge in the
 * order the reads came. A record costs a bit per chunk and 16 bytes per chunk touched.
 */
public final class FirstReads {
    private final AtomicLong sequence = new AtomicLong();

    /** A chunk's first touch: its place in the daemon-wide order, and the chunk. */
    public record Touch(long sequence, int chunk) {}

    /** The record of one blob of {@code chunks} chunks. */
    public Blob forBlob(int chunks) {
        return new Blob(chunks);
    }

    public final class Blob {
        private final int chunks;
        private final BitSet seen;
        private final List<Touch> touches = new ArrayList<>();
        private volatile boolean allSeen;

        private Blob(int chunks) {
            this.chunks = chunks;
            this.seen = new BitSet(chunks);
            this.allSeen = chunks == 0;
        }

        /** Notes chunks {@code [first, end)} as read now, those not read before in the order of their index. */
        void touched(int first, int end) {
            if (allSeen) return;
            synchronized (this) {
                for (int c = seen.nextClearBit(first); c < end; c = seen.nextClearBit(c + 1)) {
                    seen.set(c);
                    touches.add(new Touch(sequence.incrementAndGet(), c));
                }
                if (touches.size() == chunks) allSeen = true;
            }
        }

        /** Every chunk read so far, in the order of first reads. */
        public synchronized List<Touch> touches() {
            return List.copyOf(touches);
        }
    }
}
