package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.AllocatedBytes;
import dev.swiftlet.daemon.cache.CacheEvictor;
import dev.swiftlet.daemon.cache.CacheLimit;
import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.cache.EvictionStats;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.images.ImageSpec;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.TestClock;
import dev.swiftlet.rafs.testing.TreeDigests;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cache limit with cachefiles against the real kernel (6.12 guest): the kernel owns the backing files, so only
 * whole files of blobs and bootstraps no registered image references go, culled with {@code inuse}/{@code cull};
 * one still mounted is left; files found at start outlive the grace period only.
 */
@Tag("in-vm")
class CachefilesCacheLimitInVmTest {
    @Test
    void unreferencedBackingFilesAreCulledAndMountedOnesAreLeft() throws Exception {
        Path root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("limit"));
        Path cacheDir = Files.createDirectories(root.resolve("fscache"));
        ImageTable images = new ImageTable();
        DaemonMetrics metrics = new DaemonMetrics();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        CachefilesDevice device = CachefilesDevice.open();
        device.bind(cacheDir, "swiftlet-limit");
        CachefilesFrontEnd frontEnd = new CachefilesFrontEnd(device, cacheDir, images, workers, workers, metrics);
        Thread loop = Thread.ofPlatform().name("cachefiles-loop").start(() -> {
            try {
                frontEnd.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            BuildResult a = image(root.resolve("a"), 1);
            BuildResult b = image(root.resolve("b"), 2);
            images.register(new ImageSpec(
                    "lim-a",
                    null,
                    a.bootstrap(),
                    FileBackend.Config.of(root.resolve("a/img/blobs")),
                    List.of(),
                    PrefetchPolicy.of(false)));
            images.register(new ImageSpec(
                    "lim-b",
                    null,
                    b.bootstrap(),
                    FileBackend.Config.of(root.resolve("b/img/blobs")),
                    List.of(),
                    PrefetchPolicy.of(false)));
            TestClock clock = new TestClock();
            CacheSpace space = frontEnd.cacheSpace();
            EvictionStats stats = new EvictionStats();
            // cachefiles links a new backing file into the cache directory only when its object is withdrawn (until
            // then it is a tmpfile): read b once and unmount it, so its file is there when b is mounted again below
            try (AutoCloseable first = CachefilesFrontEndInVmTest.mount("fsid=lim-b", root.resolve("mnt-b"))) {
                assertThat(TreeDigests.of(root.resolve("mnt-b"))).isEqualTo(TreeDigests.of(root.resolve("b/src")));
            }
            AutoCloseable mb = CachefilesFrontEndInVmTest.mount("fsid=lim-b", root.resolve("mnt-b"));
            boolean bMounted = true;
            try {
                try (AutoCloseable ma = CachefilesFrontEndInVmTest.mount("fsid=lim-a", root.resolve("mnt-a"))) {
                    assertThat(TreeDigests.of(root.resolve("mnt-a"))).isEqualTo(TreeDigests.of(root.resolve("a/src")));
                    assertThat(TreeDigests.of(root.resolve("mnt-b"))).isEqualTo(TreeDigests.of(root.resolve("b/src")));
                }
                Path blobA = new BackingFiles(cacheDir).find("lim-a", a.blobId());
                Path blobB = new BackingFiles(cacheDir).find("lim-b", b.blobId());
                assertThat(blobA).isNotNull();
                assertThat(blobB).isNotNull();
                long bBytes = AllocatedBytes.of(blobB);
                // the limit holds image b but not both: a, unmounted and released, is culled; b stays
                long limit = bBytes + (1L << 20);
                CacheEvictor evictor = new CacheEvictor(
                        new CacheLimit(
                                limit,
                                bBytes,
                                Duration.ofMinutes(10),
                                CacheLimit.DEFAULT_TICK,
                                CacheLimit.DEFAULT_MIN_IDLE_TICKS),
                        space,
                        new AccessEpoch(),
                        clock,
                        stats);
                assertThat(space.allocatedBytes()).isGreaterThan(limit);
                assertThat(evictor.tick())
                        .as("still referenced: nothing culled")
                        .isGreaterThan(limit);
                images.release(null, "lim-a");
                images.release(null, "lim-b"); // b stays mounted: the kernel has its files open, cull refuses them
                evictor.tick();
                assertThat(Files.exists(blobA)).as("a's blob culled").isFalse();
                assertThat(Files.exists(blobB))
                        .as("b's blob, in use by its mount, left")
                        .isTrue();
                assertThat(stats.evictions.sum()).isPositive();
                assertThat(TreeDigests.of(root.resolve("mnt-b"))).isEqualTo(TreeDigests.of(root.resolve("b/src")));

                // a restarted daemon finds b's files: kept through the grace period, then culled (b unmounted by then)
                CacheSpace restarted = frontEnd.cacheSpace();
                TestClock clock2 = new TestClock();
                CacheEvictor evictor2 = new CacheEvictor(
                        new CacheLimit(
                                1L << 20,
                                0,
                                Duration.ofMinutes(10),
                                CacheLimit.DEFAULT_TICK,
                                CacheLimit.DEFAULT_MIN_IDLE_TICKS),
                        restarted,
                        new AccessEpoch(),
                        clock2,
                        stats);
                mb.close();
                bMounted = false;
                evictor2.tick();
                assertThat(Files.exists(blobB)).as("within the grace period").isTrue();
                clock2.advance(Duration.ofMinutes(10));
                evictor2.tick();
                assertThat(Files.exists(blobB)).as("after the grace period").isFalse();
            } finally {
                if (bMounted) mb.close();
            }
        } finally {
            frontEnd.close();
            loop.join(5000);
            workers.shutdownNow();
        }
    }

    private static BuildResult image(Path dir, int seed) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Random r = new Random(seed);
        for (int i = 0; i < 4; i++) {
            byte[] b = new byte[(2 << 20) + i * 4097];
            r.nextBytes(b);
            Files.write(src.resolve("f" + i), b);
        }
        return new ImageBuilder(BuildOptions.defaults()).build(src, dir.resolve("img"), null);
    }
}
