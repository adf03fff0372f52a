package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.sys.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on the host kernel: a daemon with the fanotify front end, a raw mkfs.erofs image with a
 * separate blob device, a file-backed EROFS mount over the daemon's sparse cache file, reads checked by
 * sha256. Needs root, Linux 6.14+ (FAN_PRE_ACCESS) and ext4/xfs/btrfs under /var/tmp.
 */
class FanotifyMountTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    Path dir;
    Path mnt;
    Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("these tests need root (mount, fanotify)")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-e2e-");
        mnt = Files.createDirectories(dir.resolve("mnt"));
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("small.txt"), "small file, read alone\n");
        byte[] big = new byte[16 << 20];
        new Random(42).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        for (int i = 0; i < 8; i++) Files.write(src.resolve("f" + i), java.util.Arrays.copyOf(big, 100_000 + i * 4097));
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        run(
                "mkfs.erofs",
                "--chunksize=65536",
                "--blobdev=" + blobs.resolve("data.img"),
                dir.resolve("boot.img").toString(),
                src.toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            Mounts.umount(mnt, 0);
        } catch (Exception ignored) {
            // not mounted
        }
        if (daemon != null) daemon.close();
        run("rm", "-rf", dir.toString());
    }

    private Daemon startDaemon() throws Exception {
        Daemon d = new Daemon(new DaemonConfig(
                DaemonConfig.FrontEndKind.FANOTIFY, dir.resolve("cache"), dir.resolve("run/api.sock"), 4, null, "e2e"));
        d.start();
        return d;
    }

    /** What {@code swiftlet mount} does: register + prepare through the API, then mount. */
    private void mount() throws Exception {
        mount("{\"enable\":false}");
    }

    /** @param prefetch the entry's {@code prefetch_config} */
    private void mount(String prefetch) throws Exception {
        String body = """
                {"type":"bootstrap","id":"img1","config":{"backend_type":"localfs","backend_config":{"dir":"%s"},
                 "prefetch_config":%s,"metadata_path":"%s"},"device_names":["data.img"]}""".formatted(dir.resolve("blobs"), prefetch, dir.resolve("boot.img"));
        ApiResponse r = new AdminClient(dir.resolve("run/api.sock")).request("POST", "/api/v1/swiftlet/mounts", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode plan = JSON.readTree(r.body());
        assertThat(plan.path("options").asText()).isEqualTo("device=" + dir.resolve("cache/blobs/img1/data.img"));
        Mounts.mountErofs(
                plan.path("source").asText(), mnt, plan.path("options").asText());
    }

    @Test
    void lazyCorrectRestartableAndConcurrent() throws Exception {
        daemon = startDaemon();
        mount();
        // lazy: one small file costs a window or two, not the 16 MiB image
        assertThat(Files.readString(mnt.resolve("small.txt"))).isEqualTo("small file, read alone\n");
        long afterSmall = daemon.metrics().fetch.bytes.sum();
        assertThat(afterSmall).isPositive().isLessThan(1 << 20);

        // concurrent readers of the same and different files: every event answered, every byte right
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> checks = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String name = i % 2 == 0 ? "big.bin" : "f" + (i / 2);
            checks.add(pool.submit(() -> Sha256.hex(mnt.resolve(name))
                    .equals(Sha256.hex(dir.resolve("src").resolve(name)))));
        }
        for (Future<Boolean> f : checks) assertThat(f.get()).isTrue();
        pool.shutdown();
        assertThat(daemon.metrics().failures.sum()).isZero();
        long fetched = daemon.metrics().fetch.bytes.sum();
        // each window is fetched once even with concurrent readers racing for it (at most one duplicate per reader)
        assertThat(fetched).isLessThanOrEqualTo(Files.size(dir.resolve("blobs/data.img")) + 16L * (128 << 10));

        // restart over the same cache dir: nothing already fetched is fetched again
        Mounts.umount(mnt, 0);
        daemon.close();
        daemon = startDaemon();
        mount();
        assertThat(Sha256.hex(mnt.resolve("big.bin"))).isEqualTo(Sha256.hex(dir.resolve("src/big.bin")));
        assertThat(Files.readString(mnt.resolve("small.txt"))).isEqualTo("small file, read alone\n");
        assertThat(daemon.metrics().fetch.bytes.sum()).isZero();
    }

    @Test
    void prefetchFetchesEverythingOnceAndReadsThenFetchNothing() throws Exception {
        daemon = startDaemon();
        mount("{\"enable\":true}");
        long blobSize = Files.size(dir.resolve("blobs/data.img"));
        // the prefetch runs on the daemon's own pools and its end has no signal but this counter: polled, with a
        // deadline
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (daemon.metrics().fetch.bytes.sum() < blobSize && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(daemon.metrics().fetch.bytes.sum()).isEqualTo(blobSize);
        assertThat(Sha256.hex(mnt.resolve("big.bin"))).isEqualTo(Sha256.hex(dir.resolve("src/big.bin")));
        assertThat(Sha256.hex(mnt.resolve("f3"))).isEqualTo(Sha256.hex(dir.resolve("src/f3")));
        assertThat(daemon.metrics().fetch.bytes.sum()).isEqualTo(blobSize);
        assertThat(daemon.metrics().failures.sum()).isZero();
    }

    @Test
    void prefetchKeepsToTheImagesBandwidthRate() throws Exception {
        daemon = startDaemon();
        long blobSize = Files.size(dir.resolve("blobs/data.img"));
        long rate = 8L << 20; // the 17 MiB blob at 8 MiB/s: about 2 s, where unlimited it takes well under one
        int piece = 1 << 20; // the raw device's chunk size: a smaller piece would still fill (and budget) whole chunks
        long began = System.nanoTime();
        mount("""
                {"enable":true,"threads_count":2,"merging_size":%d,"bandwidth_rate":%d}""".formatted(piece, rate));
        long deadline = System.nanoTime() + 60_000_000_000L; // polled as above: the prefetch's end has no signal
        while (daemon.metrics().fetch.bytes.sum() < blobSize && System.nanoTime() < deadline) Thread.sleep(20);
        long nanos = System.nanoTime() - began;
        assertThat(daemon.metrics().fetch.bytes.sum()).isEqualTo(blobSize);
        // nothing was read on demand, so every piece was prefetched and each waited for the budget of those before it
        assertThat(nanos).isGreaterThanOrEqualTo((long) ((blobSize - piece) * 1e9 / rate));
        assertThat(Sha256.hex(mnt.resolve("big.bin"))).isEqualTo(Sha256.hex(dir.resolve("src/big.bin")));
        assertThat(daemon.metrics().fetch.bytes.sum()).isEqualTo(blobSize);
        assertThat(daemon.metrics().failures.sum()).isZero();
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }
}
