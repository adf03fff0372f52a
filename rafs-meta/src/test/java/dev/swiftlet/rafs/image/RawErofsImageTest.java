package dev.swiftlet.rafs.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.testing.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain EROFS images from mkfs.erofs (erofs-utils) are "raw" images: the reader reproduces every file. */
class RawErofsImageTest {
    static Path makeTree(Path root) throws Exception {
        Random r = new Random(11);
        Files.createDirectories(root.resolve("sub/deep/er"));
        int[] sizes = {0, 1, 13, 4095, 4096, 4097, 10000, 65536, 300_001, 1 << 20, (1 << 20) + 5, 2_500_000};
        for (int i = 0; i < sizes.length; i++) {
            byte[] b = new byte[sizes[i]];
            r.nextBytes(b);
            Files.write(root.resolve((i % 3 == 0 ? "sub/" : i % 3 == 1 ? "sub/deep/er/" : "") + "f" + i + ".bin"), b);
        }
        Files.writeString(root.resolve("text.txt"), "hello erofs\n".repeat(1000));
        Files.createSymbolicLink(root.resolve("link"), Path.of("sub/f0.bin"));
        Files.setPosixFilePermissions(root.resolve("text.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        UserDefinedFileAttributeView x =
                Files.getFileAttributeView(root.resolve("text.txt"), UserDefinedFileAttributeView.class);
        x.write("swiftlet.test", ByteBuffer.wrap("value-1".getBytes(StandardCharsets.UTF_8)));
        String longName = "n".repeat(200); // mkfs.erofs 1.5 fails with ENOENT on 255-byte names
        Files.writeString(root.resolve(longName), "long name");
        return root;
    }

    /** path -> sha256 of regular files, "->target" for symlinks, "dir" for directories. */
    static Map<String, String> describeSource(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) continue;
                String rel = root.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, "->" + Files.readSymbolicLink(p));
                else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) out.put(rel, "dir");
                else
                    out.put(
                            rel,
                            Sha256.hex(Files.readAllBytes(p)) + " "
                                    + Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode") & 07777));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "chunks", "blobdev"})
    void readerReproducesTheTree(String variant) throws Exception {
        Path tmp = KernelMounts.scratch("raw");
        Path src = makeTree(tmp.resolve("src"));
        Path img = tmp.resolve("meta.img");
        Path blob = tmp.resolve("blob.img");
        List<String> cmd = new ArrayList<>(List.of("mkfs.erofs"));
        switch (variant) {
            case "chunks" -> cmd.addAll(List.of("--chunksize=4096", "-Eforce-chunk-indexes"));
            case "blobdev" -> cmd.addAll(List.of("--chunksize=1048576", "--blobdev=" + blob));
            default -> {}
        }
        cmd.addAll(List.of(img.toString(), src.toString()));
        KernelMounts.run(cmd.toArray(String[]::new));

        RafsImage image = RafsImage.open(img);
        RafsTree tree = new RafsTree(image);
        assertThat(image.kind()).isEqualTo(RafsImage.Kind.RAW);
        assertThat(image.devices()).hasSize(variant.equals("blobdev") ? 1 : 0);
        Map<String, String> seen = new TreeMap<>();
        Map<String, byte[]> xattrs = new TreeMap<>();
        // a raw device with an empty tag is found by the name the user gives it (as with mount -o device=)
        try (ImageDataReader reader = new ImageDataReader(image, b -> blob)) {
            tree.walk((path, inode) -> {
                if (inode.isSymlink()) seen.put(path, "->" + tree.readSymlink(inode));
                else if (inode.isDirectory()) seen.put(path, "dir");
                else {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    reader.readFile(inode, out);
                    try {
                        seen.put(
                                path, Sha256.hex(out.toByteArray()) + " " + Integer.toOctalString(inode.permissions()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                    if (path.equals("text.txt")) xattrs.putAll(inode.xattrs());
                }
            });
        }
        assertThat(seen).isEqualTo(describeSource(src));
        assertThat(xattrs).containsKey("user.swiftlet.test");
        assertThat(new String(xattrs.get("user.swiftlet.test"), StandardCharsets.UTF_8))
                .isEqualTo("value-1");
    }
}
