package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.failover.SavedState;
import dev.swiftlet.daemon.images.RawImages;
import dev.swiftlet.sys.unix.FdPassing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot upgrade through a supervisor, natively with front end "none": the running daemon saves its entries and
 * a descriptor (SCM_RIGHTS) with sendfd; a daemon started with --upgrade waits in INIT, takes them over
 * (READY, images re-registered), the old one exits, the new one starts (RUNNING) and hands the same
 * descriptor on at its own sendfd.
 */
class FailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path boot;
    TestSupervisor supervisor;
    final List<Daemon> daemons = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        boot = RawImages.buildWithBlobDevice(dir.resolve("img"));
        supervisor = new TestSupervisor(dir.resolve("supervisor.sock"));
    }

    @AfterEach
    void tearDown() {
        daemons.forEach(Daemon::close);
        supervisor.close();
    }

    Daemon daemon(String name, boolean upgrade) throws Exception {
        Daemon d = new Daemon(new DaemonConfig(
                DaemonConfig.FrontEndKind.NONE,
                dir.resolve(name + "-cache"),
                dir.resolve(name + ".sock"),
                2,
                null,
                "snap-daemon",
                dir.resolve("supervisor.sock"),
                upgrade,
                null,
                null));
        daemons.add(d);
        d.start();
        return d;
    }

    String entry(String id, String domain) {
        return """
                {"type":"bootstrap","id":"%s","domain_id":"%s",
                 "config":{"backend_type":"localfs","backend_config":{"dir":"%s"},"cache_type":"fscache",
                           "metadata_path":"%s"},
                 "device_names":["blob.img"]}""".formatted(id, domain, dir.resolve("img/blobs"), boot);
    }

    static String state(AdminClient c) throws Exception {
        return JSON.readTree(c.request("GET", "/api/v1/daemon", null).body())
                .path("state")
                .asText();
    }

    static Path target(int fd) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
    }

    @Test
    void hotUpgradeHandsEntriesAndTheDescriptorToTheNewDaemon() throws Exception {
        Daemon old = daemon("old", false);
        AdminClient oldApi = new AdminClient(dir.resolve("old.sock"));
        assertThat(state(oldApi)).isEqualTo("RUNNING");
        assertThat(JSON.readTree(oldApi.request("GET", "/api/v1/daemon", null).body())
                        .path("supervisor")
                        .asText())
                .isEqualTo(dir.resolve("supervisor.sock").toString());
        assertThat(oldApi.request("PUT", "/api/v2/blobs", entry("fs1", "shared"))
                        .status())
                .isEqualTo(204);
        assertThat(oldApi.request("PUT", "/api/v2/blobs", entry("fs2", "shared"))
                        .status())
                .isEqualTo(204);
        assertThat(oldApi.request("PUT", "/api/v2/blobs", entry("fs3", "")).status())
                .isEqualTo(204);
        assertThat(oldApi.request("DELETE", "/api/v2/blobs?domain_id=shared&blob_id=fs2", null)
                        .status())
                .isEqualTo(204);

        var saved = supervisor.acceptSave();
        assertThat(oldApi.request("PUT", "/api/v1/daemon/fuse/sendfd", null).status())
                .isEqualTo(204);
        saved.get(5, TimeUnit.SECONDS);
        JsonNode state = JSON.readTree(supervisor.state);
        assertThat(state.path("format").asText()).isEqualTo(SavedState.FORMAT);
        assertThat(state.path("daemon_id").asText()).isEqualTo("snap-daemon");
        assertThat(state.path("blobs").findValuesAsText("id")).containsExactly("fs1", "fs3");
        assertThat(state.path("blobs")
                        .get(0)
                        .path("config")
                        .path("metadata_path")
                        .asText())
                .isEqualTo(boot.toString());
        // front end none hands over its cache directory: a real descriptor, checkable by what it points at
        assertThat(target(supervisor.fd.intValue()))
                .isEqualTo(dir.resolve("old-cache").toRealPath());

        Daemon next = daemon("new", true);
        AdminClient newApi = new AdminClient(dir.resolve("new.sock"));
        assertThat(state(newApi)).isEqualTo("INIT");
        assertThat(next.registry().list()).isEmpty();
        assertThat(newApi.request("PUT", "/api/v1/daemon/start", null).status()).isEqualTo(400);
        // the snapshotter mounting while the successor waits in INIT binds, then calls sendfd with its supervisor
        // waiting for the connection: it comes at once, and the supervisor keeps the predecessor's state and descriptor
        assertThat(newApi.request("PUT", "/api/v2/blobs", entry("fs1", "shared"))
                        .status())
                .isEqualTo(204);
        var initSave = supervisor.acceptSave();
        assertThat(newApi.request("PUT", "/api/v1/daemon/fuse/sendfd", null).status())
                .isEqualTo(204);
        initSave.get(5, TimeUnit.SECONDS);
        assertThat(supervisor.lastFds).as("descriptors sent in INIT").isZero();
        assertThat(target(supervisor.fd.intValue()))
                .isEqualTo(dir.resolve("old-cache").toRealPath());

        var served = supervisor.serveTakeover(supervisor.state);
        assertThat(newApi.request("PUT", "/api/v1/daemon/fuse/takeover", null).status())
                .isEqualTo(204);
        served.get(5, TimeUnit.SECONDS);
        assertThat(state(newApi)).isEqualTo("READY");
        assertThat(next.registry().list()).extracting(e -> e.key()).containsExactly("shared/fs1", "fs3/fs3");
        assertThat(next.registry().blob("shared", "blob.img")).isPresent();

        assertThat(oldApi.request("PUT", "/api/v1/daemon/exit", null).status()).isEqualTo(204);
        assertThat(awaitStop(old)).isTrue();
        assertThat(dir.resolve("old.sock")).doesNotExist();

        assertThat(newApi.request("PUT", "/api/v1/daemon/start", null).status()).isEqualTo(204);
        assertThat(state(newApi)).isEqualTo("RUNNING");
        assertThat(newApi.request("PUT", "/api/v1/daemon/fuse/takeover", null).status())
                .isEqualTo(400);
        // the snapshotter then re-binds every entry it knows, all of them restored already
        for (String id : List.of("fs1", "fs3")) {
            ApiResponse rebind = newApi.request("PUT", "/api/v2/blobs", entry(id, id.equals("fs1") ? "shared" : ""));
            assertThat(rebind.status()).as(id + ": " + rebind.body()).isEqualTo(204);
        }
        assertThat(next.registry().list()).extracting(e -> e.key()).containsExactly("shared/fs1", "fs3/fs3");

        // the new daemon hands on the descriptor it took over, not one of its own
        var savedAgain = supervisor.acceptSave();
        assertThat(newApi.request("PUT", "/api/v1/daemon/fuse/sendfd", null).status())
                .isEqualTo(204);
        savedAgain.get(5, TimeUnit.SECONDS);
        assertThat(target(supervisor.fd.intValue()))
                .isEqualTo(dir.resolve("old-cache").toRealPath());
        assertThat(JSON.readTree(supervisor.state).path("blobs").findValuesAsText("id"))
                .containsExactly("fs1", "fs3");
    }

    @Test
    void aLeftOverApiSocketWithASupervisorMeansACrashedPredecessor() throws Exception {
        Path sock = dir.resolve("crashed.sock");
        FdPassing.listen(sock).close(); // the file stays, nobody accepts: what a SIGKILLed daemon leaves
        Daemon d = daemon("crashed", false);
        assertThat(d.state().name()).isEqualTo("INIT");
        assertThat(state(new AdminClient(sock))).isEqualTo("INIT");
    }

    @Test
    void takeoverOfAStateSwiftletDidNotSaveFailsAndTheDaemonStaysInInit() throws Exception {
        daemon("new", true);
        AdminClient api = new AdminClient(dir.resolve("new.sock"));
        var served = supervisor.serveTakeover("versionize-blob".getBytes(StandardCharsets.UTF_8));
        ApiResponse r = api.request("PUT", "/api/v1/daemon/fuse/takeover", null);
        served.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("no descriptor came with the state");
        assertThat(state(api)).isEqualTo("INIT");
        // with a descriptor, a state in another format (nydusd's versionize) is refused by its content
        supervisor.fd = dev.swiftlet.sys.Fd.openDirectory(dir);
        served = supervisor.serveTakeover("versionize-blob".getBytes(StandardCharsets.UTF_8));
        r = api.request("PUT", "/api/v1/daemon/fuse/takeover", null);
        served.get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("not saved by Swiftlet");
        assertThat(state(api)).isEqualTo("INIT");
        assertThat(api.request("GET", "/api/v2/blobs", null).body()).isEqualTo("{\"images\":[]}");
    }

    private static boolean awaitStop(Daemon d) throws Exception {
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                d.awaitStop();
            } catch (InterruptedException ignored) {
                // the join below times out
            }
        });
        t.join(5_000);
        return !t.isAlive();
    }
}
