package dev.swiftlet.daemon.api;

import static dev.swiftlet.daemon.api.NydusdInVmTest.awaitFile;
import static dev.swiftlet.daemon.api.NydusdInVmTest.awaitState;
import static dev.swiftlet.daemon.api.NydusdInVmTest.launch;
import static dev.swiftlet.daemon.api.NydusdInVmTest.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.sys.mount.Mounts;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the ublk front end with real processes: {@code swiftlet daemon --frontend ublk} serves a mounted
 * image from a slow registry, readers stream its big files, the daemon is SIGKILLed while they read, and a new daemon
 * on the same cache directory recovers the devices (user recovery): every reader completes with the source's bytes,
 * none sees an error, and files nobody read before are served by the successor. {@code swiftlet umount} then finds the
 * image by its block device and releases it.
 */
@Tag("in-vm")
class UblkCrashInVmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLOW = 300;
    private static final int READERS = 4;

    @Test
    void aDaemonKilledMidReadIsRecoveredAndEveryReaderCompletes() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/ublk-control")), "this kernel has no ublk");
        HotUpgradeInVmTest.loopbackUp();
        Path root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("ublk-crash"));
        BuildResult built = HotUpgradeInVmTest.image(root);
        Path cache = Files.createDirectories(root.resolve("cache"));
        Path d1 = Files.createDirectories(root.resolve("d1")), d2 = Files.createDirectories(root.resolve("d2"));
        Path sock = root.resolve("api.sock");
        List<String> args = List.of(
                "--frontend",
                "ublk",
                "--fscache",
                cache.toString(),
                "--apisock",
                sock.toString(),
                "--log-level",
                "info");
        Path mnt = Files.createDirectories(root.resolve("mnt"));
        Process first = null, second = null;
        boolean mounted = false;
        ExecutorService readers = Executors.newCachedThreadPool();
        try (SlowRegistry registry = new SlowRegistry(root.resolve("img/blobs"), "test/upgrade", 300)) {
            first = launch(d1, "daemon", args);
            awaitFile(sock, first);
            AdminClient api = new AdminClient(sock);
            awaitState(api, "RUNNING");
            ApiResponse r = api.request(
                    "POST",
                    "/api/v1/swiftlet/mounts",
                    HotUpgradeInVmTest.entry(
                            "crash", registry.host(), built.bootstrap().toAbsolutePath(), cache));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode plan = JSON.readTree(r.body());
            step("ublk: mounting " + plan.path("source").asText() + " "
                    + plan.path("options").asText());
            Mounts.mountErofs(
                    plan.path("source").asText(), mnt, plan.path("options").asText());
            mounted = true;

            AtomicLong progress = new AtomicLong();
            List<CompletableFuture<String>> reads = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Path file = mnt.resolve("b/big" + i);
                reads.add(CompletableFuture.supplyAsync(() -> digest(file, progress), readers));
            }
            // each registry GET takes 300 ms: readers are mid-file well before they could finish
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
            while (progress.get() < (1 << 20) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(progress.get()).as("bytes read before the kill").isGreaterThanOrEqualTo(1 << 20);
            first.destroyForcibly();
            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            step("ublk: daemon SIGKILLed after " + progress.get() + " bytes read");
            assertThat(reads).as("readers still waiting").anyMatch(f -> !f.isDone());

            second = launch(d2, "daemon", args);
            awaitFile(sock, second);
            AdminClient api2 = new AdminClient(sock);
            awaitState(api2, "RUNNING");
            for (int i = 0; i < READERS; i++) {
                String want = Sha256.hex(Files.readAllBytes(root.resolve("src/b/big" + i)));
                assertThat(reads.get(i).get(SLOW, TimeUnit.SECONDS))
                        .as("big" + i)
                        .isEqualTo(want);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("a/late" + i))))
                        .as("late" + i + ", first read through the successor")
                        .isEqualTo(Sha256.hex(Files.readAllBytes(root.resolve("src/a/late" + i))));
            }
            String log = Files.readString(d2.resolve("daemon.out"));
            assertThat(log)
                    .as("the successor's log")
                    .contains("recovered, serving")
                    .contains("restored 1 of 1 images");

            // swiftlet umount finds the image by its block device (mount_source) and releases it: the devices go
            int rc = dev.swiftlet.daemon.cli.SwiftletCommand.newCommandLine()
                    .execute("umount", mnt.toString(), "--apisock", sock.toString());
            assertThat(rc).as("swiftlet umount").isZero();
            mounted = false;
            assertThat(JSON.readTree(api2.request("GET", "/api/v2/blobs", null).body())
                            .path("images"))
                    .as("images after umount")
                    .isEmpty();
            assertThat(Path.of(plan.path("source").asText()))
                    .as("the bootstrap's block device, stopped with its image")
                    .doesNotExist();
        } finally {
            readers.shutdownNow();
            if (mounted) Mounts.detach(mnt);
            for (Process p : new Process[] {second, first}) {
                if (p != null && p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
                }
            }
        }
    }

    private static String digest(Path file, AtomicLong progress) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 << 10];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
                progress.addAndGet(n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            return "failed: " + e;
        }
    }
}
