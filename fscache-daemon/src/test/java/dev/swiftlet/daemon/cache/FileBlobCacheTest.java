package dev.swiftlet.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.FetchStats;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.fetch.plan.ChunkFetcher;
import dev.swiftlet.fetch.plan.PlanLimits;
import dev.swiftlet.fetch.plan.RetryPolicy;
import dev.swiftlet.fetch.testing.ForwardingBackend;
import dev.swiftlet.fetch.verify.CorruptChunkException;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.ChunkTable;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FileBlobCache over a real blob made by the builder, a real sparse cache file on ext4 and a counting backend. */
class FileBlobCacheTest {
    static final int CHUNK = 64 << 10;

    Path tmp;
    byte[] content;
    String blobId;
    ChunkTable table;
    Compression compression;
    CountingBackend backend;
    FetchStats fetchStats;
    CacheStats stats;
    Path cacheFile;
    FileChannel cacheChannel;

    /** Counts reads per stored offset; can hold reads of one offset until released. */
    static final class CountingBackend extends ForwardingBackend {
        final ConcurrentHashMap<Long, AtomicInteger> readsAt = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile long holdAt = -1;
        /** Counted down when a read of {@code holdAt} has arrived and is being held. */
        final CountDownLatch held = new CountDownLatch(1);

        final CountDownLatch release = new CountDownLatch(1);
        /** Stored lengths of the requests, in the order they were made. */
        final List<Long> requestLengths = java.util.Collections.synchronizedList(new ArrayList<>());

        volatile Runnable onRead = () -> {};
        volatile Runnable afterRead = () -> {};

        CountingBackend(Backend real) {
            super("counting", real);
        }

        @Override
        public void read(String blobId, long offset, ByteBuffer dst) throws FetchException {
            reads.incrementAndGet();
            readsAt.computeIfAbsent(offset, k -> new AtomicInteger()).incrementAndGet();
            requestLengths.add((long) dst.remaining());
            onRead.run();
            try {
                if (offset == holdAt) {
                    held.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                throw new FetchException(blobId, offset, dst.remaining(), "test", "interrupted", false);
            }
            try {
                real.read(blobId, offset, dst);
            } finally {
                afterRead.run();
            }
        }
    }

