package dev.swiftlet.rafs.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.image.Fixtures;
import dev.swiftlet.rafs.image.Inode;
import dev.swiftlet.rafs.image.KernelMounts;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.RafsTree;
import dev.swiftlet.rafs.testing.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tars as image sources: every entry type, gzip, PAX long names and xattrs, whiteouts, hostile names. */
class TarSourceTest {
    private static Map<String, Inode> inodes(RafsImage img) throws Exception {
        Map<String, Inode> m = new HashMap<>();
        new RafsTree(img).walk((p, i) -> m.put(p, i));
        return m;
    }

    @Test
    void theFixtureTarWithEveryEntryTypeBuildsAndMatchesTar() throws Exception {
        Path tmp = KernelMounts.scratch("tar");
        Path tar = Fixtures.nydus().resolve("tar/all-entry-type.tar");
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(tar, tmp.resolve("out"), null);
        // what GNU tar itself extracts is the reference
        Path x = Files.createDirectories(tmp.resolve("x"));
        TestTrees.run("tar", "-xpf", tar.toString(), "-C", x.toString());
        RafsImage img = RafsImage.open(r.bootstrap());
        Map<String, String> fromImage = TreeDescriptions.ofImage(img, tmp.resolve("out/blobs"));
        Map<String, String> fromTar = TreeDescriptions.ofDirectory(x);
        // the extraction's root directory gets tar's own metadata only if the archive has a "./" entry
        assertThat(fromImage.keySet()).isEqualTo(fromTar.keySet());
        fromTar.forEach((path, desc) -> {
            if (!desc.contains("mode=4"))
                assertThat(fromImage.get(path)).as(path).isEqualTo(desc); // dirs: mtime set by extraction
        });
        Map<String, Inode> in = inodes(img);
        // (despite its name this tar holds directories, a file with three hard links and a symlink)
        assertThat(in.values().stream().map(Inode::type).distinct())
                .containsExactlyInAnyOrder(Inode.S_IFDIR, Inode.S_IFREG, Inode.S_IFLNK);
        Inode linked = in.get("tar/dir2/hardlink3.txt");
        assertThat(linked.header().nlink()).isEqualTo(4);
        assertThat(in.get("tar/dir1/dir3/xfile.txt").nid()).isEqualTo(linked.nid());
    }

    @Test
    void anEmptyFileIsNotATar() throws Exception {
        Path tmp = KernelMounts.scratch("tar-empty");
        BuildResult r = new ImageBuilder(BuildOptions.defaults())
                .build(Fixtures.nydus().resolve("tar/empty.tar"), tmp.resolve("out"), null);
        RafsImage img = RafsImage.open(r.bootstrap());
        assertThat(inodes(img)).isEmpty(); // only the root
        assertThat(r.blobId()).isNull();
    }

    @Test
    void gzipPaxLongNamesXattrsAndWhiteouts() throws Exception {
        Path tmp = KernelMounts.scratch("tar-pax");
        Path src = Files.createDirectories(tmp.resolve("src"));
        String longName = "p".repeat(180) + "/" + "q".repeat(200);
        Files.createDirectories(src.resolve(longName).getParent());
        Files.writeString(src.resolve(longName), "deep and long");
        Files.writeString(src.resolve(".wh.gone"), "");
        Files.createDirectories(src.resolve("opaque"));
        Files.writeString(src.resolve("opaque/.wh..wh..opq"), "");
        Files.writeString(src.resolve("opaque/kept"), "kept");
        Files.getFileAttributeView(
                        src.resolve("opaque/kept"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("color", java.nio.ByteBuffer.wrap("blue".getBytes(StandardCharsets.UTF_8)));
        Path tgz = tmp.resolve("layer.tar.gz");
        TestTrees.run(
                "tar",
                "--format=pax",
                "--xattrs",
                "--xattrs-include=user.*",
                "-czf",
                tgz.toString(),
                "-C",
                src.toString(),
                ".");
        BuildResult r = new ImageBuilder(BuildOptions.defaults()).build(tgz, tmp.resolve("out"), null);
        RafsImage img = RafsImage.open(r.bootstrap());
        Map<String, Inode> in = inodes(img);
        assertThat(in)
                .containsKey(longName)
                .containsKey("gone")
                .containsKey("opaque/kept")
                .doesNotContainKey(".wh.gone")
                .doesNotContainKey("opaque/.wh..wh..opq");
        assertThat(in.get("gone").type()).isEqualTo(Inode.S_IFCHR);
        assertThat(in.get("gone").rdev()).isZero();
        assertThat(new String(in.get("opaque").xattrs().get("trusted.overlay.opaque"), StandardCharsets.US_ASCII))
                .isEqualTo("y");
        assertThat(new String(in.get("opaque/kept").xattrs().get("user.color"), StandardCharsets.UTF_8))
                .isEqualTo("blue");
        assertThat(TreeDescriptions.ofImage(img, tmp.resolve("out/blobs")).get(longName))
                .startsWith(Sha256.hex("deep and long".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void entriesThatEscapeTheRootAreRefused() throws Exception {
        Path tmp = KernelMounts.scratch("tar-evil");
        Files.writeString(tmp.resolve("x"), "x");
        Path tar = tmp.resolve("evil.tar");
        TestTrees.run("tar", "-cf", tar.toString(), "-C", tmp.toString(), "--transform=s,^x,../../etc/x,", "-P", "x");
        assertThatThrownBy(() -> new ImageBuilder(BuildOptions.defaults()).build(tar, tmp.resolve("out"), null))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("..");
    }
}
