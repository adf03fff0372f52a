package dev.swiftlet.rafs.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.image.KernelMounts;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Layers merged into one bootstrap, against python3's tarfile unpacking the same layers one over the other with
 * whiteouts applied ({@code scripts/oci/flatten.py}): deletions, an opaque directory, a file replaced by a directory
 * and the reverse, hard links across layers, owners, modes, xattrs, symlinks and a device all agree.
 */
class LayeredImageBuilderTest {
    private static final Path SCRIPTS =
            Path.of("../scripts/oci").toAbsolutePath().normalize();

    @Test
    void threeLayersMergeAsTheUnpackedLayersShowThem() throws Exception {
        Path tmp = KernelMounts.scratch("layered");
        TestTrees.run("python3", SCRIPTS.resolve("make-layered.py").toString(), tmp.toString());
        TestTrees.run(
                "python3",
                SCRIPTS.resolve("flatten.py").toString(),
                tmp.resolve("layout") + ":latest",
                tmp.resolve("flat").toString());

        LayeredImageBuilder b = new LayeredImageBuilder(BuildOptions.defaults(), tmp.resolve("out"));
        LayeredImageBuilder.Layer[] layers = new LayeredImageBuilder.Layer[3];
        for (int i = 0; i < 3; i++) {
            try (InputStream in = Files.newInputStream(tmp.resolve("layer-" + i + ".tar"))) {
                layers[i] = b.addLayer(in, "layer " + i);
            }
        }
        LayeredImageBuilder.Result r = b.finish();

        Map<String, String> expected = TreeDescriptions.ofDirectory(tmp.resolve("flat"));
        Map<String, String> got = TreeDescriptions.ofImage(RafsImage.open(r.bootstrap()), tmp.resolve("out/blobs"));
        assertSameTree(expected, got);
        // one blob per layer; layer 1's copy of lib/data is stored once, in layer 0's blob
        assertThat(r.blobIds()).containsExactly(layers[0].blobId(), layers[1].blobId(), layers[2].blobId());
        assertThat(layers[1].dedupedChunks()).isEqualTo(4);
        assertThat(Files.size(layers[1].blobFile())).isLessThan(Files.size(layers[0].blobFile()) / 100);
    }

    /**
     * More layers than block 0's device table holds (21): the table runs on into the next blocks and the blob table
     * follows it, as nydus-image lays them out. Against GNU tar unpacking the same layers one over the other.
     */
    @Test
    void fortyLayersAreFortyBlobsWithTheDeviceTablePastBlockZero() throws Exception {
        Path tmp = KernelMounts.scratch("layered-many");
        Path flat = Files.createDirectories(tmp.resolve("flat"));
        LayeredImageBuilder b = new LayeredImageBuilder(BuildOptions.defaults(), tmp.resolve("out"));
        java.util.List<String> blobIds = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Path tree = Files.createDirectories(tmp.resolve("tree-" + i + "/l" + i));
            byte[] data = new byte[5000 + i];
            new java.util.Random(i).nextBytes(data);
            Files.write(tree.resolve("data"), data);
            Files.writeString(tree.resolveSibling("top"), "layer " + i);
            Path tar = tmp.resolve("layer-" + i + ".tar");
            TestTrees.run("tar", "-C", tree.getParent().toString(), "-cf", tar.toString(), ".");
            TestTrees.run("tar", "-C", flat.toString(), "-xpf", tar.toString());
            try (InputStream in = Files.newInputStream(tar)) {
                blobIds.add(b.addLayer(in, "layer " + i).blobId());
            }
        }
        LayeredImageBuilder.Result r = b.finish();

