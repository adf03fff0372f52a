package dev.swiftlet.daemon.api;

import static dev.swiftlet.daemon.api.NydusdInVmTest.awaitFile;
import static dev.swiftlet.daemon.api.NydusdInVmTest.awaitState;
import static dev.swiftlet.daemon.api.NydusdInVmTest.fscacheId;
import static dev.swiftlet.daemon.api.NydusdInVmTest.launch;
import static dev.swiftlet.daemon.api.NydusdInVmTest.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hot upgrade as nydus-snapshotter performs it (spec A.6: a new daemon with {@code --upgrade} on {@code api1.sock},
 * wait INIT, {@code takeover}, wait READY, old {@code exit}, new {@code start}, wait RUNNING), in the test VM with a
 * real /dev/cachefiles, while several readers read big files through the mount. The backend is a registry stand-in
 * that answers slowly and is held shut around the takeover, so READs are pending in the old daemon when the new one
 * restores the device and when the old one is told to exit. Every read must return the right bytes: the old
 * daemon finishes the requests it took before answering {@code exit}, and the kernel re-opens the objects to the
 * new daemon for the rest.
 */
@Tag("in-vm")
class HotUpgradeInVmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLOW = 300; // seconds, as in NydusdInVmTest: a daemon JVM needs ~75 s to its socket
    private static final String REPO = "test/upgrade";
    private static final int READERS = 4;
    private static final int PIECE = 64 << 10;

    /** One read(2) of a reader: when it was issued and when it returned (System.nanoTime). */
    record Read(long startNanos, long endNanos) {}

    static String entry(String fsid, String registryHost, Path bootstrap, Path workDir) {
        return """
                {"type":"bootstrap","id":"%1$s","domain_id":"%1$s",
                 "config":{"id":"%1$s","backend_type":"registry","backend_config":{"readahead":false,"host":"%2$s",
                   "repo":"%3$s","scheme":"http",
                   "proxy":{"url":"","fallback":false,"ping_url":"","check_interval":0,"use_http":false},
                   "timeout":120,"connect_timeout":10,"retry_limit":2},
                   "cache_type":"fscache","cache_config":{"work_dir":"%4$s"},
                   "prefetch_config":{"enable":false,"threads_count":8,"merging_size":1048576,"bandwidth_rate":0},
                   "metadata_path":"%5$s"}}""".formatted(fsid, registryHost, REPO, workDir, bootstrap);
    }

    /** Big random files the readers share out ({@code b/}), and small ones read only after the switch ({@code a/}). */
    static BuildResult image(Path dir) throws IOException {
        Path src = dir.resolve("src");
        Random r = new Random(12);
        for (int i = 0; i < READERS; i++) {
            byte[] b = new byte[4 << 20];
            r.nextBytes(b);
            Files.write(Files.createDirectories(src.resolve("b")).resolve("big" + i), b);
        }
        for (int i = 0; i < 2; i++) {
            byte[] b = new byte[1 << 20];
            r.nextBytes(b);
            Files.write(Files.createDirectories(src.resolve("a")).resolve("late" + i), b);
        }
        return new ImageBuilder(BuildOptions.defaults()).build(src, dir.resolve("img"), null);
    }

    /**
     * Reads {@code file} in {@link #PIECE}s, logging each read and keeping the start of the one under way in
     * {@code inRead} (0 between reads); returns the SHA-256 of what it read.
     */
    static String readLogged(Path file, ConcurrentLinkedQueue<Read> log, AtomicLong progress, AtomicLong inRead)
            throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[PIECE];
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                long start = System.nanoTime();
                inRead.set(start);
                int n = in.read(buf);
                inRead.set(0);
                log.add(new Read(start, System.nanoTime()));
                if (n < 0) break;
                md.update(buf, 0, n);
                progress.addAndGet(n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static long stat(AdminClient api, String name) throws IOException {
        return JSON.readTree(api.request("GET", "/api/v1/swiftlet/stats", null).body())
                .path(name)
                .asLong(-1);
    }

    /** Polls, with a deadline, state of the daemon processes (their API, the kernel): none signals this test. */
    static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** The guest boots with its loopback interface down; the registry stand-in listens on 127.0.0.1. */
    static void loopbackUp() throws Exception {
        String ipTool = Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "ip";
        Process ip = new ProcessBuilder(ipTool, "link", "set", "dev", "lo", "up")
                .redirectErrorStream(true)
                .start();
        String out = new String(ip.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ip.waitFor()).as("ip link set dev lo up: " + out).isZero();
    }

    @Test
    void aSecondDaemonWithUpgradeTakesOverWithNoFailedRead() throws Exception {
        loopbackUp();
        Path root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("upgrade"));
        BuildResult built = image(root);
        Path cache = Files.createDirectories(root.resolve("fscache"));
        Path d1Dir = Files.createDirectories(root.resolve("d1")), d2Dir = Files.createDirectories(root.resolve("d2"));
        Path sock1 = d1Dir.resolve("api.sock"), sock2 = d2Dir.resolve("api1.sock");
        Path supervisorSock = root.resolve("supervisor.sock");
        List<String> commandLine = List.of(
                "--fscache",
                cache.toString(),
                "--fscache-threads",
                "4",
                "--id",
                "vmup",
                "--apisock",
                sock1.toString(),
                "--supervisor",
                supervisorSock.toString(),
                "--log-level",
                "info");
        // the snapshotter's upgrade: the same command line on the next api socket, plus --upgrade
        List<String> upgradeLine = new ArrayList<>(commandLine);
        upgradeLine.set(upgradeLine.indexOf(sock1.toString()), sock2.toString());
        upgradeLine.add("--upgrade");
        String fsid = fscacheId("upgrade-1");
        Path boot = Files.createDirectories(root.resolve("snapshots/upgrade-1/fs/image"))
                .resolve("image.boot");
        Files.copy(built.bootstrap(), boot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path mnt = Files.createDirectories(root.resolve("mnt"));
        Process first = null, second = null;
        boolean mounted = false;
        try (SlowRegistry registry = new SlowRegistry(root.resolve("img/blobs"), REPO, 300);
                TestSupervisor supervisor = new TestSupervisor(supervisorSock)) {
            first = launch(d1Dir, commandLine);
            awaitFile(sock1, first);
            AdminClient api1 = new AdminClient(sock1);
            awaitState(api1, "RUNNING");
            ApiResponse bind = api1.request(
                    "PUT",
                    "/api/v2/blobs",
                    entry(fsid, registry.host(), boot, boot.getParent().getParent()));
            assertThat(bind.status()).as(bind.body()).isEqualTo(204);
            Mounts.mountErofs("none", mnt, "fsid=" + fsid);
            mounted = true;
            CompletableFuture<Void> saved = supervisor.acceptSave();
            assertThat(api1.request("PUT", "/api/v1/daemon/fuse/sendfd", null).status())
                    .isEqualTo(204);
            saved.get(SLOW, TimeUnit.SECONDS);
            assertThat(supervisor.fd)
                    .as("the /dev/cachefiles fd reached the supervisor")
                    .isNotNull();

            step("upgrade: first daemon serves " + fsid + "; launching the successor with --upgrade");
            second = launch(d2Dir, upgradeLine);
            awaitFile(sock2, second);
            AdminClient api2 = new AdminClient(sock2);
            awaitState(api2, "INIT");
            step("upgrade: successor in INIT; readers start");

            ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
            AtomicLong progress = new AtomicLong();
            List<CompletableFuture<String>> readers = new ArrayList<>();
            List<AtomicLong> inRead = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Path file = mnt.resolve("b/big" + i);
                CompletableFuture<String> f = new CompletableFuture<>();
                AtomicLong current = new AtomicLong();
                readers.add(f);
                inRead.add(current);
                Thread.ofPlatform().name("reader-" + i).start(() -> {
                    try {
                        f.complete(readLogged(file, reads, progress, current));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            await("the readers to get data from the first daemon", () -> progress.get() >= 256 << 10);
            // shut the backend: the first daemon's fills now wait, so READs are pending in it across the takeover
            registry.hold();
            await("a fill of the first daemon waiting in the registry", () -> registry.waiting.get() > 0);
            step("upgrade: " + registry.waiting.get() + " fill(s) pending in the first daemon; takeover");

            CompletableFuture<Void> served = supervisor.serveTakeover(supervisor.state);
            ApiResponse takeover = api2.request("PUT", "/api/v1/daemon/fuse/takeover", null);
            assertThat(takeover.status()).as(takeover.body()).isEqualTo(204);
            served.get(SLOW, TimeUnit.SECONDS);
            awaitState(api2, "READY");
            long readersActive = readers.stream().filter(f -> !f.isDone()).count();
            assertThat(readersActive).as("readers still reading at the switch").isPositive();

            // the snapshotter: old exit, then new start. The backend is still shut, so fills the first daemon took
            // are pending: exit must answer within its bound (the snapshotter's call timeout is 30 s), and those
            // fills complete afterwards, before the first daemon is gone
            assertThat(registry.waiting.get())
                    .as("fills of the first daemon pending at exit")
                    .isPositive();
            long exitSent = System.nanoTime();
            ApiResponse exit = api1.request("PUT", "/api/v1/daemon/exit", null);
            long exitTook = System.nanoTime() - exitSent;
            assertThat(exit.status()).as(exit.body()).isEqualTo(204);
            step("upgrade: first daemon answered exit in " + exitTook / 1_000_000 + " ms with fills pending");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(exitTook))
                    .as("seconds to answer exit")
                    .isLessThan(18);
            registry.release();
            // no daemon takes kernel requests now: let a reader run into a hole and wait there, so a READ is
            // certainly pending across the switch (the successor gets it through the kernel's re-open)
            await(
                    "a reader waiting in a READ while no daemon serves",
                    () -> inRead.stream()
                                    .anyMatch(t ->
                                            t.get() != 0 && System.nanoTime() - t.get() > TimeUnit.SECONDS.toNanos(2))
                            || readers.stream().allMatch(CompletableFuture::isDone));
            assertThat(readers).as("readers left for the successor").anyMatch(f -> !f.isDone());
            long startSent = System.nanoTime();
            assertThat(api2.request("PUT", "/api/v1/daemon/start", null).status())
                    .isEqualTo(204);
            long startAnswered = System.nanoTime();
            int getsAtSwitch = registry.gets.get();
            awaitState(api2, "RUNNING");
            step("upgrade: successor RUNNING");
            // the snapshotter's RecoverRafsInstances: every entry bound again, then sendfd
            ApiResponse rebind = api2.request(
                    "PUT",
                    "/api/v2/blobs",
                    entry(fsid, registry.host(), boot, boot.getParent().getParent()));
            assertThat(rebind.status())
                    .as("re-bind of a restored entry: " + rebind.body())
                    .isEqualTo(204);
            CompletableFuture<Void> savedAgain = supervisor.acceptSave();
            assertThat(api2.request("PUT", "/api/v1/daemon/fuse/sendfd", null).status())
                    .isEqualTo(204);
            savedAgain.get(SLOW, TimeUnit.SECONDS);
            assertThat(supervisor.lastFds)
                    .as("the successor hands on the device")
                    .isEqualTo(1);
            assertThat(first.waitFor(SLOW, TimeUnit.SECONDS))
                    .as("the first daemon exits")
                    .isTrue();
            assertThat(first.exitValue()).as("the first daemon's exit status").isZero();

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < READERS; i++)
                expected.add(Sha256.hex(Files.readAllBytes(root.resolve("src/b/big" + i))));
            List<String> got = new ArrayList<>();
            for (CompletableFuture<String> f : readers)
                got.add(f.get(SLOW, TimeUnit.SECONDS)); // a failed read throws here
            assertThat(got).as("every reader's bytes").isEqualTo(expected);

            long before = reads.stream().filter(r -> r.endNanos() < exitSent).count();
            long after =
                    reads.stream().filter(r -> r.endNanos() > startAnswered).count();
            long across = reads.stream()
                    .filter(r -> r.startNanos() < startSent && r.endNanos() > startAnswered)
                    .count();
            step("upgrade: reads before the switch " + before + ", after " + after + ", in flight across it " + across);
            assertThat(before).as("reads served by the first daemon").isPositive();
            assertThat(after).as("reads completed after the switch").isPositive();
            assertThat(across)
                    .as("reads issued before start and answered after it")
                    .isPositive();

            // the successor serves what nobody has read yet
            for (int i = 0; i < 2; i++) {
                assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("a/late" + i))))
                        .isEqualTo(Sha256.hex(Files.readAllBytes(root.resolve("src/a/late" + i))));
            }
            assertThat(registry.gets.get())
                    .as("blob ranges fetched after the switch")
                    .isGreaterThan(getsAtSwitch);
            assertThat(stat(api2, "requests")).as("READs the successor served").isPositive();
            step("upgrade: READs the successor handed back to the kernel for an object still the first daemon's: "
                    + stat(api2, "requests_deferred"));
            assertThat(stat(api2, "failures")).as("READs the successor failed").isZero();
        } finally {
            if (mounted) {
                try {
                    Mounts.umount(mnt, 0);
                } catch (IOException e) {
                    step("umount: " + e.getMessage());
                }
            }
            if (first != null) first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            if (second != null) second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
