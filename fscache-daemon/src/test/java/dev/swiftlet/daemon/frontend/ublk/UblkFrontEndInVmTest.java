package dev.swiftlet.daemon.frontend.ublk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.frontend.cachefiles.CachefilesFrontEndInVmTest;
import dev.swiftlet.daemon.images.ImageEntry;
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
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ublk front end against the real kernel (the test VM's 6.12 and 6.1 guests): each image becomes ublk block
 * devices (bootstrap + one per blob), EROFS mounts them with {@code device=}, and every file read through the mount
 * must match its source by sha256. The kernel's reads of the blob devices are the only requests the daemon sees.
 */
@Tag("in-vm")
class UblkFrontEndInVmTest {
    static Path root;
    static ImageTable images;
    static DaemonMetrics metrics;
    static UblkFrontEnd frontEnd;
    static ExecutorService workers;

    @BeforeAll
    static void startFrontEnd() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/ublk-control")), "this kernel has no ublk");
        root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("ublk"));
        images = new ImageTable();
        metrics = new DaemonMetrics();
        workers = Executors.newVirtualThreadPerTaskExecutor();
        frontEnd = new UblkFrontEnd(
                Files.createDirectories(root.resolve("cache")), images, workers, workers, metrics, new AccessEpoch());
    }

    @AfterAll
    static void stop() {
        if (frontEnd != null) frontEnd.close();
        if (workers != null) workers.shutdownNow();
    }

    /** Registers the image, prepares its devices and mounts it as planned; closing unmounts and releases. */
    static AutoCloseable mount(ImageSpec spec, Path mnt) throws Exception {
        ImageEntry image = images.register(spec);
        MountPlan plan = frontEnd.prepare(image);
        assertThat(plan.source()).startsWith("/dev/ublkb");
        assertThat(frontEnd.mountSource(image)).isEqualTo(plan.source());
        Files.createDirectories(mnt);
        try {
            Mounts.mountErofs(plan.source(), mnt, plan.options());
        } catch (IOException e) {
            images.release(spec.domainId(), spec.id());
            throw e;
        }
        return () -> {
            try {
                Mounts.umount(mnt, 0);
            } finally {
                images.release(spec.domainId(), spec.id());
            }
        };
    }

    static ImageSpec spec(String id, Path bootstrap, Path blobs, List<String> devices) {
        return new ImageSpec(id, null, bootstrap, FileBackend.Config.of(blobs), devices, PrefetchPolicy.of(false));
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"ZSTD", "LZ4_BLOCK", "NONE"})
    void builtImagesOfEveryCompressorReadBackThroughTheKernel(Compression c) throws Exception {
        Path work = Files.createDirectories(root.resolve("built-" + c));
        Path src = CachefilesFrontEndInVmTest.tree(work.resolve("src"), 60, c.ordinal());
        BuildResult r = new ImageBuilder(new BuildOptions(c, DigestAlgorithm.BLAKE3, 1 << 20, null))
                .build(src, work.resolve("img"), null);
        try (AutoCloseable m = mount(
                spec("built-" + c.cliName(), r.bootstrap(), work.resolve("img/blobs"), List.of()),
                work.resolve("mnt"))) {
            assertThat(TreeDigests.of(work.resolve("mnt"))).isEqualTo(TreeDigests.of(src));
        }
    }

    /** A raw mkfs.erofs image: its blob device is identity-mapped, served from a cache file like any blob. */
    @Test
    void aRawMkfsErofsImage() throws Exception {
        Path work = Files.createDirectories(root.resolve("raw"));
        Path src = CachefilesFrontEndInVmTest.tree(work.resolve("src"), 40, 97);
        Path img = work.resolve("meta.img"), blobs = Files.createDirectories(work.resolve("blobs"));
        RawImages.mkfsWithBlobDevice(img, blobs.resolve("blob.img"), src, 1 << 20);
        try (AutoCloseable m = mount(spec("raw", img, blobs, List.of("blob.img")), work.resolve("mnt"))) {
            assertThat(TreeDigests.of(work.resolve("mnt"))).isEqualTo(TreeDigests.of(src));
        }
    }

    @Test
    void theNydusFixture() throws Exception {
        Path fixtures = Path.of(System.getProperty("swiftlet.vm.fixtures", "/mnt/share/fixtures/nydus"));
        Path mnt = root.resolve("fixture-mnt");
        try (AutoCloseable m = mount(
                spec("fixture", fixtures.resolve("rafs-v6-2.2.boot"), fixtures.resolve("blobs"), List.of()), mnt)) {
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("lib.rs"))))
                    .isEqualTo("1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69");
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("sync_io.rs"))))
                    .isEqualTo("e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96");
        }
    }

    /**
     * Only what is read is fetched (one small file pulls at most a read-ahead window of a 64 MiB image), and a chunk
     * whose digest does not match gives EIO for the file that holds it while its neighbours read correctly.
     */
    @Test
    void lazyReadsAndACorruptChunkFailsOnlyItsFile() throws Exception {
        Path work = Files.createDirectories(root.resolve("lazy"));
        Path src = work.resolve("src");
        BuildResult built = CachefilesFrontEndInVmTest.lazyImageWithACorruptChunk(work);

        long fetchedBefore = metrics.fetch.bytes.sum();
        long failuresBefore = metrics.failures.sum();
        Path mnt = work.resolve("mnt");
        try (AutoCloseable m = mount(spec("lazy", built.bootstrap(), work.resolve("img/blobs"), List.of()), mnt)) {
            assertThat(Files.readString(mnt.resolve("small.txt"))).isEqualTo("a small file\n");
            long fetched = metrics.fetch.bytes.sum() - fetchedBefore;
            // the blob device's partition scan reads its first blocks too: still far below the image's 64 MiB
            assertThat(fetched).as("bytes fetched for one small file").isLessThan(3 << 20);
            assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("big11"))).isInstanceOf(IOException.class);
            assertThat(metrics.failures.sum()).as("failed kernel requests").isGreaterThan(failuresBefore);
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("big2"))))
                    .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve("big2"))));
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("big12"))))
                    .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve("big12"))));
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("big0"))))
                    .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve("big0"))));
        }
    }

    /** Two images of one domain share one blob device; releasing the first keeps it, releasing both removes it. */
    @Test
    void twoImagesInOneDomainShareTheirBlobDevice() throws Exception {
        Path work = Files.createDirectories(root.resolve("shared"));
        Path src = CachefilesFrontEndInVmTest.tree(work.resolve("src"), 20, 41);
        BuildResult built = new ImageBuilder(BuildOptions.defaults()).build(src, work.resolve("img"), null);
        Path blobs = work.resolve("img/blobs");
        ImageSpec a = new ImageSpec(
                "a", "dom", built.bootstrap(), FileBackend.Config.of(blobs), List.of(), PrefetchPolicy.of(false));
        ImageSpec b = new ImageSpec(
                "b", "dom", built.bootstrap(), FileBackend.Config.of(blobs), List.of(), PrefetchPolicy.of(false));
        MountPlan pa = frontEnd.prepare(images.register(a));
        MountPlan pb = frontEnd.prepare(images.register(b));
        assertThat(pb.options()).as("the blob's device").isEqualTo(pa.options());
        assertThat(pb.source()).as("each image's bootstrap device").isNotEqualTo(pa.source());
        Path blobDevice = Path.of(pa.options().substring("device=".length()));
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        Mounts.mountErofs(pb.source(), mnt, pb.options());
        try {
            images.release("dom", "a");
            assertThat(blobDevice).as("still used by b").exists();
            assertThat(TreeDigests.of(mnt)).isEqualTo(TreeDigests.of(src));
        } finally {
            Mounts.umount(mnt, 0);
            images.release("dom", "b");
        }
        // STOP_DEV removes the disk before release returns
        assertThat(blobDevice).as("removed with its last image").doesNotExist();
    }
}
