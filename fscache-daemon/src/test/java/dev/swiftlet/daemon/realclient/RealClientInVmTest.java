package dev.swiftlet.daemon.realclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.cli.SwiftletCommand;
import dev.swiftlet.fetch.registry.FaultProxy;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.vm.GuestNydusd;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real client drives Swiftlet in the test VM (issue 16): Debian's containerd 1.7.24 with its CRI plugin and
 * nydus-snapshotter 0.13.4 with the fscache driver, configured from {@code scripts/real-client/}, start Swiftlet as
 * their nydusd ({@code scripts/nydusd}) and run containers from a Swiftlet-built image served by Debian's
 * docker-registry on the guest's loopback. Every file a container reads is checked by its SHA-256, printed from inside
 * the container, against the source tree the test wrote.
 */
@Tag("in-vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // scenario 1 first: it times the daemon's start on a quiet guest
class RealClientInVmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPO = "swiftlet/demo";
    /**
     * The checked-in nydusd config template names no {@code scheme} (the snapshotter never writes one) and sets
     * {@code skip_verify}: Swiftlet's registry backend then falls back from https to http as nydusd does. False would
     * add {@code "scheme":"http"} to it, for comparing against a build without the fallback.
     */
    static final boolean PLAIN_HTTP_FALLBACK_LANDED = true;
    /** Small files the containers read, and one big file nobody reads (lazy loading must leave it unfetched). */
    private static final int SMALL_FILES = 6;

    private static final int UNREAD_BYTES = 24 << 20;

    // short: the snapshotter's and the daemons' Unix sockets live under it (108 bytes at most for a socket path)
    private final Path root = Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache"), "rc");
    private final Path checkout = Path.of(System.getProperty("swiftlet.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    private LocalRegistry registry;
    private FaultProxy proxy;
    private RealClient client;
    private String name;
    /** This test's directory: short, named by a hash of the test's name. */
    private Path dir;

    static void step(String what) {
        System.out.println("[real-client] " + java.time.LocalTime.now() + " " + what);
    }

    private static Path clientDir() {
        String dir = System.getProperty("swiftlet.realclient.dir");
        Path p = dir != null && !dir.isEmpty()
                ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".cache/swiftlet/real-client/current");
        return p;
    }

    @BeforeEach
    void setUp(TestInfo info) throws Exception {
        Path packages = clientDir();
        if (!Files.isExecutable(packages.resolve("root/usr/bin/containerd-nydus-grpc"))) {
            String msg = "\n*** REAL-CLIENT TESTS SKIPPED: no containerd/nydus-snapshotter at " + packages
                    + " (run scripts/real-client/fetch.sh; .ci/run does) ***\n";
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        name = info.getTestMethod().orElseThrow().getName();
        this.dir = root.resolve(Integer.toHexString(name.hashCode()));
        Path state = this.dir;
        registry = LocalRegistry.start(state.resolve("registry"), null, null);
        cgroupsMounted();
        boolean failover = name.startsWith("failover");
        // fail-over streams over a slow link: a proxy in front of the registry that can delay blob responses
        proxy = failover ? new FaultProxy(URI.create("http://" + registry.host()), 0) : null;
        client = new RealClient(
                checkout,
                packages,
                state.resolve("client"),
                failover ? "failover" : "restart",
                pullHost(),
                nydusdConfig());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.keepLogs(name);
            client.close();
        }
        if (proxy != null) proxy.close();
        if (registry != null) registry.close();
    }

    /** Where containerd and Swiftlet pull from: the registry, or the proxy in front of it. */
    String pullHost() {
        return proxy != null ? "127.0.0.1:" + proxy.port : registry.host();
    }

    /** The checked-in nydusd config template, with the plain-http scheme while Swiftlet has no fallback. */
    String nydusdConfig() throws IOException {
        String template = Files.readString(checkout.resolve("scripts/real-client/nydusd-config.fscache.json"));
        if (PLAIN_HTTP_FALLBACK_LANDED) return template;
        ObjectNode n = (ObjectNode) JSON.readTree(template);
        ((ObjectNode) n.path("config").path("backend_config")).put("scheme", "http");
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    /** runc needs a cgroup hierarchy; the guest's init mounts none. cgroup v2 (the guest kernel has cgroup BPF). */
    static void cgroupsMounted() throws Exception {
        if (Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))) return;
        Process p = new ProcessBuilder("mount", "-t", "cgroup2", "none", "/sys/fs/cgroup")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("mount cgroup2: " + out).isZero();
    }

    /**
     * The image's tree: busybox (static) to read and digest files in the container, small files of known content,
     * and a big one no container reads. Returns each small file's path in the image and its SHA-256.
     */
    static Map<String, String> writeTree(Path src, int seed) throws Exception {
        Path busybox = Path.of("/bin/busybox");
        assertThat(busybox)
                .as("busybox-static (scripts/real-client/fetch.sh installs it)")
                .isExecutable();
        Files.createDirectories(src.resolve("bin"));
        Files.copy(busybox, src.resolve("bin/busybox"));
        Random r = new Random(seed);
        Map<String, String> digests = new TreeMap<>();
        for (int i = 0; i < SMALL_FILES; i++) {
            byte[] b = new byte[1000 + r.nextInt(300_000)];
            r.nextBytes(b);
            String path = "data/f" + i;
            Files.write(Files.createDirectories(src.resolve("data")).resolve("f" + i), b);
            digests.put("/" + path, Sha256.hex(b));
        }
        byte[] big = new byte[UNREAD_BYTES];
        r.nextBytes(big);
        Files.write(src.resolve("data/unread"), big);
        return digests;
    }

    /** {@code swiftlet image build SRC --output DIR --oci OCI}, then skopeo pushes the layout to the registry. */
    String buildAndPush(Path src, Path work, String tag) throws Exception {
        StringWriter err = new StringWriter();
        var cl = SwiftletCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(
                "image",
                "build",
                src.toString(),
                "--output",
                work.resolve("img").toString(),
                "--oci",
                work.resolve("oci").toString(),
                "--oci-tag",
                tag);
        assertThat(rc).as("swiftlet image build: " + err).isZero();
        Process p = new ProcessBuilder(
                        "skopeo",
                        "copy",
                        "--quiet",
                        "--dest-tls-verify=false",
                        "oci:" + work.resolve("oci") + ":" + tag,
                        "docker://" + registry.host() + "/" + REPO + ":" + tag)
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("skopeo copy: " + out).isZero();
        return pullHost() + "/" + REPO + ":" + tag;
    }

    /** Runs a container that prints {@code sha256sum} of {@code files}; returns path → digest as printed inside it. */
    Map<String, String> digestsInContainer(String ref, String id, List<String> files) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("run", "--snapshotter", "nydus", "--rm", ref, id, "/bin/busybox", "sha256sum"));
        args.addAll(files);
        String out = client.ctr(args.toArray(String[]::new));
        Map<String, String> got = printedDigests(out);
        return got;
    }

    /** Waits until the daemon behind {@code api} answers RUNNING. */
    static void awaitRunning(AdminClient api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RealClient.SLOW);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = api.request("GET", "/api/v1/daemon", null).body();
                if (last.contains("\"RUNNING\"")) return;
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("daemon not RUNNING: " + last);
    }

    /** A gauge only the Prometheus text carries ({@code images_registered}, {@code blobs_registered}). */
    static long gauge(AdminClient api, String key) throws IOException {
        String text = api.request("GET", "/api/v1/metrics/prometheus", null).body();
        for (String line : text.split("\n")) {
            if (line.startsWith("swiftlet_" + key + " "))
                return (long)
                        Double.parseDouble(line.substring(key.length() + 10).trim());
        }
        throw new AssertionError("no swiftlet_" + key + " in:\n" + text);
    }

    static long stat(AdminClient api, String key) throws IOException {
        JsonNode n =
                JSON.readTree(api.request("GET", "/api/v1/swiftlet/stats", null).body());
        assertThat(n.has(key)).as("stats has " + key + ": " + n).isTrue();
        return n.path(key).asLong();
    }

    /**
     * Exec of {@code scripts/nydusd} to its API socket and to RUNNING in this guest (the snapshotter waits about 10 s
     * for the socket, then 2 s for RUNNING), the way the snapshotter starts it but with no kernel front end.
     */
    void timeDaemonStart(String what, Map<String, String> env) throws Exception {
        Path tdir = Files.createDirectories(dir.resolve("t" + Integer.toHexString(what.hashCode())));
        Path sock = tdir.resolve("api.sock");
        List<String> cmd = List.of(
                checkout.resolve("scripts/nydusd").toString(),
                "singleton",
                "--fscache",
                Files.createDirectories(tdir.resolve("fscache")).toString(),
                "--apisock",
                sock.toString(),
                "--frontend",
                "none");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(tdir.resolve("daemon.out").toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process d = pb.start();
        try {
            while (!Files.exists(sock) && d.isAlive()) Thread.sleep(20);
            if (!Files.exists(sock)) {
                step("guest timing (" + what + "): the daemon exited " + d.waitFor() + ": "
                        + Files.readString(tdir.resolve("daemon.out")));
                return;
            }
            long socketMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            AdminClient api = new AdminClient(sock);
            while (!api.request("GET", "/api/v1/daemon", null).body().contains("RUNNING")) Thread.sleep(20);
            long runningMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            step("guest timing (" + what + "): scripts/nydusd exec -> API socket " + socketMs + " ms, -> RUNNING "
                    + runningMs + " ms");
            api.request("PUT", "/api/v1/daemon/exit", null);
            d.waitFor(60, TimeUnit.SECONDS);
        } finally {
            d.destroyForcibly();
        }
    }

    /** An image in the registry: its reference, the digests of the files containers read, its data blob ids. */
    record Pushed(String ref, Map<String, String> expected, List<String> blobIds) {}

    Pushed push(String tag, int seed) throws Exception {
        Path work = dir.resolve(tag);
        Map<String, String> expected = writeTree(work.resolve("src"), seed);
        String ref = buildAndPush(work.resolve("src"), work.resolve("push"), tag);
        List<String> blobs;
        try (var s = Files.list(work.resolve("push/img/blobs"))) {
            blobs = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        step("image pushed: " + ref + ", blobs " + blobs);
        return new Pushed(ref, expected, blobs);
    }

    /** Snapshotter, then containerd (which connects to the snapshotter's socket at start). */
    void startClient() throws Exception {
        client.startSnapshotter();
        step("snapshotter up");
        client.startContainerd();
        step("containerd up");
    }

    /** CRI pull, then a container that prints the digests of every small file; asserts them. */
    void pullAndCheck(Pushed image, String container) throws Exception {
        String imageId = client.cri("pull", image.ref());
        step("CRI pull done: " + imageId);
        assertThat(imageId).startsWith("sha256:");
        assertThat(client.cri("images")).contains(image.ref());
        Map<String, String> got = digestsInContainer(
                image.ref(), container, List.copyOf(image.expected().keySet()));
        step("container " + container + " printed " + got.size() + " digests");
        assertThat(got).as("sha256 of every file, read in the container").isEqualTo(image.expected());
    }

    /** Scenario 1: CRI pull through the snapshotter, a container reads files lazily loaded by Swiftlet. */
    @Test
    @Order(1)
    void criPullAndRunReadsEveryFileLazily() throws Exception {
        Pushed image = push("v1", 1);
        // the start the snapshotter will see (exec to the API socket, bound by the launcher; to RUNNING)
        Map<String, String> env = GuestNydusd.environment();
        timeDaemonStart("as the snapshotter starts it", env);
        startClient();
        pullAndCheck(image, "c1");
        AdminClient api = new AdminClient(client.apiSocket());
        assertThat(api.request("GET", "/api/v1/daemon", null).body()).contains("RUNNING");

        long fetched = stat(api, "bytes_fetched");
        step("bytes fetched " + fetched + " of an image with " + UNREAD_BYTES + " unread bytes");
        assertThat(fetched).as("bytes fetched from the registry").isPositive();
        assertThat(fetched).as("lazy: the unread file stays unfetched").isLessThan(UNREAD_BYTES / 2);
        assertThat(stat(api, "failures")).as("failed kernel requests").isZero();
    }

    /**
     * The snapshotter watches a daemon (death events, so recovery; the states it hands to its supervisor) only when
     * the daemon's API socket appears within its wait (100 tries ~170 ms apart) and answers RUNNING within 20 more;
     * otherwise it logs "probably not started" / "not managed to reach RUNNING" and never watches that daemon. Once it
     * watches, it sends the daemon's states to its supervisor (recover_policy "failover"): Swiftlet's sendfd log line is
     * the positive sign. Named failover... for that policy.
     */
    @Test
    @Order(6)
    void failoverWatchStartsBecauseTheSnapshotterSawSwiftletStartWithinItsWait() throws Exception {
        long t0 = System.nanoTime();
        client.startSnapshotter();
        awaitRunning(new AdminClient(client.apiSocket()));
        step("daemon RUNNING " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)
                + " ms after the snapshotter's start");
        // an external process's verdict: polled on its log, bounded by the snapshotter's own retry budget
        long deadline = t0 + TimeUnit.SECONDS.toNanos(90);
        String log = Files.readString(client.snapshotterLog());
        while (System.nanoTime() < deadline
                && !log.contains(SENT_TO_SUPERVISOR)
                && !log.contains("probably not started")
                && !log.contains("not managed to reach RUNNING")) {
            Thread.sleep(200);
            log = Files.readString(client.snapshotterLog());
        }
        assertThat(log)
                .as("the snapshotter saw Swiftlet start in time")
                .doesNotContain("probably not started")
                .doesNotContain("not managed to reach RUNNING")
                .contains(SENT_TO_SUPERVISOR);
    }

    /** Chunks in each pushed image (its files at 1 MiB chunks; swiftlet image build prints the count). */
    static final long IMAGE_CHUNKS = 32;

    /** Swiftlet's log line for a sendfd with the device: the snapshotter watches the daemon and saved its states. */
    static final String SENT_TO_SUPERVISOR = "saved the blob cache entries and the device fd to supervisor";

    /** Regular files under the cachefiles directory (committed backing files; open objects are still tmpfiles). */
    List<Path> cacheFiles() throws IOException {
        try (var s = Files.walk(client.state.resolve("nydus/cache"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Free bytes of the filesystem under the cache: counts the tmpfiles cachefiles keeps unlinked while objects are open. */
    long cacheFsFree() throws IOException {
        return Files.getFileStore(client.state.resolve("nydus/cache")).getUnallocatedSpace();
    }

    /**
     * Scenario 5: removing the container and the image reaches Swiftlet through the snapshotter: the EROFS mount goes,
     * the image is unbound and its bootstrap and blob culled from the cache, and the space comes back. The snapshotter
     * asks for each cull once, racing the kernel's release of the backing files (the blob's while the mount may still
     * be up, the bootstrap's right after the umount, before cachefiles has linked the file in): Swiftlet culls them
     * once the kernel lets them go.
     */
    @Test
    @Order(5)
    void removingContainerAndImageUnbindsAndCulls() throws Exception {
        Pushed image = push("v5", 5);
        startClient();
        pullAndCheck(image, "c5"); // --rm: the container and its writable snapshot are gone when ctr returns
        AdminClient api = new AdminClient(client.apiSocket());
        assertThat(gauge(api, "images_registered"))
                .as("images bound while the image exists")
                .isPositive();
        // while the image is mounted its backing files are unlinked tmpfiles (cachefiles links them in when the
        // object is let go): the space they hold shows only in the filesystem's free space
        long freeBefore = cacheFsFree();
        long fetched = stat(api, "bytes_fetched");
        assertThat(client.mountsUnderState()).as("the image's EROFS mount").isNotEmpty();

        client.cri("rmi", image.ref());
        step("CRI RemoveImage done");
        assertThat(client.cri("images")).doesNotContain(image.ref());
        // containerd's garbage collector removes the snapshots; the snapshotter umounts, unbinds and culls in turn
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RealClient.SLOW);
        while (System.nanoTime() < deadline
                && (gauge(api, "images_registered") > 0
                        || !cacheFiles().isEmpty()
                        || !client.mountsUnderState().isEmpty())) {
            Thread.sleep(200);
        }
        assertThat(client.mountsUnderState())
                .as("mounts left after the image was removed\n" + client.logs())
                .isEmpty();
        assertThat(gauge(api, "images_registered"))
                .as("images still bound in Swiftlet")
                .isZero();
        assertThat(gauge(api, "blobs_registered"))
                .as("blobs still registered in Swiftlet")
                .isZero();
        assertThat(cacheFiles()).as("backing files left after unbind and cull").isEmpty();
        long freed = cacheFsFree() - freeBefore;
        step("cache space freed by the removal: " + freed + " bytes; fetched " + fetched);
        assertThat(freed).as("cache space freed").isGreaterThanOrEqualTo(fetched / 2);
    }

    /** {@code ctr task exec} in a running container: the digests it prints, path → digest. */
    Map<String, String> digestsInTask(String container, String execId, List<String> command) throws Exception {
        List<String> args = new ArrayList<>(List.of("task", "exec", "--exec-id", execId, container));
        args.addAll(command);
        Map<String, String> got = printedDigests(client.ctr(args.toArray(String[]::new)));
        return got;
    }

    static List<String> sha256sum(java.util.Collection<String> files) {
        List<String> cmd = new ArrayList<>(List.of("/bin/busybox", "sha256sum"));
        cmd.addAll(files);
        return cmd;
    }

    /**
     * Scenario 2: {@code recover_policy = "restart"}. The snapshotter and Swiftlet are SIGKILLed; the snapshotter is
     * started again and recovers (a new daemon, the images bound and mounted again); a new container reads every file,
     * nothing already cached is fetched again, and what was never read is fetched by the new daemon.
     *
     * <p>Mounts of the killed daemon cannot read on under this policy, with nydusd as with Swiftlet: nobody holds the
     * /dev/cachefiles descriptor, so the kernel withdraws the cache when the daemon dies (uncached reads there get
     * EIO/SIGBUS), and while a container still holds such a superblock the snapshotter's remount of the same snapshot
     * fails to register its fscache volume. Readers that must survive need {@code recover_policy = "failover"}
     * (scenario 3). So no container runs across the kill here.
     */
    @Test
    @Order(2)
    void restartPolicyRecoversAfterSnapshotterAndDaemonAreKilled() throws Exception {
        Pushed image = push("v2", 2);
        Path src = dir.resolve("v2/src");
        byte[] unread = Files.readAllBytes(src.resolve("data/unread"));
        // its last MiB: far past what read-ahead around the files read before the kill can have fetched
        String unreadTail = Sha256.hex(java.util.Arrays.copyOfRange(unread, unread.length - (1 << 20), unread.length));
        startClient();
        pullAndCheck(image, "c2-first");
        AdminClient before = new AdminClient(client.apiSocket());
        step("before the kill: bytes fetched " + stat(before, "bytes_fetched"));
        long filledBefore = stat(before, "chunks_filled");
        assertThat(filledBefore).as("chunks the first daemon filled").isPositive();

        List<ProcessHandle> daemons = client.daemons();
        assertThat(daemons).as("the snapshotter's Swiftlet daemon").hasSize(1);
        client.snapshotter.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        daemons.getFirst().destroyForcibly();
        daemons.getFirst().onExit().get(60, TimeUnit.SECONDS);
        Path oldSocket = client.apiSocket();
        step("snapshotter and daemon SIGKILLed; starting the snapshotter again");

        client.startSnapshotter();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RealClient.SLOW);
        while (client.daemons().isEmpty() && client.snapshotter.isAlive() && System.nanoTime() < deadline)
            Thread.sleep(100);
        assertThat(client.daemons())
                .as("a new daemon started by the snapshotter\n" + client.logs())
                .hasSize(1);
        assertThat(client.daemons().getFirst().pid())
                .as("a new daemon")
                .isNotEqualTo(daemons.getFirst().pid());
        AdminClient api = new AdminClient(client.apiSocket());
        awaitRunning(api);
        step("recovered daemon RUNNING at " + client.apiSocket() + " (was " + oldSocket + ")");

        assertThat(digestsInContainer(
                        image.ref(), "c2-new", List.copyOf(image.expected().keySet())))
                .as("a new container after the restart\n" + client.logs())
                .isEqualTo(image.expected());
        // every chunk the killed daemon had filled is found in its cache file, none is filled again (read-ahead may
        // still fetch chunks nobody read before)
        long restored = stat(api, "chunks_restored");
        step("after the restart: " + restored + " chunks found in the cache file, " + stat(api, "chunks_filled")
                + " filled");
        assertThat(restored)
                .as("chunks found in the killed daemon's cache file")
                .isGreaterThanOrEqualTo(filledBefore);
        assertThat(restored + stat(api, "chunks_filled"))
                .as("chunks restored + filled: none twice")
                .isLessThanOrEqualTo(IMAGE_CHUNKS);
        assertThat(client.snapshotter.isAlive())
                .as("the restarted snapshotter runs\n" + client.logs())
                .isTrue();

        // what was never read: the new daemon must fetch it
        String out = client.ctr(
                "run",
                "--rm",
                "--snapshotter",
                "nydus",
                image.ref(),
                "c2-unread",
                "/bin/busybox",
                "sh",
                "-c",
                "/bin/busybox tail -c 1048576 /data/unread | /bin/busybox sha256sum");
        assertThat(out.trim().split("\\s+")[0])
                .as("an unread range after the restart")
                .isEqualTo(unreadTail);
        assertThat(stat(api, "bytes_fetched"))
                .as("the new daemon fetched the unread range")
                .isPositive();
    }

    /**
     * Scenario 3: {@code recover_policy = "failover"}. Readers in a running container stream the big file over a slow
     * registry link; Swiftlet is SIGKILLed while they read; the snapshotter's supervisor holds the /dev/cachefiles
     * descriptor and hands it to a new Swiftlet (takeover, start); every reader completes with the right bytes.
     */
    @Test
    @Order(3)
    void failoverPolicyHandsTheDeviceToANewDaemonWhileReadersStream() throws Exception {
        Pushed image = push("v3", 3);
        String unreadDigest = Sha256.hex(Files.readAllBytes(dir.resolve("v3/src/data/unread")));
        startClient();
        pullAndCheck(image, "c3-first");
        client.ctr("run", "-d", "--snapshotter", "nydus", image.ref(), "c3", "/bin/busybox", "sleep", "100000");
        try {
            AdminClient api = new AdminClient(client.apiSocket());
            awaitRunning(api);
            List<ProcessHandle> daemons = client.daemons();
            assertThat(daemons).as("the snapshotter's Swiftlet daemon").hasSize(1);
            // every blob response now waits 3 s: the readers are mid-file when the daemon dies
            List<Process> readers = readersOnASlowLink("c3", 2);
            assertThat(readers)
                    .as("readers still reading when the daemon is killed")
                    .allMatch(Process::isAlive);
            daemons.getFirst().destroyForcibly();
            step("daemon SIGKILLed with " + readers.size() + " readers in flight");

            readersFinish(readers, unreadDigest, "after fail-over");
            List<ProcessHandle> now = client.daemons();
            assertThat(now).as("the daemon after fail-over").hasSize(1);
            assertThat(now.getFirst().pid())
                    .as("a new daemon")
                    .isNotEqualTo(daemons.getFirst().pid());
            assertThat(Files.readString(client.snapshotterLog()))
                    .as("the snapshotter's fail-over")
                    .contains("Do failover for daemon");
        } finally {
            client.run(List.of(
                    client.bin.resolve("ctr").toString(),
                    "--address",
                    client.containerdSocket().toString(),
                    "--namespace",
                    "k8s.io",
                    "task",
                    "kill",
                    "--signal",
                    "SIGKILL",
                    "c3"));
        }
    }

    /**
     * Scenario 4: hot upgrade, as nydus-snapshotter runs it (its system controller's {@code PUT /api/v1/daemons/upgrade},
     * recover_policy "failover" for the supervisor): a new daemon with {@code --upgrade} on the next API socket, the
     * supervisor's states, takeover, READY, the old daemon's exit, start. Readers in a running container stream the big
     * file over a slow registry link throughout; none sees an error, and the new daemon serves the mount afterwards.
     */
    @Test
    @Order(4)
    void failoverPolicyHotUpgradeKeepsReadersStreaming() throws Exception {
        Pushed image = push("v4", 4);
        String unreadDigest = Sha256.hex(Files.readAllBytes(dir.resolve("v4/src/data/unread")));
        client.useLauncher(client.launcherScript(client.state.resolve("bin/nydusd")));
        Path next = client.launcherScript(client.state.resolve("bin/nydusd-next"));
        startClient();
        pullAndCheck(image, "c4-first");
        client.ctr("run", "-d", "--snapshotter", "nydus", image.ref(), "c4", "/bin/busybox", "sleep", "100000");
        try {
            AdminClient api = new AdminClient(client.apiSocket());
            awaitRunning(api);
            List<ProcessHandle> before = client.daemons();
            assertThat(before).as("the snapshotter's Swiftlet daemon").hasSize(1);
            List<Process> readers = readersOnASlowLink("c4", 2);
            assertThat(readers)
                    .as("readers still reading when the upgrade starts")
                    .allMatch(Process::isAlive);

            long t0 = System.nanoTime();
            var upgrade = new AdminClient(client.systemSocket())
                    .request(
                            "PUT",
                            "/api/v1/daemons/upgrade",
                            "{\"nydusd_path\":\"" + next + "\",\"version\":\"next\",\"policy\":\"rolling\"}");
            step("hot upgrade answered " + upgrade.status() + " after "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms: " + upgrade.body());
            assertThat(upgrade.status())
                    .as("the snapshotter's upgrade: " + upgrade.body() + "\n" + client.logs())
                    .isEqualTo(200);

            readersFinish(readers, unreadDigest, "across the upgrade");
            List<ProcessHandle> after = client.daemons();
            assertThat(after).as("one daemon after the upgrade").hasSize(1);
            assertThat(after.getFirst().pid())
                    .as("a new daemon")
                    .isNotEqualTo(before.getFirst().pid());
            AdminClient upgraded = new AdminClient(client.apiSocket());
            assertThat(upgraded.request("GET", "/api/v1/daemon", null).body()).contains("RUNNING");
            assertThat(digestsInTask("c4", "after", sha256sum(image.expected().keySet())))
                    .as("the running container's mount after the upgrade")
                    .isEqualTo(image.expected());
            assertThat(Files.readString(client.snapshotterLog())).contains("Upgraded daemon success");
        } finally {
            client.run(List.of(
                    client.bin.resolve("ctr").toString(),
                    "--address",
                    client.containerdSocket().toString(),
                    "--namespace",
                    "k8s.io",
                    "task",
                    "kill",
                    "--signal",
                    "SIGKILL",
                    "c4"));
        }
    }

    /**
     * Issue #17: an ordinary OCI image (a gzip tar layer and a config whose Cmd prints the digests of its files), converted
     * by {@code swiftlet image convert} into the guest's registry, runs through the real snapshotter with no command
     * given: the container runs the image's own Cmd, and every digest it prints is checked.
     */
    @Test
    @Order(7)
    void convertedImageRunsWithoutACommand() throws Exception {
        Path work = dir.resolve("conv");
        Map<String, String> expected = writeTree(work.resolve("src"), 7);
        Path layer = work.resolve("layer.tar");
        runHere(List.of("tar", "-C", work.resolve("src").toString(), "-cf", layer.toString(), "."));
        List<String> cmd = new ArrayList<>(List.of("/bin/busybox", "sha256sum"));
        cmd.addAll(expected.keySet());
        runHere(List.of(
                "python3",
                checkout.resolve("scripts/oci/from-tars.py").toString(),
                work.resolve("layout").toString(),
                layer.toString(),
                "--cmd",
                JSON.writeValueAsString(cmd)));
        StringWriter err = new StringWriter();
        var cl = SwiftletCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        String target = registry.host() + "/swiftlet/converted:latest";
        // the guest's /var/tmp (the default work directory) is the host's, read-only: work on the guest's disk
        int rc = cl.execute(
                "image",
                "convert",
                "oci:" + work.resolve("layout") + ":latest",
                target,
                "--plain-http",
                "--work-dir",
                Files.createDirectories(work.resolve("tmp")).toString());
        assertThat(rc).as("swiftlet image convert: " + err).isZero();
        step("converted into " + target);

        startClient();
        String ref = pullHost() + "/swiftlet/converted:latest";
        assertThat(client.cri("pull", ref)).startsWith("sha256:");
        String out = client.ctr("run", "--rm", "--snapshotter", "nydus", ref, "converted");
        Map<String, String> got = printedDigests(out);
        assertThat(got)
                .as("what the image's own Cmd printed in the container:\n" + out)
                .isEqualTo(expected);
    }

    /** What {@code sha256sum} printed: path → digest, from its "DIGEST  PATH" lines; other output is skipped. */
    static Map<String, String> printedDigests(String out) {
        Map<String, String> got = new TreeMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].length() == 64) got.put(f[1], f[0]);
        }
        return got;
    }

    static void runHere(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    /**
     * {@code n} readers of the big file in {@code container}, its blob responses slowed (3 s each) so that they are
     * mid-file when what is tested happens; returns once their reads reach the slow link.
     */
    List<Process> readersOnASlowLink(String container, int n) throws Exception {
        proxy.inject(FaultProxy.Fault.SLOW, 1000);
        int seenBefore = proxy.seenRequests().size();
        List<Process> readers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            readers.add(client.start(List.of(
                    client.bin.resolve("ctr").toString(),
                    "--address",
                    client.containerdSocket().toString(),
                    "--namespace",
                    "k8s.io",
                    "task",
                    "exec",
                    "--exec-id",
                    "r" + i,
                    container,
                    "/bin/busybox",
                    "sha256sum",
                    "/data/unread")));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RealClient.SLOW);
        while (proxy.seenRequests().size() == seenBefore && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(proxy.seenRequests().size())
                .as("blob reads of the readers reached the slow link")
                .isGreaterThan(seenBefore);
        return readers;
    }

    /** Every reader ends without an error and prints {@code digest}; bound: the rest of the file plus a daemon's start. */
    void readersFinish(List<Process> readers, String digest, String across) throws Exception {
        for (Process r : readers) {
            assertThat(r.waitFor(300, TimeUnit.SECONDS))
                    .as("reader finished\n" + client.logs())
                    .isTrue();
            String out = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(r.exitValue())
                    .as("reader: " + out + "\n" + client.logs())
                    .isZero();
            assertThat(out.trim().split("\\s+")[0])
                    .as("the reader's bytes " + across)
                    .isEqualTo(digest);
        }
    }
}
