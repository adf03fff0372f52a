package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.daemon.cache.CacheEvictor;
import dev.swiftlet.daemon.cache.CacheLimit;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.rafs.testing.TestClock;
import dev.swiftlet.sys.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache limit end to end on the host kernel: a fanotify daemon with {@code --cache-size}, three raw mkfs.erofs
 * images (8 MiB of random data each, 1 MiB chunks) whose blobs together are twice the limit, file-backed EROFS
 * mounts over the daemon's sparse cache files on ext4 under /var/tmp. The directory is measured as {@code du} does
 * (allocated blocks), every file is checked by sha256, and refetches show in the fetch counters. Needs root and
 * Linux 6.14+.
 */
class CacheLimitTest {
    static final long LIMIT = 12L << 20;
    static final long LOW_WATER = 10L << 20;
    static final int IMAGES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    Path dir;
    Daemon daemon;
    final Map<String, String> sums = new LinkedHashMap<>(); // "imgN/name" -> sha256 of the source
    final Map<String, JsonNode> plans = new LinkedHashMap<>();
    final List<Path> mounted = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("these tests need root (mount, fanotify)")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-cache-limit-");
        Random random = new Random(19);
        for (int i = 0; i < IMAGES; i++) {
            String img = "img" + i;
            Path src = Files.createDirectories(dir.resolve("src/" + img));
            byte[] big = new byte[5 << 20];
            random.nextBytes(big);
            Files.write(src.resolve("big.bin"), big);
            for (int f = 0; f < 6; f++) {
                byte[] small = new byte[500_000 + f * 4097];
                random.nextBytes(small);
                Files.write(src.resolve("f" + f), small);
            }
            try (Stream<Path> files = Files.list(src)) {
                for (Path p : files.toList()) sums.put(img + "/" + p.getFileName(), Sha256.hex(p));
            }
            Path blobs = Files.createDirectories(dir.resolve("blobs/" + img));
            run(
                    "mkfs.erofs",
                    "--chunksize=65536",
                    "--blobdev=" + blobs.resolve("data.img"),
                    dir.resolve(img + ".boot").toString(),
                    src.toString());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Path m : mounted) {
            try {
                Mounts.umount(m, 0);
            } catch (Exception ignored) {
                // not mounted
            }
        }
        if (daemon != null) daemon.close();
        run("rm", "-rf", dir.toString());
    }

    private Daemon start(InstantSource clock) throws Exception {
        CacheLimit limit = new CacheLimit(
                LIMIT, LOW_WATER, Duration.ofMinutes(10), CacheLimit.DEFAULT_TICK, CacheLimit.DEFAULT_MIN_IDLE_TICKS);
        Daemon d = new Daemon(
                new DaemonConfig(
                                DaemonConfig.FrontEndKind.FANOTIFY,
                                dir.resolve("cache"),
                                dir.resolve("run/api.sock"),
                                4,
                                null,
                                "cache-limit")
                        .withCacheLimit(limit),
                clock);
        d.start();
        return d;
    }

    /** Registers the image (POST /api/v1/swiftlet/mounts, as {@code swiftlet mount}) and mounts it. */
    private Path mount(String img) throws Exception {
        String body = """
                {"type":"bootstrap","id":"%s","config":{"backend_type":"localfs","backend_config":{"dir":"%s"},
                 "prefetch_config":{"enable":false},"metadata_path":"%s"},"device_names":["data.img"]}""".formatted(img, dir.resolve("blobs/" + img), dir.resolve(img + ".boot"));
        ApiResponse r = new AdminClient(dir.resolve("run/api.sock")).request("POST", "/api/v1/swiftlet/mounts", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        plans.put(img, JSON.readTree(r.body()));
        Path mnt = Files.createDirectories(dir.resolve("mnt/" + img));
        mountAgain(img);
        mounted.add(mnt);
        return mnt;
    }

    /** A fresh mount of a registered image: its EROFS page cache is empty, so every read reaches the cache file. */
    private void mountAgain(String img) throws Exception {
        JsonNode plan = plans.get(img);
        Mounts.mountErofs(
                plan.path("source").asText(),
                dir.resolve("mnt/" + img),
                plan.path("options").asText());
    }

    private void remount(String img) throws Exception {
        Mounts.umount(dir.resolve("mnt/" + img), 0);
        mountAgain(img);
    }

    /** Reads every file of the image through its mount and compares it with the source. */
    private void readAllAndCheck(String img) throws Exception {
        for (Map.Entry<String, String> e : sums.entrySet()) {
            if (!e.getKey().startsWith(img + "/")) continue;
            Path p = dir.resolve("mnt").resolve(e.getKey());
            assertThat(Sha256.hex(p)).as(p.toString()).isEqualTo(e.getValue());
        }
    }

    /** Allocated bytes of the cache directory, as du counts them (st_blocks of every file and directory). */
    private long du() throws Exception {
        Process p = new ProcessBuilder("du", "-sB1", dir.resolve("cache").toString()).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private long blobBytes() throws Exception {
        long total = 0;
        for (int i = 0; i < IMAGES; i++) total += Files.size(dir.resolve("blobs/img" + i + "/data.img"));
        return total;
    }

    @Test
    void fillingPastTheLimitEvictsOldDataKeepsTheDirectoryUnderItAndRefetchesWhatIsReadAgain() throws Exception {
        // a cache file a previous run left, that no image registers: kept through the grace period, then deleted
        Path stale = Files.createDirectories(dir.resolve("cache/blobs/gone")).resolve("old-blob");
        byte[] junk = new byte[2 << 20];
        new Random(1).nextBytes(junk);
        Files.write(stale, junk);
        TestClock clock = new TestClock();
        daemon = start(clock);
        CacheEvictor evictor = daemon.cacheEvictor();
        assertThat(blobBytes()).isGreaterThan(LIMIT + LIMIT / 2);
        evictor.tick();
        assertThat(stale).exists();
        clock.advance(Duration.ofMinutes(10));
        evictor.tick();
        assertThat(stale).doesNotExist();

        for (int i = 0; i < IMAGES; i++) {
            String img = "img" + i;
            mount(img);
            readAllAndCheck(img);
            idle(clock, evictor); // what was read is no longer in use
            long du = du();
            assertThat(du).as("du after reading " + img).isLessThanOrEqualTo(LIMIT);
            assertThat(daemon.metrics().eviction.cacheBytes.get()).isLessThanOrEqualTo(LIMIT);
        }
        Map<String, Long> stats = daemon.metrics().snapshot();
        assertThat(stats.get("evictions")).isPositive();
        assertThat(stats.get("bytes_evicted")).isGreaterThanOrEqualTo(blobBytes() - LIMIT);
        assertThat(stats.get("cache_limit_bytes")).isEqualTo(LIMIT);
        assertThat(stats.get("cache_bytes")).isPositive().isLessThanOrEqualTo(LIMIT);

        // img0 was read first, so it lost the most: read again through a cold mount, evicted chunks come back from
        // the backend (a punched range raises an event again) and every byte is right
        long fetchedBefore = daemon.metrics().fetch.bytes.sum();
        remount("img0");
        readAllAndCheck("img0");
        long refetched = daemon.metrics().fetch.bytes.sum() - fetchedBefore;
        assertThat(refetched).isPositive();
        assertThat(daemon.metrics().failures.sum()).isZero();
        idle(clock, evictor);
        assertThat(du()).isLessThanOrEqualTo(LIMIT);
    }

    /** Moves the clock and the evictor on until what was read so far is no longer in use (the last pass evicts). */
    private static void idle(TestClock clock, CacheEvictor evictor) throws Exception {
        for (int i = 0; i < CacheLimit.DEFAULT_MIN_IDLE_TICKS; i++) {
            clock.advance(CacheLimit.DEFAULT_TICK);
            evictor.tick();
        }
    }

    @Test
    void anEvictionInProgressDoesNotStallAReaderOfAnotherImage() throws Exception {
        TestClock clock = new TestClock();
        daemon = start(clock);
        CacheEvictor evictor = daemon.cacheEvictor();
        mount("img0");
        mount("img1");
        readAllAndCheck("img0");
        readAllAndCheck("img1");
        for (int i = 0; i < CacheLimit.DEFAULT_MIN_IDLE_TICKS - 1; i++) {
            clock.advance(CacheLimit.DEFAULT_TICK);
            evictor.tick(); // 16 MiB cached, but all of it in use yet
        }
        clock.advance(CacheLimit.DEFAULT_TICK); // the pass below may evict img0 and img1
        mount("img2"); // not read yet: its reads need fills while the eviction is held

        CountDownLatch evicting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        evictor.beforeEach(u -> {
            if (!first.getAndSet(false)) return;
            evicting.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // 16 MiB cached, limit 12 MiB, and img2's reads bring it to 24: an eviction pass is due
        CompletableFuture<Long> pass = CompletableFuture.supplyAsync(() -> {
            try {
                return evictor.tick();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        CompletableFuture<Void> reader = new CompletableFuture<>();
        try {
            // force the pass: read part of img2 so the cache is over the limit, then wait until the pass is held
            assertThat(Sha256.hex(dir.resolve("mnt/img2/f0"))).isEqualTo(sums.get("img2/f0"));
            assertThat(evicting.await(60, TimeUnit.SECONDS))
                    .as("an eviction pass started")
                    .isTrue();
            // the pass is stopped in the middle of evicting: a reader of another image runs to the end meanwhile
            Thread.ofPlatform().start(() -> {
                try {
                    readAllAndCheck("img2");
                    reader.complete(null);
                } catch (Throwable t) {
                    reader.completeExceptionally(t);
                }
            });
            reader.get(60, TimeUnit.SECONDS);
            assertThat(pass).isNotDone();
        } finally {
            release.countDown();
        }
        pass.get(60, TimeUnit.SECONDS);
        assertThat(daemon.metrics().failures.sum()).isZero();
        assertThat(daemon.metrics().eviction.evictions.sum()).isPositive();
    }

    /**
     * Readers of every image re-read through cold mounts while the evictor, on the real clock, punches what they read
     * a few seconds ago, in passes that overlap the other readers' reads: a reader that got a punched range would read
     * zeros and its sha256 would differ. Evicted data is fetched again and nothing fails.
     */
    @Test
    void readersUnderConstantEvictionAlwaysGetTheRightBytes() throws Exception {
        daemon = start(Clock.systemUTC());
        CacheEvictor evictor = daemon.cacheEvictor();
        ReentrantLock lock = new ReentrantLock();
        Condition evicted = lock.newCondition();
        AtomicLong evictions = new AtomicLong();
        evictor.beforeEach(u -> {
            lock.lock();
            try {
                evictions.incrementAndGet();
                evicted.signalAll();
            } finally {
                lock.unlock();
            }
        });
        for (int i = 0; i < IMAGES; i++) mount("img" + i);
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            String img = "img" + i;
            CompletableFuture<Integer> done = new CompletableFuture<>();
            readers.add(done);
            Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 1; round <= 4; round++) {
                        remount(img);
                        readAllAndCheck(img);
                        // then wait for the evictor to evict something more (what this reader read goes idle meanwhile)
                        long seen = evictions.get();
                        lock.lock();
                        try {
                            while (evictions.get() == seen) {
                                if (!evicted.await(60, TimeUnit.SECONDS))
                                    throw new AssertionError("no eviction in 60 s");
                            }
                        } finally {
                            lock.unlock();
                        }
                    }
                    done.complete(4);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            });
        }
        for (CompletableFuture<Integer> r : readers)
            assertThat(r.get(300, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(daemon.metrics().eviction.bytesEvicted.sum()).isGreaterThanOrEqualTo(blobBytes());
        assertThat(daemon.metrics().fetch.bytes.sum()).isGreaterThan(blobBytes() + blobBytes() / 2);
        assertThat(daemon.metrics().failures.sum()).isZero();
    }

    private static void run(String... cmd) throws Exception {
        FanotifyMountTest.run(cmd);
    }
}
