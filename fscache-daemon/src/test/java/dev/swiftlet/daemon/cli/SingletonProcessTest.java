package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.unix.FdPassing;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/nydusd} driven as nydus-snapshotter drives nydusd in fscache mode (spec A.1, A.3, A.5), in a
 * separate process: its exact command line, the 10 s wait for the socket, the idle liveness connection, the
 * 20 × 100 ms wait for RUNNING (which must come within 2 s of the exec), BindBlob with the snapshotter's JSON
 * and fsid derivation, sendfd to the supervisor, blob cache metrics, unbind, cull, exit. Front end "none"
 * (no /dev/cachefiles on this host; the mount itself is the VM test's job). Runs the classes just compiled
 * through the launcher (SWIFTLET_CLASSPATH).
 */
class SingletonProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path REPO = Path.of(System.getProperty("swiftlet.repo.root", "/work/main"));

    @TempDir
    Path root;

    Process daemon;

    @BeforeEach
    void checkLauncher() {
        assertThat(REPO.resolve("scripts/nydusd")).as("launcher").isExecutable();
    }

    @AfterEach
    void kill() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static ProcessBuilder nydusd(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(REPO.resolve("scripts/nydusd").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("SWIFTLET_CLASSPATH", System.getProperty("java.class.path"));
        return pb;
    }

    static String run(List<String> args) throws Exception {
        Process p = nydusd(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    static String fscacheId(String snapshotId) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(("nydus-snapshot-" + snapshotId).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void versionHasTheGitCommitTheApiReports() throws Exception {
        String out = run(List.of("--version"));
        Matcher m = Pattern.compile("Git Commit:\\s*(.+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(1).trim())
                .isEqualTo(dev.swiftlet.daemon.api.VersionInfo.current().gitCommit());
        assertThat(out).contains("Version: \t", "Build Time: \t", "Profile: \t");
        assertThat(run(List.of("singleton", "--version"))).isEqualTo(out);
    }

    @Test
    void snapshotterSequenceAgainstTheLaunchedDaemon() throws Exception {
        String daemonId = "d35vajrt64uh53eit6q0";
        Path cache = Files.createDirectories(root.resolve("cache"));
        Path sock = root.resolve("socket").resolve(daemonId).resolve("api.sock");
        Path supervisorSock =
                Files.createDirectories(root.resolve("supervisor")).resolve(daemonId + ".sock");
        Path log = root.resolve("logs").resolve(daemonId).resolve("nydusd.log");
        Files.createDirectories(sock.getParent());

        // A.5 step 1: the image's bootstrap under the snapshot, its blobs reachable by the backend
        Path src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello from the snapshotter test\n");
        byte[] big = new byte[1 << 20];
        new Random(3).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        String snapshotId = "42";
        Path fsDir = root.resolve("snapshots").resolve(snapshotId).resolve("fs");
        BuildResult built = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 64 << 10, null))
                .build(src, root.resolve("built"), n -> {});
        Path bootstrap = Files.createDirectories(fsDir.resolve("image")).resolve("image.boot");
        Files.copy(built.bootstrap(), bootstrap);

        try (Fd supervisor = FdPassing.listen(supervisorSock)) {
            // A.1: the command line the snapshotter builds (recover_policy failover, log file, rotation)
            long t0 = System.nanoTime();
            daemon = nydusd(List.of(
                            "singleton",
                            "--fscache",
                            cache.toString(),
                            "--fscache-threads",
                            "4",
                            "--id",
                            daemonId,
                            "--apisock",
                            sock.toString(),
                            "--log-level",
                            "info",
                            "--log-rotation-size",
                            "100",
                            "--supervisor",
                            supervisorSock.toString(),
                            "--log-file",
                            log.toString(),
                            "--frontend",
                            "none"))
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("stdout").toFile())
                    .start();
            // the socket file within 10 s (100 × 100 ms) ...
            for (int i = 0; i < 100 && !Files.exists(sock); i++) Thread.sleep(100);
            assertThat(sock).as(output()).exists();
            // ... the liveness connection, which sends nothing ...
            try (SocketChannel idle = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                idle.connect(UnixDomainSocketAddress.of(sock));
                AdminClient api = new AdminClient(sock);
                // ... and RUNNING within 2 s of the exec (WaitUntilState: 20 × 100 ms)
                String state = "";
                for (int i = 0; i < 20 && !state.equals("RUNNING"); i++) {
                    state = JSON.readTree(
                                    api.request("GET", "/api/v1/daemon", null).body())
                            .path("state")
                            .asText();
                    if (!state.equals("RUNNING")) Thread.sleep(100);
                }
                long runningMillis = (System.nanoTime() - t0) / 1_000_000;
                // The contract checked here is the snapshotter's protocol: the socket within its 10 s wait, then
                // RUNNING within its 20 polls. How fast the daemon gets there after exec is a performance figure
                // (timed unit tests fail on a busy machine); it is printed here and measured in the benchmarks.
                System.out.printf(
                        "nydusd (swiftlet) RUNNING %d ms after exec (load average %s; daemon log: %s)%n",
                        runningMillis,
                        Files.readString(Path.of("/proc/loadavg")).trim(),
                        logLine(log, "after exec"));
                assertThat(state)
                        .as("RUNNING within the snapshotter's 20 x 100 ms polls once the socket exists")
                        .isEqualTo("RUNNING");
                JsonNode info =
                        JSON.readTree(api.request("GET", "/api/v1/daemon", null).body());
                assertThat(info.path("id").asText()).isEqualTo(daemonId);
                assertThat(info.path("supervisor").asText()).isEqualTo(supervisorSock.toString());

                // A.4/A.5: BindBlob with the snapshotter's legacy shape (localfs instead of registry: no network here)
                String fsid = fscacheId(snapshotId);
                ApiResponse bind = api.request(
                        "PUT", "/api/v2/blobs", """
                        {"type":"bootstrap","id":"%1$s","domain_id":"%1$s",
                         "config":{"id":"%1$s","backend_type":"localfs",
                                   "backend_config":{"readahead":false,"dir":"%2$s",
                                                     "proxy":{"url":"","fallback":false,"ping_url":"","check_interval":0,"use_http":false},
                                                     "timeout":0,"connect_timeout":0,"retry_limit":0},
                                   "cache_type":"fscache","cache_config":{"work_dir":"%3$s"},
                                   "prefetch_config":{"enable":true,"threads_count":8,"merging_size":1048576,"bandwidth_rate":0,"prefetch_all":false},
                                   "metadata_path":"%4$s"}}""".formatted(fsid, root.resolve("built/blobs"), fsDir, bootstrap));
                assertThat(bind.status()).as(bind.body()).isEqualTo(204);

                // sendfd after the mount: the supervisor gets the state and one descriptor
                CompletableFuture<FdPassing.Received> saved = CompletableFuture.supplyAsync(() -> {
                    try (Fd conn = FdPassing.accept(supervisor)) {
                        return FdPassing.receive(conn, 1 << 20, 4);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(api.request("PUT", "/api/v1/daemon/fuse/sendfd", null)
                                .status())
                        .isEqualTo(204);
                FdPassing.Received got = saved.get(10, TimeUnit.SECONDS);
                assertThat(got.fds()).hasSize(1);
                got.fds().forEach(Fd::closeQuietly);
                assertThat(new String(got.data(), StandardCharsets.UTF_8)).contains(fsid, bootstrap.toString());

                // GC accounting: the image's blob files
                ApiResponse metrics = api.request("GET", "/api/v1/metrics/blobcache?id=/" + fsid, null);
                assertThat(metrics.status()).isEqualTo(200);
                JsonNode m = JSON.readTree(metrics.body());
                assertThat(m.path("underlying_files").findValuesAsText("")).isEmpty();
                List<String> files = new ArrayList<>();
                m.path("underlying_files").forEach(f -> files.add(f.asText()));
                assertThat(files).containsExactlyElementsOf(built.blobIds());
                String prom =
                        api.request("GET", "/api/v1/metrics/prometheus", null).body();
                assertThat(prom).contains("swiftlet_images_registered 1\n", "# TYPE swiftlet_bytes_fetched counter\n");

                // umount: unbind by domain only (domain == fscache id), a second unbind is "not found", then cull
                assertThat(api.request("DELETE", "/api/v2/blobs?domain_id=" + fsid, null)
                                .status())
                        .isEqualTo(204);
                ApiResponse again = api.request("DELETE", "/api/v2/blobs?domain_id=" + fsid, null);
                assertThat(JSON.readTree(again.body()).path("message").asText())
                        .contains("blob_cache: cache entry not found");
                ApiResponse cull = api.request("DELETE", "/api/v2/blobs?blob_id=" + fsid, null);
                assertThat(cull.status())
                        .as("front end none cannot cull: nydusd's Unsupported")
                        .isEqualTo(501);
                assertThat(JSON.readTree(api.request("GET", "/api/v2/daemon", null)
                                        .body())
                                .path("state")
                                .asText())
                        .isEqualTo("RUNNING");

                // teardown
                assertThat(api.request("PUT", "/api/v1/daemon/exit", null).status())
                        .isEqualTo(204);
                assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).as(output()).isTrue();
                assertThat(daemon.exitValue()).as(output()).isZero();
                // the liveness connection sees the hang-up once the daemon is gone
                assertThat(idle.read(ByteBuffer.allocate(16))).isEqualTo(-1);
            }
        }
        assertThat(sock).doesNotExist();
        String logText = Files.readString(log);
        assertThat(logText)
                .contains("daemon " + daemonId + " RUNNING", "registered image", "exit requested through the API");
    }

    /**
     * {@code --rlimit-nofile} as nydusd applies it, seen by the kernel: soft and hard limits in /proc/PID/limits of
     * the launched daemon (12345: both set to it; the snapshotter's command line, without the flag: nydusd's default
     * 1000000, capped by fs.file-max; 0: the limits it inherited, which the JVM raises soft to hard at start).
     */
    @Test
    void rlimitNofileIsAppliedAtStart() throws Exception {
        Path cache = Files.createDirectories(root.resolve("cache"));
        long fileMax = Long.parseLong(
                Files.readAllLines(Path.of("/proc/sys/fs/file-max")).getFirst().trim());
        long[] inherited = openFiles(ProcessHandle.current().pid());
        // the daemon's JVM starts with its soft limit raised to the hard one, which then caps nydusd's default from
        // below
        long defaultLimit = Math.min(1_000_000, Math.max(Math.min(fileMax - 16384, 1_000_000), inherited[1]));
        // raising the hard limit needs CAP_SYS_RESOURCE (bit 24 of CapEff); without it the soft limit goes as far as it
        // may
        boolean mayRaise = defaultLimit <= inherited[1] || (capabilities() & (1L << 24)) != 0;
        record Case(List<String> flag, long soft, long hard) {}
        for (Case c : List.of(
                new Case(List.of("--rlimit-nofile", "12345"), 12345, 12345),
                mayRaise
                        ? new Case(List.of(), defaultLimit, defaultLimit)
                        : new Case(List.of(), inherited[1], inherited[1]),
                new Case(List.of("--rlimit-nofile", "0"), inherited[1], inherited[1]))) {
            Path sock = root.resolve("rl-" + c.soft() + ".sock");
            List<String> args = new ArrayList<>(List.of(
                    "singleton", "--fscache", cache.toString(), "--apisock", sock.toString(), "--frontend", "none"));
            args.addAll(c.flag());
            daemon = nydusd(args)
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve("stdout").toFile())
                    .start();
            try {
                for (int i = 0; i < 100 && !Files.exists(sock) && daemon.isAlive(); i++) Thread.sleep(100);
                assertThat(sock).as(output()).exists();
                // the socket is bound before anything else; its first answer comes once the daemon started, after the
                // limit was set
                assertThat(new AdminClient(sock)
                                .request("GET", "/api/v1/daemon", null)
                                .status())
                        .isEqualTo(200);
                assertThat(openFiles(daemon.pid()))
                        .as("%s: /proc/%d/limits", c.flag(), daemon.pid())
                        .containsExactly(c.soft(), c.hard());
                assertThat(new AdminClient(sock)
                                .request("PUT", "/api/v1/daemon/exit", null)
                                .status())
                        .isEqualTo(204);
                assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).as(output()).isTrue();
                if (c.flag().isEmpty() && !mayRaise) {
                    assertThat(output())
                            .contains("--rlimit-nofile 1000000: raising the hard limit of open files to " + defaultLimit
                                    + " was refused (it needs CAP_SYS_RESOURCE)");
                }
            } finally {
                daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** This process's effective capabilities (CapEff of /proc/self/status). */
    static long capabilities() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:"))
                return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
        }
        throw new AssertionError("no CapEff in /proc/self/status");
    }

    /** Soft and hard "Max open files" of a process, from /proc/PID/limits. */
    static long[] openFiles(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (!line.startsWith("Max open files")) continue;
            String[] f = line.substring("Max open files".length()).trim().split("\\s+");
            return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
        }
        throw new AssertionError("no Max open files in /proc/" + pid + "/limits");
    }

    private static String logLine(Path log, String part) {
        try {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.contains(part))
                    .findFirst()
                    .orElse("(none)");
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private String output() {
        try {
            return Files.readString(root.resolve("stdout"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
