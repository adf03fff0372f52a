package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.images.ImageSpec;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A new daemon over the same cache directory does not fetch again what the kernel's cache files hold. */
@Tag("in-vm")
class CachefilesRestartInVmTest {
    /** One daemon lifetime: bind, serve, run {@code body}, stop. Returns the bytes it fetched. */
    private static long withFrontEnd(Path cacheDir, ImageSpec spec, ThrowingConsumer body) throws Exception {
        ImageTable images = new ImageTable();
        DaemonMetrics metrics = new DaemonMetrics();
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        CachefilesDevice device = CachefilesDevice.open();
        device.bind(cacheDir, "swiftlet-restart");
        CachefilesFrontEnd fe = new CachefilesFrontEnd(device, cacheDir, images, workers, workers, metrics);
        Thread loop = Thread.ofPlatform().start(() -> {
            try {
                fe.serve();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            images.register(spec);
            body.accept(metrics);
            return metrics.fetch.bytes.sum();
        } finally {
            fe.close();
            loop.join(5000);
            workers.shutdownNow();
        }
    }

    static String listing(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).toList().toString();
        }
    }

    interface ThrowingConsumer {
        void accept(DaemonMetrics m) throws Exception;
    }

    @Test
    void alreadyFetchedChunksAreNotFetchedAgain() throws Exception {
        Path root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("restart"));
        Path src = Files.createDirectories(root.resolve("src"));
        byte[] b = new byte[3 << 20];
        new Random(3).nextBytes(b);
        Files.write(src.resolve("data.bin"), b);
        Files.writeString(src.resolve("other.txt"), "other\n");
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(src, root.resolve("img"), null);
        ImageSpec spec = new ImageSpec(
                "restart",
                null,
                r.bootstrap(),
                FileBackend.Config.of(root.resolve("img/blobs")),
                List.of(),
                PrefetchPolicy.of(false));
        Path cacheDir = Files.createDirectories(root.resolve("fscache"));
        Path mnt = root.resolve("mnt");
        String expected = Sha256.hex(b);

        long first = withFrontEnd(cacheDir, spec, m -> {
            try (AutoCloseable mount = CachefilesFrontEndInVmTest.mount("fsid=restart", mnt)) {
                assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("data.bin"))))
                        .isEqualTo(expected);
            }
        });
        assertThat(first).as("first daemon fetched the file").isGreaterThanOrEqualTo(3 << 20);

        long second = withFrontEnd(cacheDir, spec, m -> {
            try (AutoCloseable mount = CachefilesFrontEndInVmTest.mount("fsid=restart", mnt)) {
                assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("data.bin"))))
                        .isEqualTo(expected);
                // the blob's chunk states were rebuilt from its backing file's holes when it was opened (the blob's
                // OPEN may come with the first read rather than the mount, so this is checked after reading)
                assertThat(m.cache.chunksRestored.sum())
                        .as("chunks restored from the backing file; cache dir holds %s", listing(cacheDir))
                        .isGreaterThanOrEqualTo(3);
            }
        });
        // the backing files in the cache directory kept the data: no blob byte is fetched again
        assertThat(second).as("bytes fetched after the restart").isLessThan(64 << 10);
    }
}
