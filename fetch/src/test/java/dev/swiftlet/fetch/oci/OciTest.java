package dev.swiftlet.fetch.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciTest {
    @TempDir
    Path tmp;

    @Test
    void referencesParseAsDockerDoes() {
        assertThat(ImageReference.parse("127.0.0.1:5000/demo/app:v1"))
                .isEqualTo(new ImageReference("127.0.0.1:5000", "demo/app", "v1"));
        assertThat(ImageReference.parse("127.0.0.1:5000/demo/app").reference()).isEqualTo("latest");
        assertThat(ImageReference.parse("ubuntu"))
                .isEqualTo(new ImageReference("index.docker.io", "library/ubuntu", "latest"));
        assertThat(ImageReference.parse("localhost/x:1").host()).isEqualTo("localhost");
        String d = "sha256:" + "ab".repeat(32);
        assertThat(ImageReference.parse("reg.example.com/a/b@" + d).reference()).isEqualTo(d);
        assertThat(ImageReference.parse("127.0.0.1:5000/a:1").defaultScheme()).isEqualTo("http");
        assertThat(ImageReference.parse("reg.example.com/a:1").defaultScheme()).isEqualTo("https");
        assertThatThrownBy(() -> ImageReference.parse("reg.example.com/UPPER:1"))
                .hasMessageContaining("not a valid repository");
        assertThatThrownBy(() -> ImageReference.parse("a/b:bad tag")).hasMessageContaining("not a valid tag");
        assertThatThrownBy(() -> ImageReference.parse("a/b@sha256:12")).hasMessageContaining("not a sha256 digest");
        assertThatThrownBy(() -> ImageReference.parse("reg.example.com/../etc:1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLayoutTheNydusWriterMakesNamesItsBootstrapAndBlobsAndSkopeoReadsIt() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "hello\n".repeat(5000));
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(src, tmp.resolve("img"), null);
        List<NydusImageWriter.Blob> blobs = new java.util.ArrayList<>();
        for (String id : r.blobIds()) {
            Path f = tmp.resolve("img/blobs").resolve(id);
            blobs.add(new NydusImageWriter.Blob(id, Files.size(f), f));
        }
        Path layout = tmp.resolve("oci");
        NydusImageWriter.Written w = NydusImageWriter.write(
                new OciLayout(layout, "v1"),
                blobs,
                r.bootstrap(),
                ImageConfig.empty().cmd(List.of("/a.txt")),
                false,
                tmp);
        String digest = w.manifestDigest();
        // every blob in the layout is named by its sha256
        try (var s = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path b : s.toList())
                assertThat(Sha256.of(Files.readAllBytes(b))).isEqualTo("sha256:" + b.getFileName());
        }
        byte[] manifest = Files.readAllBytes(layout.resolve("blobs/sha256").resolve(digest.substring(7)));
        NydusManifest m = NydusManifest.parse(manifest, "test");
        assertThat(m.blobs()).extracting(NydusManifest.Layer::hex).containsExactlyElementsOf(r.blobIds());
        assertThat(m.blobs())
                .extracting(NydusManifest.Layer::mediaType)
                .containsOnly("application/vnd.oci.image.layer.nydus.blob.v1");
        assertThat(new String(manifest, StandardCharsets.UTF_8))
                .contains("\"containerd.io/snapshot/nydus-fs-version\":\"6\"");
        // the bootstrap layer unpacks to image/image.boot, byte for byte
        Path x = Files.createDirectories(tmp.resolve("x"));
        Process tar = new ProcessBuilder(
                        "tar",
                        "-xzf",
                        layout.resolve("blobs/sha256")
                                .resolve(m.bootstrap().hex())
                                .toString(),
                        "-C",
                        x.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor()).isZero();
        assertThat(Files.readAllBytes(x.resolve("image/image.boot"))).isEqualTo(Files.readAllBytes(r.bootstrap()));
        // the config runs something and lists one diff_id per layer: the blob's digest, then the bootstrap tar's
        String config = new String(Files.readAllBytes(layout.resolve("blobs/sha256")
                .resolve(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(manifest)
                        .path("config")
                        .path("digest")
                        .asText()
                        .substring(7))));
        assertThat(config)
                .contains("\"Cmd\":[\"/a.txt\"]")
                .contains("\"diff_ids\":[\"sha256:" + r.blobId() + "\",\"sha256:");
        // skopeo (what users push with) accepts the layout
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "oci:" + layout + ":v1")
                .redirectErrorStream(true)
                .start();
        String raw = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(raw).isZero();
        assertThat(raw).isEqualTo(new String(manifest, StandardCharsets.UTF_8));
    }

    @Test
    void manifestsThatAreNotNydusAreRefusedWithAReason() {
        assertThatThrownBy(() -> NydusManifest.parse("{\"manifests\":[]}".getBytes(StandardCharsets.UTF_8), "r"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a single-platform image manifest");
        assertThatThrownBy(() -> NydusManifest.parse("{\"layers\":[]}".getBytes(StandardCharsets.UTF_8), "r"))
                .hasMessageContaining("nydus-bootstrap");
        assertThatThrownBy(() -> NydusManifest.parse("not json".getBytes(StandardCharsets.UTF_8), "r"))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NydusManifest.parse(
                        "{\"layers\":[{\"digest\":\"sha256:12\",\"size\":1}]}".getBytes(StandardCharsets.UTF_8), "r"))
                .hasMessageContaining("invalid digest");
    }
}
