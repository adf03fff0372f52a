package dev.swiftlet.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.images.ImageSpec;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.RawImages;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cachefiles mount options for real images: what EROFS in fscache mode needs to find every device. */
class MountPlanTest {
    @TempDir
    Path dir;

    @Test
    void untaggedRawDevicesAreNamedByDeviceOptions() throws Exception {
        Path boot = RawImages.buildWithBlobDevice(dir.resolve("raw"));
        try (ImageTable images = new ImageTable()) {
            var image = images.register(new ImageSpec(
                    "raw",
                    "dom",
                    boot,
                    FileBackend.Config.of(dir.resolve("raw/blobs")),
                    List.of(),
                    PrefetchPolicy.of(false)));
            assertThat(MountPlan.cachefiles(image))
                    .isEqualTo(new MountPlan("none", "fsid=raw,domain_id=dom,device=blob.img"));
        }
    }

    @Test
    void taggedNydusBlobsNeedNoDeviceOptions() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "a\n");
        BuildResult r = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 64 << 10, null))
                .build(src, dir.resolve("img"), null);
        try (ImageTable images = new ImageTable()) {
            var image = images.register(new ImageSpec(
                    "nydus",
                    null,
                    r.bootstrap(),
                    FileBackend.Config.of(dir.resolve("img/blobs")),
                    List.of(),
                    PrefetchPolicy.of(false)));
            assertThat(MountPlan.cachefiles(image)).isEqualTo(new MountPlan("none", "fsid=nydus"));
        }
    }
}
