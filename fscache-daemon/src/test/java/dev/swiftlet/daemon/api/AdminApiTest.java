package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.images.RawImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API over a real Unix socket of an in-JVM daemon (front end "none": API only). */
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Daemon daemon;
    AdminClient client;
    Path socket;
    Path boot;

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("run/api.sock");
        Files.createDirectories(socket.getParent());
        Files.writeString(socket, "stale"); // a stale file is replaced
        daemon = new Daemon(
                new DaemonConfig(DaemonConfig.FrontEndKind.NONE, dir.resolve("cache"), socket, 2, null, "d1"));
        daemon.start();
        client = new AdminClient(socket);
        boot = RawImages.buildWithBlobDevice(dir.resolve("img"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private String entry(String id, String domain) {
        return """
                {"type":"bootstrap","id":"%s","domain_id":"%s","unknown_field":1,
                 "config":{"id":"%s","backend_type":"localfs","backend_config":{"dir":"%s"},
                           "cache_type":"fscache","cache_config":{"work_dir":"%s"},"prefetch_config":{"enable":false},
                           "metadata_path":"%s"},
                 "device_names":["blob.img"]}""".formatted(id, domain, id, dir.resolve("img/blobs"), dir, boot);
    }

    @Test
    void socketIsOwnerOnlyAndDaemonInfoHasNydusShape() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                .isEqualTo("rw-------");
        ApiResponse r = client.request("GET", "/api/v1/daemon", null);
        assertThat(r.status()).isEqualTo(200);
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("id").asText()).isEqualTo("d1");
        assertThat(n.path("state").asText()).isEqualTo("RUNNING");
        assertThat(n.path("version").path("git_commit").asText())
                .isEqualTo(VersionInfo.current().gitCommit());
        assertThat(n.has("backend_collection")).isTrue();
    }

    @Test
    void registerListDeleteAndMountPlan() throws Exception {
        assertThat(client.request("PUT", "/api/v2/blobs", entry("fs1", "dom")).status())
                .isEqualTo(204);
        assertThat(daemon.registry().blob("dom", "blob.img")).isPresent();
        ApiResponse plan = client.request("POST", "/api/v1/swiftlet/mounts", entry("fs2", "dom"));
        assertThat(plan.status()).isEqualTo(200);
        JsonNode p = JSON.readTree(plan.body());
        assertThat(p.path("source").asText()).isEqualTo("none");
        // a raw image's untagged device is named for the kernel, which refuses an empty tag in fscache mode
        assertThat(p.path("options").asText()).isEqualTo("fsid=fs2,domain_id=dom,device=blob.img");
        JsonNode m = JSON.readTree(client.request("GET", "/api/v1/metrics/blobcache?id=dom/blob.img", null)
                .body());
        assertThat(m.path("size").asLong()).isEqualTo(Files.size(dir.resolve("img/blobs/blob.img")));
        assertThat(client.request("DELETE", "/api/v2/blobs?domain_id=dom&blob_id=fs1", null)
                        .status())
                .isEqualTo(204);
        assertThat(client.request("DELETE", "/api/v2/blobs?domain_id=dom&blob_id=fs2", null)
                        .status())
                .isEqualTo(204);
        assertThat(daemon.registry().list()).isEmpty();
    }

    @Test
    void badRequestsAreClearErrorsAndTheDaemonKeepsServing() throws Exception {
        for (String bad : new String[] {"../x", "a/b"}) {
            ApiResponse r = client.request("PUT", "/api/v2/blobs", entry(bad, ""));
            assertThat(r.status()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("message").asText()).contains("'" + bad + "' is not allowed");
        }
        ApiResponse notJson = client.request("PUT", "/api/v2/blobs", "{nope");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).path("message").asText()).startsWith("the body is not JSON");
        ApiResponse gone = client.request("DELETE", "/api/v2/blobs?domain_id=&blob_id=zzz", null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).path("message").asText()).contains("blob_cache: cache entry not found");
        assertThat(client.request("GET", "/api/v1/nothing", null).status()).isEqualTo(404);
        assertThat(client.request("PUT", "/api/v2/blobs", entry("good", "")).status())
                .isEqualTo(204);
    }

    @Test
    void statsReportCounters() throws Exception {
        daemon.metrics().fetch.bytes.add(4096);
        daemon.metrics().requests.add(3);
        JsonNode s = JSON.readTree(
                client.request("GET", "/api/v1/swiftlet/stats", null).body());
        assertThat(s.path("bytes_fetched").asLong()).isEqualTo(4096);
        assertThat(s.path("requests").asLong()).isEqualTo(3);
        assertThat(s.path("failures").asLong()).isZero();
    }
}
