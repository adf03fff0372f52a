package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.failover.SavedState;
import dev.swiftlet.daemon.frontend.Culler;
import dev.swiftlet.daemon.frontend.HandOver;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.RawImages;
import dev.swiftlet.daemon.logging.LogLevels;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the router, without a socket: status codes, JSON shapes, error bodies, lifecycle events. */
class AdminRouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    ImageTable images;
    DaemonMetrics metrics;
    FakeControl control;
    List<String> culled;
    /** Backing files the fake culler reports as still in use. */
    List<String> inUse;

    AdminRouter router;
    Path boot;

    @BeforeEach
    void setUp() throws Exception {
        images = new ImageTable();
        metrics = new DaemonMetrics();
        control = new FakeControl();
        culled = new ArrayList<>();
        inUse = new ArrayList<>();
        Culler culler = id -> {
            culled.add(id);
            return new Culler.Culled(inUse.isEmpty() ? 1 : 0, inUse);
        };
        router = new AdminRouter(
                new BlobCacheEntries(images),
                images,
                metrics,
                MountPlan::cachefiles,
                control,
                culler,
                new AdminRouter.Identity("d7", "none", dir.resolve("supervisor.sock")));
        boot = RawImages.buildWithBlobDevice(dir.resolve("img"));
    }

    @AfterEach
    void tearDown() {
        images.close();
    }

    String entry(String id, String domain) {
        return """
                {"type":"bootstrap","id":"%s","domain_id":"%s",
                 "config":{"id":"%s","backend_type":"localfs","backend_config":{"dir":"%s"},"cache_type":"fscache",
                           "cache_config":{"work_dir":"%s"},"metadata_path":"%s"},
                 "device_names":["blob.img"]}""".formatted(id, domain, id, dir.resolve("img/blobs"), dir, boot);
    }

    JsonNode json(ApiResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    ApiResponse put(String uri, String body) {
        return router.handle("PUT", uri, body);
    }

    void assertError(ApiResponse r, int status, String code, String messagePart) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/json");
        JsonNode n = json(r);
        assertThat(n.path("code").asText()).isEqualTo(code);
        assertThat(n.path("message").asText()).contains(messagePart);
    }

    @Test
    void daemonInfoV1AndV2ReportStateVersionAndSupervisor() throws Exception {
        for (DaemonState s : DaemonState.values()) {
            control.state = s;
            JsonNode v1 = json(router.handle("GET", "/api/v1/daemon", ""));
            assertThat(v1.path("state").asText()).isEqualTo(s.name());
        }
        control.state = DaemonState.RUNNING;
        ApiResponse r = router.handle("GET", "/api/v1/daemon", "");
        assertThat(r.status()).isEqualTo(200);
        JsonNode v1 = json(r);
        assertThat(v1.path("id").asText()).isEqualTo("d7");
        assertThat(v1.path("supervisor").asText())
                .isEqualTo(dir.resolve("supervisor.sock").toString());
        assertThat(v1.path("version").path("git_commit").asText())
                .isEqualTo(VersionInfo.current().gitCommit());
        assertThat(v1.path("version").path("package_ver").asText())
                .isEqualTo(VersionInfo.current().packageVersion());
        assertThat(v1.has("backend_collection")).isTrue();
        JsonNode v2 = json(router.handle("GET", "/api/v2/daemon", ""));
        assertThat(v2.path("state").asText()).isEqualTo("RUNNING");
        assertThat(v2.has("backend_collection")).isFalse();
        assertThat(v2.path("version").path("git_commit").asText())
                .isEqualTo(VersionInfo.current().gitCommit());
    }

    @Test
    void putDaemonSetsTheLogLevel() throws Exception {
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        try {
            assertThat(put("/api/v2/daemon", "{\"log_level\":\"debug\"}").status())
                    .isEqualTo(204);
            assertThat(root.getLevel()).isEqualTo(Level.FINE);
            assertThat(put("/api/v1/daemon", "{\"log_level\":\"WARN\"}").status())
                    .isEqualTo(204);
            assertThat(root.getLevel()).isEqualTo(Level.WARNING);
            assertError(put("/api/v2/daemon", "{\"log_level\":\"loud\"}"), 400, "InvalidRequest", "got 'loud'");
            assertError(put("/api/v2/daemon", "{}"), 400, "InvalidRequest", "log_level");
            assertThat(root.getLevel()).isEqualTo(Level.WARNING);
        } finally {
            LogLevels.apply(before == null ? Level.INFO : before);
        }
    }

    @Test
    void lifecycleEventsGoToTheDaemonAndExitRunsAfterTheAnswer() throws Exception {
        control.state = DaemonState.READY;
        assertThat(put("/api/v1/daemon/start", "").status()).isEqualTo(204);
        assertThat(control.state).isEqualTo(DaemonState.RUNNING);
        assertError(put("/api/v1/daemon/start", ""), 400, "UnexpectedEvent", "start is not allowed in state RUNNING");
        ApiResponse exit = put("/api/v1/daemon/exit", "");
        assertThat(exit.status()).isEqualTo(204);
        assertThat(exit.body()).isEmpty();
        assertThat(control.exits).as("exit waits until the answer is sent").isZero();
        exit.afterSent().run();
        assertThat(control.exits).isEqualTo(1);
        assertError(
                put("/api/v1/daemon/fuse/takeover", ""),
                400,
                "UnexpectedEvent",
                "takeover is not allowed in state RUNNING");
    }

    /**
     * The snapshotter calls sendfd after every mount and umount and waits, with no timeout, for the daemon's
     * connection: every state connects. The descriptor comes along where the daemon has one; in INIT (waiting to take
     * over the descriptor the supervisor keeps) the entries come alone, and the supervisor keeps the state it had.
     */
    @Test
    void sendfdConnectsToTheSupervisorInEveryState() throws Exception {
        assertThat(put("/api/v2/blobs", entry("a", "dom")).status()).isEqualTo(204);
        try (TestSupervisor supervisor = new TestSupervisor(dir.resolve("supervisor.sock"));
                Fd device = Fd.openForReading(dir.resolve("img/blobs/blob.img"))) {
            control.device = device.intValue();
            for (DaemonState state : List.of(DaemonState.RUNNING, DaemonState.READY, DaemonState.INIT)) {
                control.state = state;
                var saved = supervisor.acceptSave();
                ApiResponse r = put("/api/v1/daemon/fuse/sendfd", "");
                saved.get(10, TimeUnit.SECONDS);
                assertThat(r.status()).as(state + ": " + r.body()).isEqualTo(204);
                SavedState sent = SavedState.parse(supervisor.lastSent);
                assertThat(sent.entries()).as(state + ": the entries").hasSize(1);
                assertThat(supervisor.lastFds)
                        .as(state + ": descriptors sent")
                        .isEqualTo(state == DaemonState.INIT ? 0 : 1);
            }
            assertThat(supervisor.fd)
                    .as("the descriptor saved in READY is kept across the INIT save")
                    .isNotNull();
            // a daemon that cannot name its descriptor still connects, then reports the failure
            control.state = DaemonState.RUNNING;
            control.handOverFailure = new IOException("no descriptor here");
            var saved = supervisor.acceptSave();
            ApiResponse r = put("/api/v1/daemon/fuse/sendfd", "");
            saved.get(10, TimeUnit.SECONDS);
            assertError(r, 500, "InternalError", "no descriptor here");
            assertThat(supervisor.lastFds).isZero();
        }
    }

    @Test
    void failoverWithoutSupervisorIsABadRequest() throws Exception {
        AdminRouter plain = new AdminRouter(images, metrics, MountPlan::cachefiles, "d", "none");
        assertError(plain.handle("PUT", "/api/v1/daemon/fuse/sendfd", ""), 400, "InvalidRequest", "--supervisor");
        assertError(plain.handle("PUT", "/api/v1/daemon/fuse/takeover", ""), 400, "InvalidRequest", "--supervisor");
        assertThat(json(plain.handle("GET", "/api/v1/daemon", ""))
                        .path("supervisor")
                        .isNull())
                .isTrue();
    }

    @Test
    void blobsPutListAndTheThreeDeleteForms() throws Exception {
        assertThat(put("/api/v2/blobs", entry("a", "dom")).status()).isEqualTo(204);
        assertThat(put("/api/v2/blobs", entry("b", "dom")).status()).isEqualTo(204);
        assertThat(put("/api/v2/blobs", entry("c", "")).status()).isEqualTo(204);
        // a re-bind of an entry as registered (the snapshotter after a hot upgrade or fail-over) changes nothing, even
        // with other credentials; a different entry under a registered id is refused
        assertThat(put("/api/v2/blobs", entry("a", "dom")).status()).isEqualTo(204);
        assertThat(put("/api/v2/blobs", entry("a", "dom").replace("\"dir\":", "\"auth\":\"dTpw\",\"dir\":"))
                        .status())
                .isEqualTo(204);
        assertError(
                put(
                        "/api/v2/blobs",
                        entry("a", "dom")
                                .replace("\"cache_type\"", "\"prefetch_config\":{\"enable\":true},\"cache_type\"")),
                409,
                "AlreadyExists",
                "different blob cache entry");
        assertThat(images.bootstrap("dom", "a").orElseThrow().spec().prefetch().enabled())
                .as("the first entry still holds")
                .isFalse();
        JsonNode list = json(router.handle("GET", "/api/v2/blobs", ""));
        assertThat(list.path("images").findValuesAsText("key")).containsExactly("dom/a", "dom/b", "c/c");
        // ?domain_id=&blob_id= releases one image
        assertThat(router.handle("DELETE", "/api/v2/blobs?domain_id=dom&blob_id=a", "")
                        .status())
                .isEqualTo(204);
        assertThat(images.bootstrap("dom", "a")).isEmpty();
        assertThat(images.bootstrap("dom", "b")).isPresent();
        // the snapshotter's unbind of a missing entry must find this substring
        assertError(
                router.handle("DELETE", "/api/v2/blobs?domain_id=dom&blob_id=a", ""),
                404,
                "NotFound",
                "blob_cache: cache entry not found");
        // ?domain_id= alone releases the whole domain
        assertThat(router.handle("DELETE", "/api/v2/blobs?domain_id=dom", "").status())
                .isEqualTo(204);
        assertThat(images.blob("dom", "blob.img")).isEmpty();
        assertError(
                router.handle("DELETE", "/api/v2/blobs?domain_id=dom", ""),
                404,
                "NotFound",
                "blob_cache: cache entry not found");
        // an image registered without a domain is released with an empty domain_id
        assertThat(router.handle("DELETE", "/api/v2/blobs?domain_id=&blob_id=c", "")
                        .status())
                .isEqualTo(204);
        assertThat(images.list()).isEmpty();
        // ?blob_id= alone culls the cache file through the front end
        assertThat(router.handle("DELETE", "/api/v2/blobs?blob_id=" + "ab".repeat(32), "")
                        .status())
                .isEqualTo(204);
        assertThat(culled).containsExactly("ab".repeat(32));
        assertError(
                router.handle("DELETE", "/api/v2/blobs?blob_id=..", ""), 400, "InvalidRequest", "'..' is not allowed");
        assertError(
                router.handle("DELETE", "/api/v2/blobs?blob_id=a%2Fb", ""),
                400,
                "InvalidRequest",
                "'a/b' is not allowed");
        assertError(router.handle("DELETE", "/api/v2/blobs", ""), 400, "InvalidRequest", "needs domain_id or blob_id");
        assertThat(culled).hasSize(1);
        // a blob a mount still uses is not culled, and the client is told so
        inUse.add("/cache/Ierofs,dom/@12/D" + "cd".repeat(32));
        assertError(
                router.handle("DELETE", "/api/v2/blobs?blob_id=" + "cd".repeat(32), ""),
                409,
                "BlobInUse",
                "still in use by a mount");
    }

    /** A front end that mounts from its own device (ublk) lists it, so {@code swiftlet umount} finds the image. */
    @Test
    void theListNamesAPlannersMountSource() throws Exception {
        MountPlan.Planner devices = new MountPlan.Planner() {
            @Override
            public MountPlan prepare(ImageEntry image) {
                return new MountPlan("/dev/ublkb7", "device=/dev/ublkb8");
            }

            @Override
            public String mountSource(ImageEntry image) {
                return image.id().equals("a") ? "/dev/ublkb7" : null;
            }
        };
        AdminRouter withDevices = new AdminRouter(images, metrics, devices, "d", "ublk");
        JsonNode plan = JSON.readTree(withDevices
                .handle("POST", "/api/v1/swiftlet/mounts", entry("a", "dom"))
                .body());
        assertThat(plan.path("source").asText()).isEqualTo("/dev/ublkb7");
        assertThat(withDevices
                        .handle("POST", "/api/v1/swiftlet/mounts", entry("b", "dom"))
                        .status())
                .isEqualTo(200);
        JsonNode list =
                JSON.readTree(withDevices.handle("GET", "/api/v2/blobs", "").body());
        assertThat(list.path("images").get(0).path("mount_source").asText()).isEqualTo("/dev/ublkb7");
        assertThat(list.path("images").get(1).has("mount_source"))
                .as("none for b")
                .isFalse();
    }

    @Test
    void cullWithoutACachefilesFrontEndIsUnsupported() throws Exception {
        AdminRouter plain = new AdminRouter(images, metrics, MountPlan::cachefiles, "d", "fanotify");
        assertError(plain.handle("DELETE", "/api/v2/blobs?blob_id=x", ""), 501, "Unsupported", "cachefiles front end");
    }

    @Test
    void blobcacheMetricsForAnImageABlobAndTheDaemon() throws Exception {
        assertThat(put("/api/v2/blobs", entry("fs1", "dom")).status()).isEqualTo(204);
        metrics.requests.add(5);
        metrics.cache.hits.add(2);
        // the snapshotter asks with a leading '/' and the fscache id
        ApiResponse r = router.handle("GET", "/api/v1/metrics/blobcache?id=/fs1", "");
        assertThat(r.status()).isEqualTo(200);
        JsonNode m = json(r);
        assertThat(m.path("id").asText()).isEqualTo("fs1");
        assertThat(m.path("underlying_files").get(0).asText()).isEqualTo("blob.img");
        assertThat(m.path("entries_count").asInt()).isEqualTo(1);
        assertThat(m.path("total").asLong()).isEqualTo(5);
        assertThat(m.path("whole_hits").asLong()).isEqualTo(2);
        assertThat(m.path("data_all_ready").asBoolean()).isFalse();
        assertThat(m.has("prefetch_data_amount")).isTrue();
        JsonNode blob = json(router.handle("GET", "/api/v1/metrics/blobcache?id=dom/blob.img", ""));
        assertThat(blob.path("size").asLong()).isEqualTo(Files.size(dir.resolve("img/blobs/blob.img")));
        assertThat(blob.path("requests").asLong()).isEqualTo(5);
        assertThat(json(router.handle("GET", "/api/v1/metrics/blobcache", ""))
                        .path("hits")
                        .asLong())
                .isEqualTo(2);
        assertError(
                router.handle("GET", "/api/v1/metrics/blobcache?id=/nope", ""),
                404,
                "NotFound",
                "blob_cache: cache entry not found");
        // the snapshotter's metrics collector asks by snapshot id: the image whose fscache id derives from it
        String fscacheId = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest("nydus-snapshot-7".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(put("/api/v2/blobs", entry(fscacheId, fscacheId)).status()).isEqualTo(204);
        JsonNode bySnapshot = json(router.handle("GET", "/api/v1/metrics/blobcache?id=/7", ""));
        assertThat(bySnapshot.path("underlying_files").get(0).asText()).isEqualTo("blob.img");
        assertError(
                router.handle("GET", "/api/v1/metrics/blobcache?id=dom/nope", ""),
                404,
                "NotFound",
                "cache entry not found");
    }

    /** nydusd's FsIoStats shape, which the snapshotter's system controller decodes for every daemon. */
    @Test
    void fsMetricsInNydusdShape() throws Exception {
        assertThat(put("/api/v2/blobs", entry("fs1", "dom")).status()).isEqualTo(204);
        metrics.requests.add(3);
        metrics.failures.add(1);
        metrics.recordRequest(4096);
        metrics.recordRequest(4096);
        metrics.recordRequest(2 << 20);
        metrics.recordAnswer(TimeUnit.MICROSECONDS.toNanos(500));
        metrics.recordAnswer(TimeUnit.MILLISECONDS.toNanos(30));
        metrics.recordAnswer(TimeUnit.SECONDS.toNanos(3));
        metrics.opens.add(2);
        JsonNode m = json(router.handle("GET", "/api/v1/metrics", ""));
        assertThat(m.path("id").asText()).isEmpty();
        assertThat(m.path("data_read").asLong()).isEqualTo(2 * 4096 + (2 << 20));
        assertThat(m.path("block_count_read").toString()).isEqualTo("[0,0,2,0,0,0,0,1]");
        assertThat(m.path("read_latency_dist").toString()).isEqualTo("[1,0,1,0,0,0,0,1]");
        assertThat(m.path("fop_hits")).hasSize(15);
        assertThat(m.path("fop_hits").get(4).asLong()).as("reads answered").isEqualTo(2);
        assertThat(m.path("fop_errors").get(4).asLong()).isEqualTo(1);
        assertThat(m.path("fop_cumulative_latency_total").get(4).asLong()).isEqualTo(500 + 30_000 + 3_000_000);
        assertThat(m.path("nr_opens").asLong()).isEqualTo(2);
        assertThat(m.path("measure_latency").asBoolean()).isTrue();
        // the snapshotter asks per snapshot with a leading '/': an image it names, or nydusd's NoCounter 404
        assertThat(json(router.handle("GET", "/api/v1/metrics?id=/fs1", ""))
                        .path("id")
                        .asText())
                .isEqualTo("fs1");
        assertError(router.handle("GET", "/api/v1/metrics?id=/nope", ""), 404, "NotFound", "cache entry not found");
    }

    @Test
    void prometheusTextHasHelpTypeAndEveryCounter() throws Exception {
        assertThat(put("/api/v2/blobs", entry("fs1", "dom")).status()).isEqualTo(204);
        metrics.fetch.bytes.add(12345);
        metrics.failures.add(2);
        ApiResponse r = router.handle("GET", "/api/v1/metrics/prometheus", "");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
        List<String> lines = r.body().lines().toList();
        assertThat(lines)
                .contains(
                        "# TYPE swiftlet_bytes_fetched counter",
                        "swiftlet_bytes_fetched 12345",
                        "swiftlet_failures 2",
                        "# TYPE swiftlet_request_latency_p99_us gauge",
                        "swiftlet_images_registered 1",
                        "swiftlet_blobs_registered 1",
                        "# TYPE swiftlet_cache_bytes gauge",
                        "# TYPE swiftlet_cache_limit_bytes gauge",
                        "# TYPE swiftlet_evictions counter",
                        "# TYPE swiftlet_bytes_evicted counter");
        for (String key : metrics.snapshot().keySet()) {
            assertThat(lines).anyMatch(l -> l.startsWith("# HELP swiftlet_" + key + " "));
            assertThat(lines).anyMatch(l -> l.matches("swiftlet_" + key + " \\d+"));
        }
        // every sample line is preceded by its HELP and TYPE lines (exposition format 0.0.4)
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#")) continue;
            String name = lines.get(i).split(" ")[0];
            assertThat(lines.get(i - 1)).startsWith("# TYPE " + name + " ");
            assertThat(lines.get(i - 2)).startsWith("# HELP " + name + " ");
        }
    }

    @Test
    void runtimeConfigAcceptsNydusKeysAndMasksSecrets() throws Exception {
        assertThat(put(
                                "/api/v1/config?id=/snap1",
                                "{\"registry_auth\":\"dXNlcjpwYXNz\",\"proxy_url\":\"http://p:4001\"}")
                        .status())
                .isEqualTo(204);
        assertThat(router.runtimeConfig().get("/snap1", "registry_auth")).contains("dXNlcjpwYXNz");
        JsonNode got = json(router.handle("GET", "/api/v1/config?id=/snap1", ""));
        assertThat(got.path("registry_auth").asText()).isEqualTo("******");
        assertThat(got.path("proxy_url").asText()).isEqualTo("http://p:4001");
        assertError(
                put("/api/v1/config?id=/snap1", "{\"registry_auth\":\"x\",\"evil\":\"1\"}"),
                400,
                "InvalidRequest",
                "config key 'evil' is not supported");
        assertThat(router.runtimeConfig().get("/snap1", "registry_auth"))
                .as("nothing applied from a bad body")
                .contains("dXNlcjpwYXNz");
        assertError(put("/api/v1/config?id=x", "{\"proxy_url\":3}"), 400, "InvalidRequest", "must be a string");
        assertError(put("/api/v1/config?id=x", "[1]"), 400, "InvalidRequest", "must be a JSON object");
    }

    @Test
    void unknownPathsWrongMethodsAndFuseOnlyEndpoints() throws Exception {
        assertError(router.handle("GET", "/api/v1/nothing", ""), 404, "NotFound", "no endpoint GET /api/v1/nothing");
        assertError(
                router.handle("POST", "/api/v2/blobs", "{}"),
                400,
                "InvalidRequest",
                "POST is not supported on /api/v2/blobs");
        assertError(router.handle("GET", "/api/v1/daemon/exit", ""), 400, "InvalidRequest", "GET is not supported");
        assertError(router.handle("POST", "/api/v1/mount?mountpoint=/m", "{}"), 501, "Unsupported", "FUSE");
        assertError(router.handle("GET", "/api/v2/blobs?x=%zz", ""), 400, "InvalidRequest", "malformed query string");
        assertThat(control.exits).isZero();
    }

    /** A daemon whose state the test sets; records exits. */
    static final class FakeControl implements DaemonControl {
        DaemonState state = DaemonState.RUNNING;
        int exits;
        int device;
        IOException handOverFailure;

        @Override
        public DaemonState state() {
            return state;
        }

        @Override
        public void start() throws ApiException {
            if (state != DaemonState.READY) throw ApiException.unexpectedEvent("start", state);
            state = DaemonState.RUNNING;
        }

        @Override
        public void takeOver(Fd deviceFd) throws ApiException {
            throw ApiException.unexpectedEvent("takeover", state);
        }

        @Override
        public HandOver handOver() throws IOException {
            if (handOverFailure != null) throw handOverFailure;
            int fd = device;
            return () -> fd;
        }

        @Override
        public void exit() {
            exits++;
        }
    }
}