    @BeforeEach
    void build() throws IOException {
        tmp = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-cache-test");
        content = new byte[4 << 20];
        Random random = new Random(42);
        for (int i = 0; i < content.length; i += 1024) {
            if ((i / 1024) % 2 == 0) for (int j = i; j < i + 1024; j++) content[j] = (byte) random.nextInt();
            else for (int j = i; j < i + 1024; j++) content[j] = (byte) ('A' + j % 23);
        }
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("data"), content);
        BuildResult r = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.SHA256, CHUNK, null))
                .build(src, tmp.resolve("out"), null);
        RafsImage image = RafsImage.open(r.bootstrap());
        BlobInfo info = image.blobs().getFirst();
        blobId = info.id();
        table = image.chunkTable(info.index());
        compression = info.compression();
        cacheFile = tmp.resolve("cache");
        openCacheFile();
    }

    void openCacheFile() throws IOException {
        cacheChannel = FileChannel.open(
                cacheFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (cacheChannel.size() != table.uncompressedSize())
            cacheChannel.truncate(0).write(ByteBuffer.allocate(1), table.uncompressedSize() - 1);
    }

    @AfterEach
    void cleanUp() throws IOException {
        cacheChannel.close();
        try (var walk = Files.walk(tmp)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    FileBlobCache cache(ChunkStates states, PlanLimits limits) {
        backend = new CountingBackend(new FileBackend(FileBackend.Config.of(tmp.resolve("out/blobs"))));
        fetchStats = new FetchStats();
        stats = new CacheStats();
        ChunkFetcher fetcher = new ChunkFetcher(
                backend,
                blobId,
                table,
                Codecs.of(compression),
                new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(2), 0),
                fetchStats);
        return new FileBlobCache(
                "test/" + blobId, fetcher, states, limits, stats, table.uncompressedSize(), new AccessEpoch());
    }

    CacheWriter writer() {
        return (offset, data) -> {
            while (data.hasRemaining()) offset += cacheChannel.write(data, offset);
        };
    }

    /** The cache file's bytes over the content's range equal the source file's. */
    void assertCacheHolds(long offset, long length) throws IOException {
        ByteBuffer got = ByteBuffer.allocate((int) length);
        cacheChannel.read(got, offset);
        for (int i = 0; i < length; i++) {
            if (got.get(i) != content[(int) offset + i]) throw new AssertionError("cache byte at " + (offset + i));
        }
    }

    @Test
    void aSmallReadOfABigBlobFetchesAtMostOneBatch() throws IOException {
        FileBlobCache cache = cache(new ChunkStates(table.size()), new PlanLimits(256 << 10, 8 << 20, 0));
        cache.fill(1 << 20, 4096, writer());
        assertCacheHolds(1 << 20, 4096);
        assertThat(fetchStats.requests.sum()).isEqualTo(1);
        assertThat(stats.bytesFilled.sum()).isEqualTo(256 << 10); // 4 chunks of 64 KiB: the read plus amplification
        assertThat(fetchStats.bytes.sum()).isLessThan(256 << 10);
        assertThat(cache.isPresent(1 << 20, 256 << 10)).isTrue();
        assertThat(cache.isPresent((1 << 20) + (256 << 10), 1)).isFalse();
        cache.fill(1 << 20, 8192, writer());
        assertThat(stats.hits.sum()).isEqualTo(1);
        assertThat(backend.reads.get()).isEqualTo(1);
    }

    @Test
    void concurrentReadersOfTheSameChunksCauseOneFetchEach() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT.withoutAmplification());
        backend.holdAt = table.compressedOffset(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long offset = (t % 2) * 4096L; // all overlap chunks 0..15
                all.add(pool.submit(() -> {
                    cache.fill(offset, 1 << 20, writer());
                    return null;
                }));
            }
            // chunk 0's fetch is held in the backend; each other reader fetches what nobody has claimed, then waits
            // for the chunks in flight from the lowest up, so its first wait is on chunk 0. The wait has no signal of
            // its own but the counter, so this polls it (a condition, not a guessed time) before letting chunk 0 go.
            assertThat(backend.held.await(30, TimeUnit.SECONDS))
                    .as("chunk 0 requested")
                    .isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (stats.sharedWaits.sum() < 7 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(stats.sharedWaits.sum())
                    .as("the seven other readers wait for chunk 0's fetch")
                    .isEqualTo(7);
            backend.release.countDown();
            for (Future<?> f : all) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertCacheHolds(0, (1 << 20) + 4096);
        int fetchedChunks = 0;
        for (int c = 0; c < table.size(); c++) {
            AtomicInteger n = backend.readsAt.get(table.compressedOffset(c));
            if (n != null)
                assertThat(n.get()).as("reads starting at chunk %d", c).isEqualTo(1);
        }
        assertThat(stats.chunksFilled.sum())
                .isEqualTo(17); // chunks 0..16 (the +4096 reader reaches chunk 16), once each
    }

    @Test
    void aSlowFetchDoesNotHoldUpAnotherRange() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT.withoutAmplification());
        backend.holdAt = table.compressedOffset(0);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> slow = pool.submit(() -> {
                cache.fill(0, 4096, writer());
                return null;
            });
            assertThat(backend.held.await(30, TimeUnit.SECONDS))
                    .as("the slow fetch is under way")
                    .isTrue();
            // were this fill to wait for the held one it would return only after the release below: never here
            cache.fill(40L * CHUNK, 4096, writer());
            assertThat(slow.isDone()).as("the slow fill still held").isFalse();
            backend.release.countDown();
            slow.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertCacheHolds(0, 4096);
        assertCacheHolds(40L * CHUNK, 4096);
    }

    @Test
    void aCorruptChunkStaysAHoleAndOnlyItsRangeFails() throws Exception {
        int bad = 5;
        Path blobFile = tmp.resolve("out/blobs").resolve(blobId);
        try (FileChannel ch = FileChannel.open(blobFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long at = table.compressedOffset(bad) + table.compressedSize(bad) / 2;
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            ch.write(one, at);
        }
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT.withoutAmplification());
        assertThatThrownBy(() -> cache.fill((long) bad * CHUNK, 4096, writer()))
                .isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("chunk " + bad)
                .hasMessageContaining(blobId);
        assertThat(cache.states().isReady(bad)).isFalse();
        try (Fd fd = Fd.openForReading(cacheFile)) {
            assertThat(fd.seekData((long) bad * CHUNK)).isNotEqualTo((long) bad * CHUNK); // still a hole
        }
        // a range spanning the bad chunk delivers its good chunks, then fails
        assertThatThrownBy(() -> cache.fill((long) (bad - 1) * CHUNK, 3L * CHUNK, writer()))
                .isInstanceOf(IOException.class);
        assertCacheHolds((long) (bad - 1) * CHUNK, CHUNK);
        assertCacheHolds((long) (bad + 1) * CHUNK, CHUNK);
        cache.fill(20L * CHUNK, CHUNK, writer());
        assertCacheHolds(20L * CHUNK, CHUNK);
        assertThat(stats.failures.sum()).isEqualTo(2);
    }

    @Test
    void aRestartedCacheFetchesNothingTheFileHolds() throws Exception {
        FileBlobCache first = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT.withoutAmplification());
        first.fill(0, 4L * CHUNK, writer());
        first.fill(30L * CHUNK, 2L * CHUNK, writer());
        cacheChannel.force(true);
        cacheChannel.close();
        openCacheFile();
        ChunkStates restored = new ChunkStates(table.size());
        try (Fd fd = Fd.openForReading(cacheFile)) {
            assertThat(restored.restore(new FdHoleProbe(fd), table)).isEqualTo(6);
        }
        FileBlobCache second = cache(restored, PlanLimits.DEFAULT);
        second.fill(0, 4L * CHUNK, writer());
        second.fill(30L * CHUNK, 2L * CHUNK, writer());
        assertThat(backend.reads.get()).isZero();
        second.fill(26L * CHUNK, 4096, writer()); // amplified over 26..29, stopping at the restored chunk 30
        assertThat(second.states().readyChunks()).isEqualTo(10);
        assertThat(backend.reads.get()).isEqualTo(1);
        assertCacheHolds(26L * CHUNK, 6L * CHUNK);
    }

    /** Runs a prefetch with {@code policy} on {@code pool} and waits for it to end; returns the nanoseconds taken. */
    long prefetch(FileBlobCache cache, PrefetchPolicy policy, ExecutorService pool, Runnable whileRunning)
            throws Exception {
        Prefetcher p = new Prefetcher(cache, writer(), policy);
        CountDownLatch done = new CountDownLatch(1);
        long began = System.nanoTime();
        p.start(pool, done::countDown);
        whileRunning.run();
        assertThat(done.await(60, TimeUnit.SECONDS)).as("prefetch ended").isTrue();
        long nanos = System.nanoTime() - began;
        assertThat(p.finished()).isTrue();
        return nanos;
    }

    @Test
    void prefetchFillsTheWholeBlobWithinItsBandwidth() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT);
        long rate = 16L << 20; // 4 MiB at 16 MiB/s: about 0.25 s
        int fill = 256 << 10;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // four fills at a time share one budget: together they keep to the rate
            long nanos = prefetch(cache, new PrefetchPolicy(true, 4, fill, rate), pool, () -> {
                try {
                    cache.fill(3L << 20, 4096, writer()); // on demand while prefetching
                    assertCacheHolds(3L << 20, 4096);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(cache.isComplete()).isTrue();
            assertCacheHolds(0, content.length);
            // every fill waited for the budget of the ones reserved before it, so the floor is what was fetched less
            // the last fill, at the rate (a piece the on-demand fill completed first is skipped, unbudgeted)
            long prefetched = stats.bytesPrefetched.sum();
            assertThat(prefetched).isGreaterThanOrEqualTo(content.length - 2L * (1 << 20));
            assertThat(nanos).isGreaterThanOrEqualTo((long) ((prefetched - fill) * 1e9 / rate));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The pacing on a clock the test moves: the clock stands still except by the waits the prefetcher asks for, so
     * each piece after the first must wait exactly its share of the budget, and the run takes no wall time for it.
     */
    @Test
    void prefetchWaitsEachPieceItsShareOfTheBudgetOnItsClock() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT);
        long rate = 1L << 20; // 4 MiB at 1 MiB/s: 3.75 s of waiting on a real clock
        int fill = 256 << 10;
        AtomicLong now = new AtomicLong(123_456_789);
        List<Long> waits = new CopyOnWriteArrayList<>();
        Prefetcher.Delays movingTheClock = (nanos, task) -> {
            waits.add(nanos);
            now.addAndGet(nanos);
            task.run();
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Prefetcher p = new Prefetcher(
                    cache, writer(), new PrefetchPolicy(true, 1, fill, rate), List.of(), now::get, movingTheClock);
            CountDownLatch done = new CountDownLatch(1);
            p.start(pool, done::countDown);
            assertThat(done.await(60, TimeUnit.SECONDS)).as("prefetch ended").isTrue();
            assertThat(cache.isComplete()).isTrue();
            assertCacheHolds(0, content.length);
            // a quarter of a second per 256 KiB piece at 1 MiB/s, for every piece but the first (due at once)
            int pieces = content.length / fill;
            assertThat(waits).hasSize(pieces - 1).containsOnly(250_000_000L);
            assertThat(stats.bytesPrefetched.sum()).isEqualTo(content.length);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void prefetchRunsAtMostItsThreadCountOfFillsAtOnce() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT);
        int threads = 3;
        AtomicInteger inFlight = new AtomicInteger(), most = new AtomicInteger();
        CountDownLatch allIn = new CountDownLatch(threads);
        backend.onRead = () -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            allIn.countDown();
            try {
                // the first reads wait until `threads` are in flight together: a prefetch that ran fewer at once
                // would make each of them wait out the timeout and the assertion below fail
                allIn.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        backend.afterRead = inFlight::decrementAndGet;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            prefetch(cache, new PrefetchPolicy(true, threads, 256 << 10, 0), pool, () -> {});
        } finally {
            pool.shutdownNow();
        }
        assertThat(allIn.getCount()).as("fills in flight together").isZero();
        assertThat(most.get()).isEqualTo(threads);
        assertThat(cache.isComplete()).isTrue();
        assertCacheHolds(0, content.length);
    }

    @Test
    void prefetchFillsArePiecesOfTheMergingSize() throws Exception {
        for (int fill : new int[] {256 << 10, 1 << 20}) {
            FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                prefetch(cache, new PrefetchPolicy(true, 1, fill, 0), pool, () -> {});
            } finally {
                pool.shutdownNow();
            }
            assertThat(cache.isComplete()).isTrue();
            // one backend request per piece, each the stored bytes of exactly the chunks of its piece
            List<Long> expected = new ArrayList<>();
            int perPiece = fill / CHUNK;
            for (int first = 0; first < table.size(); first += perPiece) {
                int last = Math.min(first + perPiece, table.size()) - 1;
                expected.add(table.compressedOffset(last) + table.compressedSize(last) - table.compressedOffset(first));
            }
            assertThat(backend.requestLengths)
                    .as("backend requests of %d-byte fills", fill)
                    .containsExactlyElementsOf(expected);
        }
    }

    /**
     * Read-ahead's executor, remembering what it was given. Read-ahead hands its pieces over before the on-demand
     * fill (or hit) that triggered it returns, and a piece schedules nothing further, so once the work handed over
     * so far has run, whatever that fill was going to read ahead is in the cache: "not read ahead" is then certain.
     */
    static final class TrackedExecutor implements java.util.concurrent.Executor, AutoCloseable {
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        private final List<java.util.concurrent.CompletableFuture<Void>> handedOver =
                java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void execute(Runnable task) {
            handedOver.add(java.util.concurrent.CompletableFuture.runAsync(task, pool));
        }

        int tasks() {
            return handedOver.size();
        }

        /** Waits for every task handed over so far to end. */
        void awaitIdle() throws Exception {
            java.util.concurrent.CompletableFuture<?>[] all;
            synchronized (handedOver) {
                all = handedOver.toArray(java.util.concurrent.CompletableFuture<?>[]::new);
            }
            java.util.concurrent.CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    @Test
    void sequentialReadersAreReadAheadOfAndRandomOnesAreNot() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT.withoutAmplification());
        try (TrackedExecutor ahead = new TrackedExecutor()) {
            cache.readAhead(ahead, writer(), 8L * CHUNK, 2L * CHUNK);
            cache.fill(10L * CHUNK, 4096, writer()); // first read: nothing to continue
            cache.fill(40L * CHUNK, 4096, writer()); // a jump: random, still nothing
            assertThat(ahead.tasks())
                    .as("read-ahead pieces for a random reader")
                    .isZero();
            assertThat(cache.states().readyChunks()).isEqualTo(2);
            // continues the last read: a short run is read ahead by one step (2 chunks) past its step
            cache.fill(40L * CHUNK + 4096, 4096, writer());
            ahead.awaitIdle();
            assertThat(cache.isPresent(41L * CHUNK, 3L * CHUNK))
                    .as("chunks 41..43 read ahead")
                    .isTrue();
            assertThat(cache.states().isReady(44)).as("chunk 44: past the step").isFalse();
            assertCacheHolds(41L * CHUNK, 3L * CHUNK);
            int reads = backend.reads.get();
            assertThat(cache.tryHit(42L * CHUNK + 4096, 4096)).isTrue(); // a hit keeps read-ahead going, further
            ahead.awaitIdle();
            assertThat(cache.isPresent(44L * CHUNK, 4L * CHUNK))
                    .as("chunks 44..47 read ahead")
                    .isTrue();
            assertThat(backend.reads.get()).isGreaterThan(reads);
            assertThat(stats.bytesPrefetched.sum()).isPositive();
        }
    }

    @Test
    void readAheadGrowsWithTheRunUpToItsWindow() throws Exception {
        FileBlobCache cache = cache(new ChunkStates(table.size()), PlanLimits.DEFAULT.withoutAmplification());
        try (TrackedExecutor ahead = new TrackedExecutor()) {
            cache.readAhead(ahead, writer(), 8L * CHUNK, 1L * CHUNK);
            // a reader moving through the blob a chunk at a time, each request waiting like the kernel's
            for (int c = 0; c < 20; c++) {
                cache.fill((long) c * CHUNK, CHUNK, writer());
            }
            // 20 chunks into the run the window is at its maximum: 8 chunks past the reader, not more
            ahead.awaitIdle();
            assertThat(cache.isPresent(20L * CHUNK, 8L * CHUNK))
                    .as("chunks 20..27 read ahead")
                    .isTrue();
            assertThat(cache.states().isReady(28))
                    .as("chunk 28: past the window")
                    .isFalse();
            assertCacheHolds(0, 28L * CHUNK);
        }
    }

    /**
     * A fill whose fetch fails after delivering a chunk leaves alone an eviction that took that chunk meanwhile: it
     * releases only the claims still its own and waits for the eviction like any reader (then fails, as its fetch
     * did; the kernel's retry fills both chunks). (Ending the eviction's claim would let another fill write the chunk just before the eviction punches
     * it: a reader would get the hole with the ready bit set.)
     */
    @Test
    void aFailedFetchLeavesTheEvictionOfAChunkItDeliveredAlone() throws Exception {
        ChunkStates states = new ChunkStates(table.size());
        FileBlobCache cache = cache(states, PlanLimits.DEFAULT.withoutAmplification());
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicBoolean evicted = new java.util.concurrent.atomic.AtomicBoolean();
        CacheWriter plain = writer();
        CacheWriter failSecondOnce = (offset, data) -> {
            if (offset != 0 && first.getAndSet(false)) {
                // chunk 0 is delivered and ready: an eviction takes it now, then this write fails the fetch
                evicted.set(states.tryEvict(0, Integer.MAX_VALUE));
                throw new IOException("disk full (test)");
            }
            plain.write(offset, data);
        };
        var fill = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                cache.fill(0, 2L * CHUNK, failSecondOnce);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // the fill waiting on the eviction's claim has no signal but the counter: polled, with a deadline
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (stats.sharedWaits.sum() == 0 && !fill.isDone() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(evicted).isTrue();
        assertThat(states.inFlight(0))
                .as("the eviction's claim on chunk 0, after the fetch failed")
                .isNotNull()
                .isNotDone();
        states.endEviction(0, false); // punched
        assertThatThrownBy(() -> fill.get(30, TimeUnit.SECONDS)).hasMessageContaining("disk full (test)");
        cache.fill(0, 2L * CHUNK, failSecondOnce); // the retry
        assertThat(states.allReady(0, 2)).isTrue();
        ByteBuffer back = ByteBuffer.allocate(2 * CHUNK);
        cacheChannel.read(back, 0);
        assertThat(java.util.Arrays.copyOf(back.array(), 2 * CHUNK))
                .isEqualTo(java.util.Arrays.copyOf(content, 2 * CHUNK));
    }
}
