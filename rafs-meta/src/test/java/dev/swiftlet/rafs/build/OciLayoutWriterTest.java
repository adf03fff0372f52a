package dev.swiftlet.rafs.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.image.KernelMounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OciLayoutWriterTest {
    @Test
    void aNydusManifestThatSkopeoReadsAndWhoseBlobsVerify() throws Exception {
        Path tmp = KernelMounts.scratch("oci");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello\n".repeat(5000));
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(src, tmp.resolve("out"), null);
        Path layout = tmp.resolve("oci");
        String manifestDigest = OciLayoutWriter.write(layout, r.bootstrap(), List.of(tmp.resolve("out/blobs").resolve(r.blobId())), "v1");

        // every blob in the layout is named by its sha256
        try (var s = Files.list(layout.resolve("blobs/sha256"))) {
            for (Path b : s.toList()) assertThat(TreeDescriptions.sha256(Files.readAllBytes(b))).isEqualTo(b.getFileName().toString());
        }
        String manifest = Files.readString(layout.resolve("blobs/sha256").resolve(manifestDigest.substring(7)));
        assertThat(manifest).contains("\"mediaType\":\"application/vnd.oci.image.layer.nydus.blob.v1\",\"digest\":\"sha256:" + r.blobId())
                .contains("\"containerd.io/snapshot/nydus-blob\":\"true\"")
                .contains("\"containerd.io/snapshot/nydus-bootstrap\":\"true\"")
                .contains("\"containerd.io/snapshot/nydus-fs-version\":\"6\"");
        // the bootstrap layer unpacks to image/image.boot, byte for byte
        Matcher m = Pattern.compile("\"digest\":\"sha256:([0-9a-f]{64})\",\"size\":\\d+,\"annotations\":\\{\"containerd.io/snapshot/nydus-bootstrap\"").matcher(manifest);
        assertThat(m.find()).isTrue();
        Path x = Files.createDirectories(tmp.resolve("x"));
        TestTrees.run("tar", "-xzf", layout.resolve("blobs/sha256").resolve(m.group(1)).toString(), "-C", x.toString());
        assertThat(Files.readAllBytes(x.resolve("image/image.boot"))).isEqualTo(Files.readAllBytes(r.bootstrap()));
        assertThat(Files.readString(layout.resolve("index.json"))).contains(manifestDigest).contains("\"org.opencontainers.image.ref.name\":\"v1\"");

        // skopeo (what users push with) accepts the layout
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "oci:" + layout + ":v1").redirectErrorStream(true).start();
        String raw = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(raw).isZero();
        assertThat(raw).isEqualTo(manifest);
    }
}
