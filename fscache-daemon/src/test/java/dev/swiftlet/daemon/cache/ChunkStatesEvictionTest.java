package dev.swiftlet.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@link ChunkStates#tryEvict}: what an eviction may take and what readers see while it runs. */
class ChunkStatesEvictionTest {
    static ChunkStates readyStates(int chunks) {
        ChunkStates s = new ChunkStates(chunks);
        for (int c = 0; c < chunks; c++) {
            assertThat(s.claim(c)).isNull();
            s.markReady(c);
        }
        return s;
    }

    @Test
    void anIdleReadyChunkIsEvictedReadyBitFirstAndReadersRefetchIt() throws Exception {
        ChunkStates s = readyStates(4);
        s.touch(0, 4, 3);
        assertThat(s.tryEvict(1, 5)).isTrue();
        // while the hole is punched: not ready, and a reader waits for the eviction instead of fetching
        assertThat(s.isReady(1)).isFalse();
        assertThat(s.readyChunks()).isEqualTo(3);
        CompletableFuture<Void> waiting = s.claim(1);
        assertThat(waiting).isNotNull();
        s.endEviction(1, false);
        assertThat(waiting).isCompletedExceptionally();
        // then the reader claims it and fills it again
        assertThat(s.claim(1)).isNull();
        s.markReady(1);
        assertThat(s.isComplete()).isTrue();
    }

    @Test
    void aChunkAReadIsFillingIsNeverEvicted() {
        ChunkStates s = new ChunkStates(2);
        assertThat(s.claim(0)).isNull(); // a fill holds it
        assertThat(s.tryEvict(0, Integer.MAX_VALUE)).isFalse();
        s.markReady(0);
        // ready but claimed by another eviction: no second one
        assertThat(s.tryEvict(0, Integer.MAX_VALUE)).isTrue();
        assertThat(s.tryEvict(0, Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void aChunkUsedInTheProtectedEpochsIsKept() {
        ChunkStates s = readyStates(2);
        s.touch(0, 1, 7);
        s.touch(1, 2, 4);
        assertThat(s.tryEvict(0, 7)).isFalse();
        assertThat(s.isReady(0)).isTrue();
        assertThat(s.tryEvict(1, 7)).isTrue();
    }

    @Test
    void aFailedPunchLeavesTheChunkReadyAndWakesWaitersWithIt() throws Exception {
        ChunkStates s = readyStates(1);
        assertThat(s.tryEvict(0, 9)).isTrue();
        CompletableFuture<Void> waiting = s.claim(0);
        s.endEviction(0, true);
        assertThat(s.isReady(0)).isTrue();
        assertThat(waiting.get()).isNull();
        assertThat(s.readyChunks()).isEqualTo(1);
    }

    /**
     * A reader stamps, then checks ready; an eviction clears ready, then checks the stamp (volatile accesses both): a
     * reader that found the chunk ready is always seen by the eviction, which then puts the chunk back as it was.
     */
    @Test
    void aReaderThatFoundTheChunkReadyBeforeTheBitWasClearedKeepsIt() throws Exception {
        ChunkStates s = readyStates(1);
        s.touch(0, 1, 10);
        assertThat(s.isReady(0)).isTrue(); // the reader's answer is ALLOW: the kernel reads the cache file next
        assertThat(s.tryEvict(0, 10)).isFalse();
        assertThat(s.isReady(0)).isTrue();
        assertThat(s.readyChunks()).isEqualTo(1);
        assertThat(s.claim(0)).isDone(); // no claim left behind: ready, nothing to fetch
    }

    @Test
    void restoredChunksStartUnused() {
        ChunkStates s = new ChunkStates(2);
        assertThat(s.lastUse(0)).isZero();
        assertThat(s.lastUse(1)).isZero();
    }
}
