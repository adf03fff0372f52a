package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.images.ImageSpec;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.RawImages;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.rafs.testing.TreeDigests;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cachefiles front end against the real kernel (6.12 guest): images are registered, mounted with
 * {@code mount -t erofs -o fsid=...} (no device files: the kernel asks the daemon for everything) and every
 * file read through the mount must match its source by sha256.
 */
@Tag("in-vm")
public class CachefilesFrontEndInVmTest {
    static Path root;
    static ImageTable images;
    static DaemonMetrics metrics;
    static CachefilesFrontEnd frontEnd;
    static ExecutorService workers;
    static Thread loop;

    @BeforeAll
    static void startFrontEnd() throws Exception {
        root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("e2e"));
        images = new ImageTable();
        metrics = new DaemonMetrics();
        workers = Executors.newVirtualThreadPerTaskExecutor();
        CachefilesDevice device = CachefilesDevice.open();
        device.bind(Files.createDirectories(root.resolve("fscache")), "swiftlet-e2e");
        frontEnd = new CachefilesFrontEnd(device, null, images, workers, workers, metrics);
        loop = Thread.ofPlatform().name("cachefiles-loop").start(() -> {
            try {
                frontEnd.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        frontEnd.close();
        loop.join(5000);
        workers.shutdownNow();
    }

    public static Path tree(Path dir, int files, int seed) throws IOException {
        Random r = new Random(seed);
        for (int i = 0; i < files; i++) {
            Path d = Files.createDirectories(dir.resolve("d" + (i % 7)));
            byte[] b = new byte[i == 0 ? 0 : i % 5 == 0 ? (1 << 20) * 2 + 333 : r.nextInt(70_000)];
            if (i % 2 == 0) r.nextBytes(b);
            else for (int k = 0; k < b.length; k++) b[k] = (byte) ('a' + k % 19);
            Files.write(d.resolve("f" + i), b);
        }
        Files.createSymbolicLink(dir.resolve("link"), Path.of("d1/f1"));
        return dir;
    }

    static AutoCloseable mount(String options, Path mnt) throws Exception {
        Files.createDirectories(mnt);
        Mounts.mountErofs("none", mnt, options);
        return () -> Mounts.umount(mnt, 0);
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"ZSTD", "LZ4_BLOCK", "NONE"})
    void builtImagesReadBackThroughTheKernel(Compression c) throws Exception {
        Path work = Files.createDirectories(root.resolve("built-" + c));
        Path src = tree(work.resolve("src"), 60, c.ordinal());
        BuildResult r = new ImageBuilder(new BuildOptions(c, DigestAlgorithm.BLAKE3, 1 << 20, null))
                .build(src, work.resolve("img"), null);
        String fsid = "built-" + c.cliName();
        images.register(new ImageSpec(
                fsid,
                null,
                r.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        try (AutoCloseable m = mount("fsid=" + fsid, work.resolve("mnt"))) {
            assertThat(TreeDigests.of(work.resolve("mnt"))).isEqualTo(TreeDigests.of(src));
        } finally {
            images.release(null, fsid);
        }
    }

    /**
     * A raw mkfs.erofs image whose one device slot has no tag (bookworm's mkfs.erofs 1.5 writes none), mounted by the
     * options the daemon plans: they name the device with {@code device=}, the cookie the kernel then OPENs (EINVAL
     * "empty device tag" without it). Named by {@code --device}, or not named: then the blob directory's only file
     * is the device, as {@code swiftlet mount META MNT --blob-dir D} without {@code --device} has it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRawMkfsErofsImageWithAnUntaggedBlobDevice(boolean named) throws Exception {
        String fsid = named ? "raw" : "raw-untagged";
        Path work = Files.createDirectories(root.resolve(fsid));
        Path src = tree(work.resolve("src"), 40, named ? 99 : 98);
        Path img = work.resolve("meta.img"), blobs = Files.createDirectories(work.resolve("blobs"));
        RawImages.mkfsWithBlobDevice(img, blobs.resolve("blob.img"), src, 1 << 20);
        var image = images.register(new ImageSpec(
                fsid,
                null,
                img,
                FileBackend.Config.of(blobs),
                named ? List.of("blob.img") : List.of(),
                PrefetchPolicy.of(false)));
        assertThat(image.image().blobs()).extracting(b -> b.id()).containsExactly("");
        MountPlan plan = MountPlan.cachefiles(image);
        assertThat(plan.options()).isEqualTo("fsid=" + fsid + ",device=blob.img");
        long opensBefore = frontEnd.blobOpens();
        try (AutoCloseable m = mount(plan.options(), work.resolve("mnt"))) {
            assertThat(TreeDigests.of(work.resolve("mnt"))).isEqualTo(TreeDigests.of(src));
            assertThat(frontEnd.blobOpens()).isEqualTo(opensBefore + 1);
        } finally {
            images.release(null, fsid);
        }
    }

    @Test
    void theNydusFixture() throws Exception {
        Path fixtures = Path.of(System.getProperty("swiftlet.vm.fixtures", "/mnt/share/fixtures/nydus"));
        images.register(new ImageSpec(
                "fixture",
                null,
                fixtures.resolve("rafs-v6-2.2.boot"),
                FileBackend.Config.of(fixtures.resolve("blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        Path mnt = root.resolve("fixture-mnt");
        try (AutoCloseable m = mount("fsid=fixture", mnt)) {
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("lib.rs"))))
                    .isEqualTo("1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69");
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("sync_io.rs"))))
                    .isEqualTo("e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96");
        } finally {
            images.release(null, "fixture");
        }
    }

    /**
     * In {@code work}: sixteen 4 MiB random files and a small one ({@code src/}), built into {@code img/} with one byte
     * of big11's first chunk corrupted in the blob (chunks are stored in file order, 4 one-MiB chunks per file, files in
     * name order: big0, big1, big10, big11, ...).
     */
    public static BuildResult lazyImageWithACorruptChunk(Path work) throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        Random r = new Random(5);
        for (int i = 0; i < 16; i++) {
            byte[] b = new byte[4 << 20];
            r.nextBytes(b);
            Files.write(src.resolve("big" + i), b);
        }
        Files.writeString(src.resolve("small.txt"), "a small file\n");
        BuildResult built = new ImageBuilder(BuildOptions.defaults()).build(src, work.resolve("img"), null);
        Path blob = work.resolve("img/blobs").resolve(built.blobId());
        var table = dev.swiftlet.rafs.image.RafsImage.open(built.bootstrap()).chunkTable(0);
        byte[] bytes = Files.readAllBytes(blob);
        bytes[(int) table.compressedOffset(3 * 4) + 100] ^= 0x55;
        Files.write(blob, bytes);
        return built;
    }

    @Test
    void lazyReadsAndACorruptChunkFailsOnlyItsFiles() throws Exception {
        Path work = Files.createDirectories(root.resolve("lazy"));
        Path src = work.resolve("src");
        BuildResult built = lazyImageWithACorruptChunk(work);

        long fetchedBefore = metrics.fetch.bytes.sum();
        images.register(new ImageSpec(
                "lazy",
                null,
                built.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        try (AutoCloseable m = mount("fsid=lazy", work.resolve("mnt"))) {
            Path mnt = work.resolve("mnt");
            assertThat(Files.readString(mnt.resolve("small.txt"))).isEqualTo("a small file\n");
            long fetched = metrics.fetch.bytes.sum() - fetchedBefore;
            // 64 MiB of data in the image; one small file must not pull more than a read-ahead window or so
            assertThat(fetched).as("bytes fetched for one small file").isLessThan(1 << 20);
            // big11 sorts 4th (big0, big1, big10, big11): its first chunk is the corrupt one
            assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("big11"))).isInstanceOf(IOException.class);
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("big2"))))
                    .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve("big2"))));
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("big0"))))
                    .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve("big0"))));
        } finally {
            images.release(null, "lazy");
        }
    }

    @Test
    void twoImagesInOneDomainShareTheirBlob() throws Exception {
        Path work = Files.createDirectories(root.resolve("domain"));
        Path src = tree(work.resolve("src"), 30, 7);
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(src, work.resolve("img"), null);
        images.register(new ImageSpec(
                "snap-a",
                "shared",
                r.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        images.register(new ImageSpec(
                "snap-b",
                "shared",
                r.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        long opensBefore = frontEnd.blobOpens();
        try (AutoCloseable a = mount("domain_id=shared,fsid=snap-a", work.resolve("mnt-a"));
                AutoCloseable b = mount("domain_id=shared,fsid=snap-b", work.resolve("mnt-b"))) {
            assertThat(TreeDigests.of(work.resolve("mnt-a"))).isEqualTo(TreeDigests.of(src));
            assertThat(TreeDigests.of(work.resolve("mnt-b"))).isEqualTo(TreeDigests.of(src));
            // the kernel acquires the blob's cookie once per domain: one OPEN serves both mounts
            assertThat(frontEnd.blobOpens() - opensBefore).isEqualTo(1);
        } finally {
            images.release("shared", "snap-a");
            images.release("shared", "snap-b");
        }
    }

    @Test
    void prefetchFillsTheBlobInTheBackground() throws Exception {
        Path work = Files.createDirectories(root.resolve("prefetch"));
        Path src = tree(work.resolve("src"), 25, 11);
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(src, work.resolve("img"), null);
        images.register(new ImageSpec(
                "prefetch",
                null,
                r.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(true)));
        long prefetchedBefore = metrics.cache.bytesPrefetched.sum();
        try (AutoCloseable m = mount("fsid=prefetch", work.resolve("mnt"))) {
            var blob = images.blob("prefetch", r.blobId()).orElseThrow();
            // the prefetch starts when the kernel opens the blob and runs on the daemon's pools; its end has no signal
            // but the cache's own state, so that is polled, with a deadline
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (!(blob.cacheIfOpen() != null && blob.cacheIfOpen().isComplete()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(blob.cacheIfOpen().isComplete())
                    .as("prefetch completed the blob")
                    .isTrue();
            long fetchedAfterPrefetch = metrics.fetch.bytes.sum();
            assertThat(TreeDigests.of(work.resolve("mnt"))).isEqualTo(TreeDigests.of(src));
            // every byte was local already: reading the whole image fetched nothing more
            assertThat(metrics.fetch.bytes.sum()).isEqualTo(fetchedAfterPrefetch);
            assertThat(metrics.cache.bytesPrefetched.sum() - prefetchedBefore).isPositive();
        } finally {
            images.release(null, "prefetch");
        }
    }

    /**
     * An image of 40 layers (40 blobs, 40 device slots: past what block 0 holds) through the kernel's cachefiles
     * path: every blob is OPENed by the tag in its slot and every file reads back.
     */
    @Test
    void anImageOfFortyLayersReadsBackThroughTheKernel() throws Exception {
        Path work = Files.createDirectories(root.resolve("forty"));
        dev.swiftlet.rafs.build.LayeredImageBuilder b =
                new dev.swiftlet.rafs.build.LayeredImageBuilder(BuildOptions.defaults(), work.resolve("img"));
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[50_000 + i];
            new Random(i).nextBytes(data);
            expected.put("l" + i, Sha256.hex(data));
            b.addLayer(new java.io.ByteArrayInputStream(oneFileTar("l" + i, data)), "layer " + i);
        }
        var result = b.finish();
        assertThat(result.blobIds()).hasSize(40);
        images.register(new ImageSpec(
                "forty",
                null,
                result.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        try (AutoCloseable m = mount("fsid=forty", work.resolve("mnt"))) {
            java.util.Map<String, String> got = new java.util.TreeMap<>();
            for (String name : expected.keySet())
                got.put(name, Sha256.hex(Files.readAllBytes(work.resolve("mnt").resolve(name))));
            assertThat(got).isEqualTo(expected);
        } finally {
            images.release(null, "forty");
        }
    }

    /** A tar holding one regular file. */
    private static byte[] oneFileTar(String name, byte[] data) {
        int padded = (data.length + 511) / 512 * 512;
        java.nio.ByteBuffer tar = java.nio.ByteBuffer.allocate(512 + padded + 1024);
        new dev.swiftlet.rafs.ondisk.TarHeader(name, data.length, '0').write(tar, 0);
        tar.put(512, data);
        return tar.array();
    }

    /**
     * A startup-aware image (built with a prefetch list) through cachefiles: once the kernel opens its blob, the
     * daemon fetches the listed files, and only those (whole-blob prefetch off); reading them then fills nothing.
     */
    @Test
    void theListedFilesOfAStartupAwareImageAreFetchedWhenItsBlobOpens() throws Exception {
        Path work = Files.createDirectories(root.resolve("startup"));
        Path src = tree(work.resolve("src"), 30, 12);
        List<String> listed = List.of("d3/f10", "d1/f1", "d6/f20");
        BuildResult r =
                new ImageBuilder(BuildOptions.defaults().withPrefetch(listed)).build(src, work.resolve("img"), null);
        images.register(new ImageSpec(
                "startup",
                null,
                r.bootstrap(),
                FileBackend.Config.of(work.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false)));
        long filledBefore = metrics.cache.bytesFilled.sum(), prefetchedBefore = metrics.cache.bytesPrefetched.sum();
        try (AutoCloseable m = mount("fsid=startup", work.resolve("mnt"))) {
            var blob = images.blob("startup", r.blobId()).orElseThrow();
            long want = 0;
            for (String f : listed) want += Files.size(src.resolve(f));
            // the prefetch has no end signal but the cache's state: polled, with a deadline
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (metrics.cache.bytesPrefetched.sum() - prefetchedBefore < want && System.nanoTime() < deadline)
                Thread.sleep(50);
            var cache = (dev.swiftlet.daemon.cache.FileBlobCache) blob.cacheIfOpen();
            int listedChunks = 0;
            for (String f : listed) listedChunks += (int) ((Files.size(src.resolve(f)) + (1 << 20) - 1) >> 20);
            assertThat(cache.states().readyChunks()).isEqualTo(listedChunks);
            for (String f : listed) {
                assertThat(Sha256.hex(Files.readAllBytes(work.resolve("mnt").resolve(f))))
                        .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve(f))));
            }
            assertThat(metrics.cache.bytesFilled.sum() - filledBefore).isZero();
        } finally {
            images.release(null, "startup");
        }
    }

    @Test
    void anUnknownFsidFailsTheMountAndTheDaemonGoesOn() throws Exception {
        Path mnt = Files.createDirectories(root.resolve("unknown-mnt"));
        assertThatThrownBy(() -> Mounts.mountErofs("none", mnt, "fsid=nobody")).isInstanceOf(IOException.class);
        theNydusFixture(); // still serving
    }
}