        RafsImage image = RafsImage.open(r.bootstrap());
        assertThat(image.blobs())
                .extracting(dev.swiftlet.rafs.image.BlobInfo::id)
                .containsExactlyElementsOf(blobIds);
        Map<String, String> expected = TreeDescriptions.ofDirectory(flat);
        Map<String, String> got = TreeDescriptions.ofImage(image, tmp.resolve("out/blobs"));
        assertSameTree(expected, got);
        assertThat(got.keySet()).contains("l0/data", "l39/data", "top");
    }

    /**
     * A prefetch list in a conversion: in each layer's blob the listed files come first, the rest after them, and the
     * bootstrap's prefetch table names them in the list's order; the tree is what GNU tar unpacks.
     */
    @Test
    void aPrefetchListPutsEachLayersListedFilesAtTheFrontOfItsBlob() throws Exception {
        Path tmp = KernelMounts.scratch("layered-prefetch");
        Path flat = Files.createDirectories(tmp.resolve("flat"));
        LayeredImageBuilder b = new LayeredImageBuilder(
                BuildOptions.defaults().withPrefetch(java.util.List.of("/l1/c", "l0/e", "l0/gone")),
                tmp.resolve("out"));
        for (int i = 0; i < 2; i++) {
            Path tree = Files.createDirectories(tmp.resolve("tree-" + i + "/l" + i));
            for (String name : new String[] {"a", "b", "c", "d", "e"}) {
                byte[] data = new byte[300_000];
                new java.util.Random(name.hashCode() * 31L + i).nextBytes(data);
                Files.write(tree.resolve(name), data);
            }
            Path tar = tmp.resolve("layer-" + i + ".tar");
            TestTrees.run("tar", "-C", tree.getParent().toString(), "-cf", tar.toString(), ".");
            TestTrees.run("tar", "-C", flat.toString(), "-xpf", tar.toString());
            try (InputStream in = Files.newInputStream(tar)) {
                b.addLayer(in, "layer " + i);
            }
        }
        RafsImage image = RafsImage.open(b.finish().bootstrap());

        Map<String, String> expected = TreeDescriptions.ofDirectory(flat);
        Map<String, String> got = TreeDescriptions.ofImage(image, tmp.resolve("out/blobs"));
        assertSameTree(expected, got);
        PrefetchLayout layout = new PrefetchLayout(image);
        assertThat(layout.tableFiles).containsExactly("l1/c", "l0/e");
        assertThat(layout.firstByte.get("l0/e")).containsExactly(1, 0);
        assertThat(layout.firstByte.get("l1/c")).containsExactly(2, 0);
        for (String name : new String[] {"a", "b", "c", "d"})
            assertThat(layout.firstByte.get("l0/" + name)[1]).isGreaterThanOrEqualTo(layout.endByte.get("l0/e"));
        for (String name : new String[] {"a", "b", "d", "e"})
            assertThat(layout.firstByte.get("l1/" + name)[1]).isGreaterThanOrEqualTo(layout.endByte.get("l1/c"));
    }

    @Test
    void aLayerThatEndsInsideAFileIsRefusedNamingTheLayer() throws Exception {
        Path tmp = KernelMounts.scratch("layered-cut");
        TestTrees.run("python3", SCRIPTS.resolve("make-layered.py").toString(), tmp.toString());
        byte[] tar = Files.readAllBytes(tmp.resolve("layer-0.tar"));
        LayeredImageBuilder b = new LayeredImageBuilder(BuildOptions.defaults(), tmp.resolve("out"));
        assertThatThrownBy(() ->
                        b.addLayer(new ByteArrayInputStream(Arrays.copyOf(tar, tar.length / 2)), "layer sha256:abc"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("layer sha256:abc")
                .hasMessageContaining("ends inside");
        try (var s = Files.list(tmp.resolve("out/blobs"))) {
            assertThat(s.toList()).as("no blob left behind").isEmpty();
        }
    }

    /** Same names; every entry equal, but a directory's mtime (it changes as the unpacker writes into it). */
    private static void assertSameTree(Map<String, String> expected, Map<String, String> got) {
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((path, desc) -> {
            if (desc.contains("mode=4"))
                assertThat(got.get(path).replaceAll(" mtime=\\d+", ""))
                        .as(path)
                        .isEqualTo(desc.replaceAll(" mtime=\\d+", ""));
            else assertThat(got.get(path)).as(path).isEqualTo(desc);
        });
    }
}
