package dev.swiftlet.rafs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.testing.Sha256;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real image written by nydus-image decodes to exactly the facts listed in the fixture's README. */
class NydusFixtureTest {
    private static final String LIB_RS = "1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69";
    private static final String SYNC_IO_RS = "e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96";

    @Test
    void superblocksDevicesAndBlobTable() throws Exception {
        RafsImage img = RafsImage.open(Fixtures.nydus().resolve("rafs-v6-2.2.boot"));
        assertThat(img.kind()).isEqualTo(RafsImage.Kind.RAFS);
        assertThat(img.size()).isEqualTo(20480); // the copen size of the bootstrap cookie
        var sb = img.superblock();
        assertThat(sb.blockSizeBits()).isEqualTo(12);
        assertThat(sb.rootNid()).isEqualTo(128);
        assertThat(sb.inodeCount()).isEqualTo(3);
        assertThat(sb.featureIncompat()).isEqualTo(0xC);
        assertThat(sb.extraDevices()).isEqualTo(1);
        assertThat(sb.deviceTableSlotOffset()).isEqualTo(11);
        assertThat(sb.metaBlockAddr()).isEqualTo(2);
        var ext = img.extended();
        assertThat(ext.flags()).isEqualTo(0x194);
        assertThat(ext.blobTableOffset()).isEqualTo(4096);
        assertThat(ext.blobTableSize()).isEqualTo(256);
        assertThat(ext.chunkSize()).isEqualTo(1 << 20);
        assertThat(ext.chunkTableOffset()).isEqualTo(16384);
        assertThat(img.devices()).singleElement().satisfies(d -> {
            assertThat(d.tag()).isEqualTo(Fixtures.BLOB_ID);
            assertThat(d.blocks()).isEqualTo(9);
            assertThat(d.mappedBlockAddr()).isEqualTo(512);
        });
        BlobInfo blob = img.blobs().getFirst();
        assertThat(blob.id()).isEqualTo(Fixtures.BLOB_ID);
        assertThat(blob.chunkCount()).isEqualTo(2);
        assertThat(blob.compression()).isEqualTo(Compression.ZSTD);
        assertThat(blob.digestAlgorithm()).isEqualTo(DigestAlgorithm.BLAKE3);
        assertThat(blob.features()).isEqualTo(0x70000021L);
        assertThat(blob.compressedSize()).isEqualTo(14554);
        assertThat(blob.uncompressedSize()).isEqualTo(36864);
        assertThat(blob.ciOffset()).isEqualTo(8314);
        assertThat(blob.ciCompressedSize()).isEqualTo(32);
        assertThat(blob.ciUncompressedSize()).isEqualTo(32);

        ChunkTable t = img.chunkTable(0);
        assertThat(t.size()).isEqualTo(2);
        assertThat(new long[] {
                    t.uncompressedOffset(0), t.uncompressedSize(0), t.compressedOffset(0), t.compressedSize(0)
                })
                .containsExactly(0, 16931, 0, 4828);
        assertThat(new long[] {
                    t.uncompressedOffset(1), t.uncompressedSize(1), t.compressedOffset(1), t.compressedSize(1)
                })
                .containsExactly(20480, 13400, 4828, 2974);
        assertThat(t.uncompressedSize()).isEqualTo(36864);
    }

    /** openTables validates as open does and keeps the same served facts, but not the bytes the tree is read from. */
    @Test
    void tablesOnlyKeepWhatTheDaemonServesFrom() throws Exception {
        Path boot = Fixtures.nydus().resolve("rafs-v6-2.2.boot");
        RafsImage full = RafsImage.open(boot);
        RafsImage tables = RafsImage.openTables(boot);
        assertThat(tables.size()).isEqualTo(full.size()).isEqualTo(20480);
        assertThat(tables.resource()).isEqualTo(full.resource());
        assertThat(tables.blobs()).isEqualTo(full.blobs());
        assertThat(tables.devices()).isEqualTo(full.devices());
        ChunkTable t = tables.chunkTable(0);
        ChunkTable f = full.chunkTable(0);
        assertThat(t.size()).isEqualTo(f.size()).isEqualTo(2);
        for (int i = 0; i < t.size(); i++) {
            assertThat(new long[] {
                        t.uncompressedOffset(i), t.uncompressedSize(i), t.compressedOffset(i), t.compressedSize(i)
                    })
                    .containsExactly(
                            f.uncompressedOffset(i), f.uncompressedSize(i), f.compressedOffset(i), f.compressedSize(i));
        }
        assertThat(full.chunkInfos(0)).hasSize(2);
        for (ThrowingCallable refused : List.<ThrowingCallable>of(
                () -> new RafsTree(tables), () -> tables.readLocalRange(0, 16), () -> tables.chunkInfos(0))) {
            assertThatThrownBy(refused)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("rafs-v6-2.2.boot was opened for its tables only");
        }
    }

    @Test
    void treeAndFileContentsWithVerifiedChunks(@TempDir Path tmp) throws Exception {
        Path dir = Fixtures.nydus();
        RafsImage img = RafsImage.open(dir.resolve("rafs-v6-2.2.boot"));
        RafsTree tree = new RafsTree(img);
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, Long> nids = new LinkedHashMap<>();
        try (ImageDataReader reader = ImageDataReader.fromBlobDir(img, dir.resolve("blobs"))) {
            tree.walk((path, inode) -> {
                nids.put(path, inode.nid());
                if (inode.isRegular()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    reader.readFile(inode, out);
                    assertThat((long) out.size()).isEqualTo(inode.size());
                    try {
                        files.put(path, Sha256.hex(out.toByteArray()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            });
            assertThat(files).containsExactly(Map.entry("lib.rs", LIB_RS), Map.entry("sync_io.rs", SYNC_IO_RS));
            assertThat(nids).containsEntry("lib.rs", 133L).containsEntry("sync_io.rs", 136L);
            Inode lib = tree.inode(133);
            assertThat(lib.size()).isEqualTo(16931);
            assertThat(lib.header().iu()).isEqualTo(0x28); // INDEXES | 1 MiB chunks

            // the cache file the daemon will write: chunk 0, zeros to 20480, chunk 1, zeros to 36864
            Path unpacked = tmp.resolve("blob.cache");
            reader.unpackBlob(0, unpacked);
            byte[] cache = Files.readAllBytes(unpacked);
            assertThat(cache).hasSize(36864);
            ByteArrayOutputStream libBytes = new ByteArrayOutputStream();
            reader.readFile(lib, libBytes);
            assertThat(java.util.Arrays.copyOfRange(cache, 0, 16931)).isEqualTo(libBytes.toByteArray());
            assertThat(new String(cache, 0, 36)).isEqualTo("// Copyright (C) 2020 Alibaba Cloud.");
            for (int i = 16931; i < 20480; i++) assertThat(cache[i]).isZero();
            assertThat(Sha256.hex(java.util.Arrays.copyOfRange(cache, 20480, 20480 + 13400)))
                    .isEqualTo(SYNC_IO_RS);
            for (int i = 20480 + 13400; i < 36864; i++) assertThat(cache[i]).isZero();
        }
    }
}
