package dev.swiftlet.rafs.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.image.BlobMeta;
import dev.swiftlet.rafs.image.ImageDataReader;
import dev.swiftlet.rafs.image.KernelMounts;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.RafsTree;
import dev.swiftlet.rafs.ondisk.ChunkInfo;
import dev.swiftlet.rafs.ondisk.ChunkMeta;
import dev.swiftlet.rafs.testing.Sha256;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips: a generated tree with every kind of entry, built with every compressor and digester, then
 * read back by the userspace reader and by the host kernel (file-backed EROFS over the unpacked cache
 * file); both must reproduce every file's sha256 and metadata.
 */
class ImageBuilderTest {
    static Path work;
    static Path source;
    static Map<String, String> expected;

    @BeforeAll
    static void tree() throws Exception {
        work = KernelMounts.scratch("build");
        source = TestTrees.generate(work.resolve("src"), 42);
        expected = TreeDescriptions.ofDirectory(source);
        assertThat(expected.size()).isGreaterThan(300);
    }

    static Stream<Arguments> variants() {
        return Stream.of(Compression.ZSTD, Compression.LZ4_BLOCK, Compression.NONE)
                .flatMap(c -> Stream.of(DigestAlgorithm.BLAKE3, DigestAlgorithm.SHA256)
                        .map(d -> Arguments.of(c, d)));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void userspaceReaderReproducesTheTree(Compression c, DigestAlgorithm d) throws Exception {
        Path out = work.resolve("out-" + c + "-" + d);
        BuildResult r = new ImageBuilder(new BuildOptions(c, d, 1 << 20, null)).build(source, out, null);
        RafsImage img = RafsImage.open(r.bootstrap());
        assertThat(img.blobs()).singleElement().satisfies(b -> {
            assertThat(b.compression()).isEqualTo(c);
            assertThat(b.digestAlgorithm()).isEqualTo(d);
            assertThat(b.id()).isEqualTo(r.blobId());
        });
        assertThat(Sha256.hex(Files.readAllBytes(out.resolve("blobs").resolve(r.blobId()))))
                .isEqualTo(r.blobId());
        assertThat(Files.size(r.bootstrap()) % 4096).isZero();
        // the blob's own ci array (found through its tar headers and meta header) agrees with the bootstrap, chunk by
        // chunk
        BlobMeta meta = BlobMeta.read(
                ByteBuffer.wrap(Files.readAllBytes(out.resolve("blobs").resolve(r.blobId()))),
                img.blobs().getFirst());
        assertThat(meta.header().features()).isEqualTo(BlobBuilder.FEATURES);
        assertThat(meta.chunks()).hasSize(img.chunkInfos(0).size()).hasSize((int) r.uniqueChunks());
        for (ChunkInfo ci : img.chunkInfos(0)) {
            ChunkMeta m = meta.chunks().get((int) ci.index());
            assertThat(new long[] {
                        m.compressedOffset(), m.compressedSize(), m.uncompressedOffset(), m.uncompressedSize()
                    })
                    .containsExactly(
                            ci.compressedOffset(), ci.compressedSize(), ci.uncompressedOffset(), ci.uncompressedSize());
            assertThat(m.isCompressed()).isEqualTo(ci.isCompressed());
        }
        assertThat(TreeDescriptions.ofImage(img, out.resolve("blobs"))).isEqualTo(expected);
        // files with the shared mtime are compact inodes, the others (own mtime, big uid) extended
        Map<String, Boolean> extended = new java.util.HashMap<>();
        new RafsTree(img)
                .walk((path, inode) -> extended.put(path, inode.header().extended()));
        assertThat(extended)
                .containsEntry("dir1/file-1.bin", false)
                .containsEntry("dir0/file-0.bin", true)
                .containsEntry("dir4/file-4.bin", true);
        // the two identical 1 MiB+4 KiB files share their chunks
        assertThat(r.dedupedChunks()).isGreaterThanOrEqualTo(2);
        if (c != Compression.NONE) assertThat(r.blobCompressedSize()).isLessThan(r.fileBytes());
    }

    /** The kernel never sees digests, so one digester per compressor is enough there. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(
            value = Compression.class,
            names = {"ZSTD", "LZ4_BLOCK", "NONE"})
    void theKernelReadsTheSameTree(Compression c) throws Exception {
        DigestAlgorithm d = DigestAlgorithm.BLAKE3;
        Path out = work.resolve("kernel-" + c);
        BuildResult r = new ImageBuilder(new BuildOptions(c, d, 64 << 10, null)).build(source, out, null);
        RafsImage img = RafsImage.open(r.bootstrap());
        Path cache = out.resolve("cache-" + r.blobId());
        try (ImageDataReader reader = ImageDataReader.fromBlobDir(img, out.resolve("blobs"))) {
            reader.unpackBlob(0, cache);
        }
        Path mnt = out.resolve("mnt");
        try (AutoCloseable m = KernelMounts.mount(r.bootstrap(), mnt, List.of(cache))) {
            assertThat(TreeDescriptions.ofDirectory(mnt)).isEqualTo(expected);
        }
    }

    @Test
    void chunkDictionaryStoresOnlyTheChangedChunks() throws Exception {
        Path v1 = work.resolve("v1"), v2src = work.resolve("v2src");
        BuildResult first = new ImageBuilder(BuildOptions.defaults()).build(source, v1, null);
        TestTrees.run("cp", "-a", source.toString(), v2src.toString());
        byte[] changed = new byte[3 * (1 << 20) + 17];
        new java.util.Random(7).nextBytes(changed);
        Files.write(v2src.resolve("dir0/file-0.bin"), new byte[] {1, 2, 3}); // was empty: one new chunk
        Files.write(v2src.resolve("dir0/new-big.bin"), changed); // 4 new chunks (3 full + 1 tail)
        Path v2 = work.resolve("v2");
        BuildOptions withDict =
                new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 1 << 20, v1.resolve("image.boot"));
        BuildResult second = new ImageBuilder(withDict).build(v2src, v2, null);
        assertThat(second.blobIds()).containsExactly(first.blobId(), second.blobId());
        assertThat(second.uniqueChunks()).isEqualTo(5);
        RafsImage img = RafsImage.open(second.bootstrap());
        assertThat(img.blobs().get(1).chunkCount()).isEqualTo(5);
        assertThat(img.blobs().get(1).uncompressedSize()).isEqualTo(3 * (1 << 20) + 4096 + 4096);
        // both blobs side by side, as a localfs backend would see them
        Path blobs = Files.createDirectories(work.resolve("v2-blobs"));
        Files.copy(v1.resolve("blobs").resolve(first.blobId()), blobs.resolve(first.blobId()));
        Files.copy(v2.resolve("blobs").resolve(second.blobId()), blobs.resolve(second.blobId()));
        assertThat(TreeDescriptions.ofImage(img, blobs)).isEqualTo(TreeDescriptions.ofDirectory(v2src));
        // the kernel too, with one device per blob in device-table order
        Path c0 = work.resolve("v2-cache0"), c1 = work.resolve("v2-cache1");
        try (ImageDataReader reader = ImageDataReader.fromBlobDir(img, blobs)) {
            reader.unpackBlob(0, c0);
            reader.unpackBlob(1, c1);
        }
        try (AutoCloseable m = KernelMounts.mount(second.bootstrap(), work.resolve("v2-mnt"), List.of(c0, c1))) {
            assertThat(TreeDescriptions.ofDirectory(work.resolve("v2-mnt")))
                    .isEqualTo(TreeDescriptions.ofDirectory(v2src));
        }
        // nothing new at all: no new blob
        BuildResult same = new ImageBuilder(
                        new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 1 << 20, v1.resolve("image.boot")))
                .build(source, work.resolve("v3"), null);
        assertThat(same.blobId()).isNull();
        assertThat(same.blobIds()).containsExactly(first.blobId());
    }

    /**
     * A prefetch list: the listed files (as written: leading slash or not, missing ones skipped) are stored first, in
     * the list's order, and named in the prefetch table; the tree reads exactly as without the list.
     */
    @Test
    void aPrefetchListPutsItsFilesFirstInTheBlobAndInThePrefetchTable() throws Exception {
        Map<String, long[]> sizes = new java.util.TreeMap<>();
        try (Stream<Path> s = java.nio.file.Files.walk(source)) {
            s.filter(java.nio.file.Files::isRegularFile).forEach(p -> {
                try {
                    if (java.nio.file.Files.size(p) > 0 && !java.nio.file.Files.isSymbolicLink(p))
                        sizes.put(source.relativize(p).toString(), new long[] {java.nio.file.Files.size(p)});
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        List<String> names = new java.util.ArrayList<>(sizes.keySet());
        String last = names.get(names.size() - 1), middle = names.get(names.size() / 2);
        BuildOptions options = new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 64 << 10, null)
                .withPrefetch(List.of("/" + last, "no/such/file", "./" + middle));
        BuildResult r = new ImageBuilder(options).build(source, work.resolve("out-prefetch"), null);
        RafsImage img = RafsImage.open(r.bootstrap());

        assertThat(TreeDescriptions.ofImage(img, work.resolve("out-prefetch/blobs")))
                .isEqualTo(expected);
        PrefetchLayout layout = new PrefetchLayout(img);
        assertThat(layout.tableFiles).containsExactly(last, middle);
        assertThat(layout.firstByte.get(last)).containsExactly(1, 0);
        assertThat(layout.firstByte.get(middle)[1]).isEqualTo(roundUp(layout.endByte.get(last)));
        // below the listed files' end lie only their chunks (other files may share them: links, equal content)
        long pastBoth = roundUp(layout.endByte.get(middle));
        java.util.Set<Long> listed = new java.util.HashSet<>(layout.extentStarts.get(last));
        listed.addAll(layout.extentStarts.get(middle));
        layout.extentStarts.forEach((path, starts) -> starts.stream()
                .filter(at -> at < pastBoth)
                .forEach(at -> assertThat(listed).as(path).contains(at)));
        // a daemon keeps only the tables, and the prefetch table's pieces with them
        assertThat(RafsImage.openTables(r.bootstrap()).prefetchPieces(0, 1 << 20).stream()
                        .map(java.util.Arrays::toString))
                .containsExactlyElementsOf(img.prefetchPieces(0, 1 << 20).stream()
                        .map(java.util.Arrays::toString)
                        .toList())
                .isNotEmpty();
        // without a list there is no table
        BuildResult plain = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 64 << 10, null))
                .build(source, work.resolve("out-no-prefetch"), null);
        assertThat(RafsImage.open(plain.bootstrap()).prefetchNids()).isEmpty();
    }

    private static long roundUp(long offset) {
        return (offset + 4095) / 4096 * 4096;
    }
}
