package dev.swiftlet.fetch.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.build.OciLayoutWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(ImageReference.parse("ubuntu")).isEqualTo(new ImageReference("index.docker.io", "library/ubuntu", "latest"));
        assertThat(ImageReference.parse("localhost/x:1").host()).isEqualTo("localhost");
        String d = "sha256:" + "ab".repeat(32);
        assertThat(ImageReference.parse("reg.example.com/a/b@" + d).reference()).isEqualTo(d);
        assertThat(ImageReference.parse("127.0.0.1:5000/a:1").defaultScheme()).isEqualTo("http");
        assertThat(ImageReference.parse("reg.example.com/a:1").defaultScheme()).isEqualTo("https");
        assertThatThrownBy(() -> ImageReference.parse("reg.example.com/UPPER:1")).hasMessageContaining("not a valid repository");
        assertThatThrownBy(() -> ImageReference.parse("a/b:bad tag")).hasMessageContaining("not a valid tag");
        assertThatThrownBy(() -> ImageReference.parse("a/b@sha256:12")).hasMessageContaining("not a sha256 digest");
        assertThatThrownBy(() -> ImageReference.parse("reg.example.com/../etc:1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theManifestTheOciWriterMakesNamesItsBootstrapAndBlobs() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "hello\n");
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(src, tmp.resolve("img"), null);
        String digest = OciLayoutWriter.write(tmp.resolve("oci"), r.bootstrap(),
                r.blobIds().stream().map(id -> tmp.resolve("img/blobs").resolve(id)).toList(), "latest");
        byte[] manifest = Files.readAllBytes(tmp.resolve("oci/blobs/sha256").resolve(digest.substring(7)));
        NydusManifest m = NydusManifest.parse(manifest, "test");
        assertThat(m.blobs()).extracting(NydusManifest.Layer::hex).containsExactlyElementsOf(r.blobIds());
        assertThat(Files.exists(tmp.resolve("oci/blobs/sha256").resolve(m.bootstrap().hex()))).isTrue();
    }

    @Test
    void manifestsThatAreNotNydusAreRefusedWithAReason() {
        assertThatThrownBy(() -> NydusManifest.parse("{\"manifests\":[]}".getBytes(StandardCharsets.UTF_8), "r"))
                .isInstanceOf(IOException.class).hasMessageContaining("not a single-platform image manifest");
        assertThatThrownBy(() -> NydusManifest.parse("{\"layers\":[]}".getBytes(StandardCharsets.UTF_8), "r"))
                .hasMessageContaining("nydus-bootstrap");
        assertThatThrownBy(() -> NydusManifest.parse("not json".getBytes(StandardCharsets.UTF_8), "r"))
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> NydusManifest.parse("{\"layers\":[{\"digest\":\"sha256:12\",\"size\":1}]}"
                .getBytes(StandardCharsets.UTF_8), "r")).hasMessageContaining("invalid digest");
    }
}
