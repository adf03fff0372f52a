package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.KernelWaits;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.rafs.testing.TreeDigests;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Swiftlet as nydus-snapshotter's nydusd in fscache mode, in the test VM (real /dev/cachefiles): the daemon is
 * launched as its own process with the snapshotter's command line and driven through its API socket exactly as the
 * snapshotter does (spec A.1, A.3–A.6): bind, mount by fsid, read with digest checks, unbind, umount, cull; a
 * shared domain across two snapshots; and fail-over: the daemon is killed while a reader waits in a READ, a new
 * one with the same command line takes the device fd and state back from the supervisor, and the reader gets
 * correct bytes.
 */
@Tag("in-vm")
class NydusdInVmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SLOW = 300; // seconds: everything is emulated (a daemon JVM needs ~75 s to RUNNING)

    final Path root;

    NydusdInVmTest() throws IOException {
        root = Files.createDirectories(
                Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache")).resolve("nydusd"));
    }

    /** Progress lines in the guest's test log: a fail-over that hangs must say where. */
    static void step(String what) {
        System.out.println("[nydusd-vm] " + java.time.LocalTime.now() + " " + what);
    }

    static String fscacheId(String snapshotId) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(("nydus-snapshot-" + snapshotId).getBytes(StandardCharsets.UTF_8)));
    }

    /** `nydusd singleton …` as the snapshotter runs it, from the classes under test. */
    static Process launch(Path dir, List<String> args) throws IOException {
        return launch(dir, "singleton", args);
    }

    /** {@code swiftlet COMMAND ARGS} from the classes under test; its output goes to {@code dir/daemon.out}. */
    static Process launch(Path dir, String command, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UseSHA",
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.swiftlet.daemon.cli.Main",
                command));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("daemon.out").toFile()))
                .start();
    }

    static String state(AdminClient api) throws IOException {
        return JSON.readTree(api.request("GET", "/api/v1/daemon", null).body())
                .path("state")
                .asText();
    }

    static void awaitState(AdminClient api, String wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        String s = "";
        while (System.nanoTime() < deadline) {
            try {
                s = state(api);
                if (s.equals(wanted)) return;
            } catch (IOException notYet) {
                s = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("daemon state " + s + ", expected " + wanted);
    }

    /** Waits for the daemon's socket; if it never comes, the failure carries the daemon's thread dump and output. */
    static void awaitFile(Path p, Process daemon) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        while (!Files.exists(p) && System.nanoTime() < deadline && daemon.isAlive()) Thread.sleep(100);
        if (Files.exists(p)) return;
        if (daemon.isAlive()) {
            new ProcessBuilder("kill", "-QUIT", Long.toString(daemon.pid()))
                    .start()
                    .waitFor();
            Thread.sleep(3000);
        }
        Path out = p.getParent().resolve("daemon.out");
        throw new AssertionError(
                p + " did not appear (daemon " + (daemon.isAlive() ? "alive" : "exited " + daemon.exitValue())
                        + "); its output:\n" + (Files.exists(out) ? Files.readString(out) : "(none)"));
    }

    /** The snapshotter's BindBlob body (legacy shape, spec A.4), with a localfs backend. */
    static String entry(String fsid, String domain, Path blobs, Path bootstrap, Path workDir) {
        return """
                {"type":"bootstrap","id":"%1$s","domain_id":"%2$s",
                 "config":{"id":"%1$s","backend_type":"localfs","backend_config":{"readahead":false,"dir":"%3$s",
                   "proxy":{"url":"","fallback":false,"ping_url":"","check_interval":0,"use_http":false},
                   "timeout":0,"connect_timeout":0,"retry_limit":0},
                   "cache_type":"fscache","cache_config":{"work_dir":"%4$s"},
                   "prefetch_config":{"enable":false,"threads_count":8,"merging_size":1048576,"bandwidth_rate":0},
                   "metadata_path":"%5$s"}}""".formatted(fsid, domain, blobs, workDir, bootstrap);
    }

    /** A snapshot directory as the snapshotter lays it out: {@code snapshots/<id>/fs/image/image.boot}. */
    Path snapshot(String id, Path builtBootstrap) throws IOException {
        Path boot = Files.createDirectories(
                        root.resolve("snapshots").resolve(id).resolve("fs/image"))
                .resolve("image.boot");
        Files.copy(builtBootstrap, boot, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return boot;
    }

    BuildResult image(Path dir, int seed) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Random r = new Random(seed);
        for (int i = 0; i < 12; i++) {
            byte[] b = new byte[i == 3 ? 3 << 20 : r.nextInt(200_000)];
            if (i % 2 == 0) r.nextBytes(b);
            else for (int k = 0; k < b.length; k++) b[k] = (byte) ('a' + k % 13);
            Files.write(Files.createDirectories(src.resolve("d" + i % 3)).resolve("f" + i), b);
        }
        Files.writeString(src.resolve("hello.txt"), "hello from a snapshot\n");
        return new ImageBuilder(BuildOptions.defaults()).build(src, dir.resolve("img"), null);
    }

    /** The names of the files in the cachefiles cache under {@code fscacheDir}. */
    static List<String> backingFiles(Path fscacheDir) throws IOException {
        try (Stream<Path> files = Files.walk(fscacheDir.resolve("cache"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Waits until every one of {@code names} is a file in the cachefiles cache under {@code fscacheDir}. */
    static void awaitBackingFiles(Path fscacheDir, String... names) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        while (!backingFiles(fscacheDir).containsAll(List.of(names))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "backing files " + List.of(names) + " never appeared: " + backingFiles(fscacheDir));
            }
            Thread.sleep(50); // the kernel links them from its own work queue, with nothing to wait on
        }
    }

    @Test
    void theSnapshotterSequenceWithRealMounts() throws Exception {
        Path dir = Files.createDirectories(root.resolve("flow"));
        BuildResult built = image(dir, 1);
        Map<String, String> expected = TreeDigests.of(dir.resolve("src"));
        Path cache = Files.createDirectories(dir.resolve("fscache"));
        Path sock = dir.resolve("api.sock");
        Path supervisorSock = dir.resolve("supervisor.sock");
        try (TestSupervisor supervisor = new TestSupervisor(supervisorSock)) {
            Process daemon = launch(
                    dir,
                    List.of(
                            "--fscache",
                            cache.toString(),
                            "--fscache-threads",
                            "4",
                            "--id",
                            "vmd1",
                            "--apisock",
                            sock.toString(),
                            "--supervisor",
                            supervisorSock.toString(),
                            "--log-level",
                            "info"));
            try {
                awaitFile(sock, daemon);
                try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    idle.connect(UnixDomainSocketAddress.of(sock)); // the liveness connection: sends nothing
                    AdminClient api = new AdminClient(sock);
                    awaitState(api, "RUNNING");

                    // one snapshot in its own domain: fsid = domain = sha256("nydus-snapshot-" + id)
                    String fsid = fscacheId("1");
                    Path boot = snapshot("1", built.bootstrap());
                    ApiResponse bind = api.request(
                            "PUT",
                            "/api/v2/blobs",
                            entry(
                                    fsid,
                                    fsid,
                                    dir.resolve("img/blobs"),
                                    boot,
                                    boot.getParent().getParent()));
                    assertThat(bind.status()).as(bind.body()).isEqualTo(204);
                    Path mnt = Files.createDirectories(dir.resolve("mnt1"));
                    Mounts.mountErofs("none", mnt, "fsid=" + fsid);
                    try {
                        assertThat(TreeDigests.of(mnt)).isEqualTo(expected);
                        assertThat(api.request("GET", "/api/v1/metrics/blobcache?id=/" + fsid, null)
                                        .status())
                                .isEqualTo(200);
                        CompletableFuture<Void> saved = supervisor.acceptSave();
                        assertThat(api.request("PUT", "/api/v1/daemon/fuse/sendfd", null)
                                        .status())
                                .isEqualTo(204);
                        saved.get(SLOW, TimeUnit.SECONDS);
                        assertThat(supervisor.fd)
                                .as("the /dev/cachefiles fd reached the supervisor")
                                .isNotNull();
                        assertThat(new String(supervisor.state, StandardCharsets.UTF_8))
                                .contains(fsid);
                    } finally {
                        // umount as the snapshotter does: unbind (domain only), umount, cull the bootstrap
                        assertThat(api.request("DELETE", "/api/v2/blobs?domain_id=" + fsid, null)
                                        .status())
                                .isEqualTo(204);
                        Mounts.umount(mnt, 0);
                    }
                    // cachefiles links a new object's backing file into the cache directory only once the object is
                    // released (until then it is an unlinked temporary file, which a cull cannot name): after the
                    // umount
                    String bootFile = "D" + fsid, blobFile = "D" + built.blobId();
                    awaitBackingFiles(cache, bootFile, blobFile);
                    ApiResponse cull = api.request("DELETE", "/api/v2/blobs?blob_id=" + fsid, null);
                    assertThat(cull.status()).as(cull.body()).isEqualTo(204);
                    assertThat(backingFiles(cache))
                            .as("culled bootstrap backing file")
                            .doesNotContain(bootFile)
                            .contains(blobFile);

                    // mounted again, the kernel holds the blob's backing file in use: the snapshotter's cache GC
                    // culling
                    // it is refused and told so, and the file stays
                    bind = api.request(
                            "PUT",
                            "/api/v2/blobs",
                            entry(
                                    fsid,
                                    fsid,
                                    dir.resolve("img/blobs"),
                                    boot,
                                    boot.getParent().getParent()));
                    assertThat(bind.status()).as(bind.body()).isEqualTo(204);
                    Mounts.mountErofs("none", mnt, "fsid=" + fsid);
                    try {
                        assertThat(Files.readString(mnt.resolve("hello.txt"))).isEqualTo("hello from a snapshot\n");
                        ApiResponse busy = api.request("DELETE", "/api/v2/blobs?blob_id=" + built.blobId(), null);
                        assertThat(busy.status()).as(busy.body()).isEqualTo(409);
                        assertThat(busy.body()).contains("still in use");
                        assertThat(backingFiles(cache))
                                .as("the blob's backing file while mounted")
                                .contains(blobFile);
                    } finally {
                        assertThat(api.request("DELETE", "/api/v2/blobs?domain_id=" + fsid, null)
                                        .status())
                                .isEqualTo(204);
                        Mounts.umount(mnt, 0);
                    }
                    // unmounted, the blob is culled
                    ApiResponse cullBlob = api.request("DELETE", "/api/v2/blobs?blob_id=" + built.blobId(), null);
                    assertThat(cullBlob.status()).as(cullBlob.body()).isEqualTo(204);
                    assertThat(backingFiles(cache))
                            .as("culled blob backing file")
                            .doesNotContain(blobFile);

                    // two snapshots in one shared domain: both mounts read correctly
                    String a = fscacheId("2"), b = fscacheId("3");
                    for (String[] s : new String[][] {{"2", a}, {"3", b}}) {
                        Path sb = snapshot(s[0], built.bootstrap());
                        ApiResponse r = api.request(
                                "PUT",
                                "/api/v2/blobs",
                                entry(
                                        s[1],
                                        "shared",
                                        dir.resolve("img/blobs"),
                                        sb,
                                        sb.getParent().getParent()));
                        assertThat(r.status()).as(r.body()).isEqualTo(204);
                    }
                    Path ma = Files.createDirectories(dir.resolve("mnt-a")),
                            mb = Files.createDirectories(dir.resolve("mnt-b"));
                    Mounts.mountErofs("none", ma, "domain_id=shared,fsid=" + a);
                    Mounts.mountErofs("none", mb, "domain_id=shared,fsid=" + b);
                    try {
                        assertThat(TreeDigests.of(ma)).isEqualTo(expected);
                        assertThat(TreeDigests.of(mb)).isEqualTo(expected);
                    } finally {
                        Mounts.umount(ma, 0);
                        Mounts.umount(mb, 0);
                    }
                    assertThat(api.request("DELETE", "/api/v2/blobs?domain_id=shared&blob_id=" + a, null)
                                    .status())
                            .isEqualTo(204);
                    assertThat(api.request("DELETE", "/api/v2/blobs?domain_id=shared&blob_id=" + b, null)
                                    .status())
                            .isEqualTo(204);
                    ApiResponse gone = api.request("DELETE", "/api/v2/blobs?domain_id=shared&blob_id=" + b, null);
                    assertThat(gone.body()).contains("blob_cache: cache entry not found");

                    assertThat(api.request("PUT", "/api/v1/daemon/exit", null).status())
                            .isEqualTo(204);
                    assertThat(daemon.waitFor(SLOW, TimeUnit.SECONDS)).isTrue();
                    assertThat(idle.read(ByteBuffer.allocate(16)))
                            .as("liveness connection hung up")
                            .isEqualTo(-1);
                }
            } finally {
                daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void failoverWhileAReaderWaitsInARead() throws Exception {
        Path dir = Files.createDirectories(root.resolve("failover"));
        BuildResult built = image(dir, 2);
        byte[] big = Files.readAllBytes(dir.resolve("src/d0/f3"));
        Path cache = Files.createDirectories(dir.resolve("fscache"));
        Path sock = dir.resolve("api.sock");
        Path supervisorSock = dir.resolve("supervisor.sock");
        List<String> commandLine = List.of(
                "--fscache",
                cache.toString(),
                "--id",
                "vmd2",
                "--apisock",
                sock.toString(),
                "--supervisor",
                supervisorSock.toString(),
                "--log-level",
                "info");
        String fsid = fscacheId("10");
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        try (TestSupervisor supervisor = new TestSupervisor(supervisorSock)) {
            Process first = launch(dir, commandLine);
            Process second = null;
            try {
                awaitFile(sock, first);
                AdminClient api = new AdminClient(sock);
                awaitState(api, "RUNNING");
                Path boot = snapshot("10", built.bootstrap());
                assertThat(api.request(
                                        "PUT",
                                        "/api/v2/blobs",
                                        entry(
                                                fsid,
                                                fsid,
                                                dir.resolve("img/blobs"),
                                                boot,
                                                boot.getParent().getParent()))
                                .status())
                        .isEqualTo(204);
                Mounts.mountErofs("none", mnt, "fsid=" + fsid);
                CompletableFuture<Void> saved = supervisor.acceptSave();
                assertThat(api.request("PUT", "/api/v1/daemon/fuse/sendfd", null)
                                .status())
                        .isEqualTo(204);
                saved.get(SLOW, TimeUnit.SECONDS);

                step("sendfd done; stopping the daemon");
                // freeze the daemon so the reader's READ stays unanswered, then kill it
                assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(first.pid()))
                                .start()
                                .waitFor())
                        .isZero();
                // its own thread: the common pool has one thread on a 2-CPU guest, and the supervisor needs it
                CompletableFuture<byte[]> reader = new CompletableFuture<>();
                java.util.concurrent.atomic.AtomicInteger readerTid = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.CountDownLatch tidKnown = new java.util.concurrent.CountDownLatch(1);
                Thread.ofPlatform().name("reader").start(() -> {
                    readerTid.set(KernelWaits.currentTid());
                    tidKnown.countDown();
                    try {
                        reader.complete(Files.readAllBytes(mnt.resolve("d0/f3")));
                    } catch (Throwable e) {
                        reader.completeExceptionally(e);
                    }
                });
                assertThat(tidKnown.await(SLOW, TimeUnit.SECONDS)).isTrue();
                // the reader is asleep in the kernel on its on-demand READ (its kernel stack says so)
                KernelWaits.await(
                        readerTid.get(), "cachefiles", reader::isDone, Duration.ofSeconds(SLOW), "the reader of d0/f3");
                step("reader waits; killing the daemon");
                assertThat(first.destroyForcibly().waitFor(SLOW, TimeUnit.SECONDS))
                        .as("killed daemon exits")
                        .isTrue();
                step("daemon gone");
                // the dead daemon's fds are closed by now: had that failed the pending READ, the reader would have been
                // woken (state R, or gone on); still asleep in it, it waits on the request the supervisor's fd keeps
                assertThat(KernelWaits.asleepIn(readerTid.get(), "cachefiles"))
                        .as(
                                "the supervisor's fd keeps the request pending; reader stack:\n%s",
                                KernelWaits.stack(readerTid.get()))
                        .isTrue();
                assertThat(reader).isNotDone();

                // the snapshotter's fail-over: same command line, wait INIT, takeover, start
                second = launch(dir, commandLine);
                awaitState(api, "INIT");
                step("successor in INIT");
                CompletableFuture<Void> served = supervisor.serveTakeover(supervisor.state);
                ApiResponse takeover = api.request("PUT", "/api/v1/daemon/fuse/takeover", null);
                assertThat(takeover.status()).as(takeover.body()).isEqualTo(204);
                served.get(SLOW, TimeUnit.SECONDS);
                awaitState(api, "READY");
                step("successor READY");
                assertThat(api.request("PUT", "/api/v1/daemon/start", null).status())
                        .isEqualTo(204);
                awaitState(api, "RUNNING");
                step("successor RUNNING");

                byte[] got = reader.get(SLOW, TimeUnit.SECONDS);
                assertThat(Sha256.hex(got))
                        .as("the reader's bytes after fail-over")
                        .isEqualTo(Sha256.hex(big));
                assertThat(TreeDigests.of(mnt)).isEqualTo(TreeDigests.of(dir.resolve("src")));
            } finally {
                try {
                    Mounts.umount(mnt, 0);
                } catch (IOException ignored) {
                    // not mounted when the test failed early
                }
                first.destroyForcibly();
                if (second != null) second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
