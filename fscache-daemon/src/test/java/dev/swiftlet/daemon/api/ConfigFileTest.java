package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.images.RawImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nydusd's {@code --config {"blobs":[…]}}: entries registered before the API socket appears, or no start at all. */
class ConfigFileTest {
    @TempDir
    Path dir;

    Daemon daemon(Path config) {
        return new Daemon(new DaemonConfig(
                DaemonConfig.FrontEndKind.NONE,
                dir.resolve("cache"),
                dir.resolve("api.sock"),
                2,
                null,
                "cfg",
                null,
                false,
                config,
                null));
    }

    @Test
    void entriesOfTheConfigFileAreServedFromTheStart() throws Exception {
        Path boot = RawImages.buildWithBlobDevice(dir.resolve("img"));
        Path config = Files.writeString(dir.resolve("nydusd.json"), """
                {"blobs":[{"type":"bootstrap","id":"fs1","domain_id":"d",
                           "config_v2":{"backend":{"type":"localfs","localfs":{"dir":"%s"}},"metadata_path":"%s"},
                           "device_names":["blob.img"]}]}""".formatted(dir.resolve("img/blobs"), boot));
        try (Daemon d = daemon(config)) {
            d.start();
            assertThat(d.registry().bootstrap("d", "fs1")).isPresent();
            ApiResponse list = new AdminClient(dir.resolve("api.sock")).request("GET", "/api/v2/blobs", null);
            assertThat(list.body()).contains("\"key\":\"d/fs1\"");
        }
    }

    @Test
    void aBadConfigFileStopsTheStartAndSaysWhere() throws Exception {
        Path config =
                Files.writeString(dir.resolve("bad.json"), "{\"blobs\":[{\"type\":\"bootstrap\",\"id\":\"a/b\"}]}");
        Daemon d = daemon(config);
        assertThatThrownBy(d::start)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("--config " + config + ": blob entry 0")
                .hasMessageContaining("metadata_path");
        assertThat(dir.resolve("api.sock")).doesNotExist();
        Files.writeString(config, "not json");
        Daemon d2 = daemon(config);
        assertThatThrownBy(d2::start).isInstanceOf(IOException.class).hasMessageContaining("is not JSON");
    }
}
