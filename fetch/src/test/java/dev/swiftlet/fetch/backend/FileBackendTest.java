package dev.swiftlet.fetch.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.FetchException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackendTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void readsExactRangesFromTheBlobFileAndTheAltDirs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("blobs"));
        Path alt = Files.createDirectories(tmp.resolve("alt"));
        Files.writeString(dir.resolve("a"), "0123456789");
        Files.writeString(alt.resolve("b"), "abcdefghij");
        try (FileBackend b = new FileBackend(new FileBackend.Config(dir, null, List.of(alt)))) {
            ByteBuffer buf = ByteBuffer.allocate(4);
            b.read("a", 3, buf);
            assertThat(new String(buf.array(), StandardCharsets.US_ASCII)).isEqualTo("3456");
            buf.clear();
            b.read("b", 6, buf);
            assertThat(new String(buf.array(), StandardCharsets.US_ASCII)).isEqualTo("ghij");
            assertThat(b.size("a")).isEqualTo(10);
            assertThatThrownBy(() -> b.read("a", 8, ByteBuffer.allocate(4)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("short read")
                    .hasMessageContaining("fetch a [0x8,+0x4) via localfs(");
            assertThat(b.credentials())
                    .as("local files have no credentials to rotate")
                    .isEmpty();
        }
    }

    @Test
    void idsThatWouldLeaveTheDirectoryAreRefused() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("blobs"));
        Files.writeString(tmp.resolve("secret"), "x");
        try (FileBackend b = new FileBackend(FileBackend.Config.of(dir))) {
            for (String id : List.of("../secret", "..", ".", "", "a/b", "x\0y")) {
                FetchException e =
                        org.junit.jupiter.api.Assertions.assertThrows(FetchException.class, () -> b.size(id));
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("invalid blob id");
            }
            FetchException missing =
                    org.junit.jupiter.api.Assertions.assertThrows(FetchException.class, () -> b.size("nope"));
            assertThat(missing.getMessage()).contains("blob file not found");
            assertThat(missing.retryable()).isFalse();
        }
    }

    @Test
    void bothJsonShapesParseAndBadFieldsAreNamed() throws Exception {
        BackendSpec legacy = Backends.parseLegacy("localfs", JSON.readTree("{\"dir\":\"/var/lib/blobs\"}"));
        BackendSpec v2 =
                Backends.parseV2(JSON.readTree("{\"type\":\"localfs\",\"localfs\":{\"dir\":\"/var/lib/blobs\"}}"));
        assertThat(legacy).isEqualTo(v2).isEqualTo(FileBackend.Config.of(Path.of("/var/lib/blobs")));
        assertThatThrownBy(() -> Backends.parseLegacy("localfs", JSON.readTree("{\"dir\":\"relative\"}")))
                .hasMessageContaining("backend_config.dir must be an absolute path");
        assertThatThrownBy(() -> Backends.parseLegacy("localfs", JSON.readTree("{}")))
                .hasMessageContaining("backend_config.dir is missing");
        assertThatThrownBy(() -> Backends.parseV2(JSON.readTree("{\"type\":\"oss\",\"oss\":{}}")))
                .hasMessageContaining("backend type 'oss' is not supported");
        assertThatThrownBy(() -> Backends.parseV2(
                        JSON.readTree("{\"type\":\"localfs\",\"localfs\":{\"dir\":\"/x\",\"alt_dirs\":\"/y\"}}")))
                .hasMessageContaining("alt_dirs must be an array");
    }
}
