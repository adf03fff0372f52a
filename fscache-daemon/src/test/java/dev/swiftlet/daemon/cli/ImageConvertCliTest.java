package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code image build --oci} with a config, so the image runs without a command; {@code image convert} from the command
 * line, between OCI layouts; and the errors both give for bad arguments.
 */
class ImageConvertCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode configOf(Path layout, String tag) throws Exception {
        JsonNode index = JSON.readTree(Files.readAllBytes(layout.resolve("index.json")));
        for (JsonNode m : index.path("manifests")) {
            if (!tag.equals(m.path("annotations")
                    .path("org.opencontainers.image.ref.name")
                    .asText())) continue;
            JsonNode manifest = JSON.readTree(Files.readAllBytes(layout.resolve("blobs/sha256")
                    .resolve(m.path("digest").asText().substring(7))));
            return JSON.readTree(Files.readAllBytes(layout.resolve("blobs/sha256")
                    .resolve(manifest.path("config").path("digest").asText().substring(7))));
        }
        throw new AssertionError("no " + tag + " in " + layout);
    }

    @Test
    void buildEmbedsAConfigWithTheRunSettingsOverIt(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.sh"), "#!/bin/sh\necho hi\n");
        Path base = Files.writeString(
                tmp.resolve("config.json"),
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/usr/bin\",\"LANG=C\"],\"User\":\"7\",\"Labels\":{\"k\":\"v\"}}}");
        ImageCommandsTest.Run r = ImageCommandsTest.run(
                "image",
                "build",
                src.toString(),
                "--output",
                tmp.resolve("out").toString(),
                "--oci",
                tmp.resolve("oci").toString(),
                "--config",
                base.toString(),
                "--cmd",
                "[\"/hello.sh\", \"a b\"]",
                "--entrypoint",
                "/bin/sh -e",
                "--env",
                "PATH=/bin",
                "--env",
                "NEW=1",
                "--workdir",
                "/srv");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode c = configOf(tmp.resolve("oci"), "latest").path("config");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"/hello.sh\",\"a b\"]");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-e\"]");
        assertThat(c.path("Env").toString()).isEqualTo("[\"PATH=/bin\",\"LANG=C\",\"NEW=1\"]");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/srv");
        assertThat(c.path("User").asText()).isEqualTo("7");
        assertThat(c.path("Labels").path("k").asText()).isEqualTo("v");
    }

    @Test
    void runSettingsWithoutAnOciLayoutAreRefused(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        ImageCommandsTest.Run r = ImageCommandsTest.run(
                "image", "build", src.toString(), "--output", tmp.resolve("out").toString(), "--cmd", "/x");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("give --oci too");
    }

    @Test
    void progressLinesAreRewrittenInPlaceAndLeftStandingPerLayer() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        var lines = new ImageConvertCommand.ProgressLines(new java.io.PrintStream(bytes, true));
        var layer = new dev.swiftlet.fetch.oci.SourceImage.Layer(
                0,
                2,
                "application/vnd.oci.image.layer.v1.tar+gzip",
                "sha256:" + "ab".repeat(32),
                3 << 20,
                dev.swiftlet.fetch.oci.MediaTypes.LayerCompression.GZIP);
        lines.progress(layer, 1 << 20);
        lines.done(layer, new dev.swiftlet.rafs.build.LayeredImageBuilder.Layer("cd".repeat(32), null, 7, 100, 5, 2));
        assertThat(bytes.toString())
                .isEqualTo("\r\033[Klayer 1/2 (sha256:" + "ab".repeat(32) + ")  1.0 MiB / 3.0 MiB"
                        + "\r\033[Klayer 1/2 (sha256:" + "ab".repeat(32)
                        + ")  3.0 MiB: 7 files, 5 chunks (2 already stored) -> blob "
                        + "cd".repeat(32) + System.lineSeparator());
    }

    @Test
    void convertBetweenOciLayoutsKeepsTheConfigAndReportsWhatItDid(@TempDir Path tmp) throws Exception {
        Process p = new ProcessBuilder(
                        "python3",
                        Path.of("../scripts/oci/make-layered.py")
                                .toAbsolutePath()
                                .toString(),
                        tmp.resolve("src").toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
        ImageCommandsTest.Run r = ImageCommandsTest.run(
                "image",
                "convert",
                "oci:" + tmp.resolve("src/layout") + ":latest",
                "oci:" + tmp.resolve("out") + ":nydus",
                "--work-dir",
                tmp.resolve("work").toString(),
                "--compressor",
                "lz4_block");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("oci:" + tmp.resolve("out") + ":nydus")
                .contains("3 layer(s) -> 3 blob(s) + bootstrap")
                .as("no progress lines when stdout is not a terminal")
                .doesNotContain("\r")
                .doesNotContain("layer 1/3");
        JsonNode c = configOf(tmp.resolve("out"), "nydus");
        assertThat(c.path("config").path("Cmd").toString()).isEqualTo("[\"/bin/tool\",\"--flag\"]");
        try (var s = Files.list(tmp.resolve("work"))) {
            assertThat(s.toList()).as("the work directory is cleaned up").isEmpty();
        }

        ImageCommandsTest.Run bad = ImageCommandsTest.run(
                "image",
                "convert",
                "oci:" + tmp.resolve("src/layout") + ":latest",
                "oci:" + tmp.resolve("out2"),
                "--platform",
                "linux/s390x",
                "--work-dir",
                tmp.resolve("work").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("is an image for linux/amd64, not linux/s390x");
        assertThat(tmp.resolve("out2/index.json")).doesNotExist();
    }
}
