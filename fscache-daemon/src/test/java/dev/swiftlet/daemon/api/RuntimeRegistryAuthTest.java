package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.rafs.build.BuildResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nydus-snapshotter's credential renewal ({@code PUT /api/v1/config?id=/<snapshot>} with {@code registry_auth}) against
 * a real htpasswd registry: the new credentials reach the registry backend of that snapshot's image at once (a
 * wrong one makes the next fetch fail, the right one makes it succeed) and the state handed to a successor.
 */
class RuntimeRegistryAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void registryAuthFromTheConfigEndpointReachesTheImagesBackend() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        String snapshot = "42";
        String fsid = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(("nydus-snapshot-" + snapshot).getBytes(StandardCharsets.UTF_8)));
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("registry"), "swiftlet", "s3cret");
                TestSupervisor supervisor = new TestSupervisor(dir.resolve("supervisor.sock"))) {
            BuildResult built = registry.push(src, dir.resolve("push"), "demo");
            byte[] blob = Files.readAllBytes(dir.resolve("push/img/blobs").resolve(built.blobId()));
            Daemon daemon = new Daemon(new DaemonConfig(
                    DaemonConfig.FrontEndKind.NONE,
                    dir.resolve("cache"),
                    dir.resolve("api.sock"),
                    2,
                    null,
                    "auth-daemon",
                    dir.resolve("supervisor.sock"),
                    false,
                    null,
                    null));
            try {
                daemon.start();
                AdminClient api = new AdminClient(dir.resolve("api.sock"));
                ApiResponse bind = api.request("PUT", "/api/v2/blobs", """
                        {"type":"bootstrap","id":"%1$s","domain_id":"%1$s",
                         "config":{"id":"%1$s","backend_type":"registry","backend_config":{"host":"%2$s","repo":"demo",
                           "scheme":"http","auth":"%3$s"},"cache_type":"fscache","metadata_path":"%4$s"}}""".formatted(
                                fsid, registry.host(), b64("swiftlet:s3cret"), built.bootstrap()));
                assertThat(bind.status()).as(bind.body()).isEqualTo(204);
                BlobEntry entry = daemon.registry().list().getFirst().blobs().getFirst();

                // the credentials rotate: the snapshotter sends the new ones; here first a wrong pair
                ApiResponse wrong = api.request(
                        "PUT",
                        "/api/v1/config?id=/" + snapshot,
                        "{\"registry_auth\":\"" + b64("swiftlet:rotated") + "\"}");
                assertThat(wrong.status()).as(wrong.body()).isEqualTo(204);
                assertThatThrownBy(() -> entry.backend().read(built.blobId(), 0, ByteBuffer.allocate(4096)))
                        .isInstanceOf(FetchException.class)
                        .hasMessageContaining("HTTP 401");

                ApiResponse right = api.request(
                        "PUT",
                        "/api/v1/config?id=/" + snapshot,
                        "{\"registry_auth\":\"" + b64("swiftlet:s3cret") + "\"}");
                assertThat(right.status()).as(right.body()).isEqualTo(204);
                ByteBuffer got = ByteBuffer.allocate(4096);
                entry.backend().read(built.blobId(), 1000, got);
                assertThat(got.array()).isEqualTo(Arrays.copyOfRange(blob, 1000, 5096));

                // kept masked, and handed on: a successor's entry carries the new credentials
                JsonNode shown = JSON.readTree(api.request("GET", "/api/v1/config?id=/" + snapshot, null)
                        .body());
                assertThat(shown.path("registry_auth").asText()).isEqualTo("******");
                var saved = supervisor.acceptSave();
                assertThat(api.request("PUT", "/api/v1/daemon/fuse/sendfd", null)
                                .status())
                        .isEqualTo(204);
                saved.get(10, TimeUnit.SECONDS);
                JsonNode state = JSON.readTree(supervisor.state);
                assertThat(state.path("blobs")
                                .get(0)
                                .path("config")
                                .path("backend_config")
                                .path("auth")
                                .asText())
                        .isEqualTo(b64("swiftlet:s3cret"));

                // not base64 (it would become a header): refused, and the working credentials stay
                ApiResponse bad =
                        api.request("PUT", "/api/v1/config?id=/" + snapshot, "{\"registry_auth\":\"a:b\\r\\nX: y\"}");
                assertThat(bad.status()).isEqualTo(400);
                assertThat(JSON.readTree(bad.body()).path("message").asText()).contains("base64");
                ByteBuffer again = ByteBuffer.allocate(100);
                entry.backend().read(built.blobId(), 0, again);
                assertThat(again.array()).isEqualTo(Arrays.copyOf(blob, 100));
            } finally {
                daemon.close();
            }
        }
    }
}
