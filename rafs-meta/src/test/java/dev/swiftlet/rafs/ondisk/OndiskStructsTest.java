package dev.swiftlet.rafs.ondisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.image.Fixtures;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** Sizes as in erofs_fs.h's BUILD_BUG_ONs and nydus's layouts; each struct decoded from a real blob and written back. */
class OndiskStructsTest {
    private static final String BLOB = Fixtures.BLOB_ID;

    @Test
    void sizesMatchTheFormat() {
        assertThat(Superblock.SIZE).isEqualTo(128);
        assertThat(Superblock.OFFSET).isEqualTo(1024);
        assertThat(RafsSuperblockExt.SIZE).isEqualTo(256);
        assertThat(DeviceSlot.SIZE).isEqualTo(128);
        assertThat(BlobTableEntry.SIZE).isEqualTo(256);
        assertThat(InodeHeader.COMPACT_SIZE).isEqualTo(32);
        assertThat(InodeHeader.EXTENDED_SIZE).isEqualTo(64);
        assertThat(Dirent.SIZE).isEqualTo(12);
        assertThat(ChunkIndex.SIZE).isEqualTo(8);
        assertThat(XattrHeader.SIZE).isEqualTo(12);
        assertThat(XattrEntry.SIZE).isEqualTo(4);
        assertThat(ChunkInfo.SIZE).isEqualTo(80);
        assertThat(ChunkMeta.V1_SIZE).isEqualTo(16);
        assertThat(ChunkMeta.V2_SIZE).isEqualTo(24);
        assertThat(BlobMetaHeader.SIZE).isEqualTo(4096);
        assertThat(TocEntry.SIZE).isEqualTo(128);
        assertThat(TarHeader.SIZE).isEqualTo(512);
    }

    private static ImageBytes blob() throws Exception {
        return new ImageBytes(
                ByteBuffer.wrap(
                        Files.readAllBytes(Fixtures.nydus().resolve("blobs").resolve(BLOB))),
                BLOB);
    }

    @Test
    void fixtureBlobCiEntriesDecodeAndWriteBackIdentically() throws Exception {
        ImageBytes b = blob();
        ChunkMeta c0 = ChunkMeta.readV1(b, 8314), c1 = ChunkMeta.readV1(b, 8330);
        assertThat(c0).isEqualTo(new ChunkMeta(0, 4828, 0, 16931, ChunkMeta.FLAG_COMPRESSED, 0));
        assertThat(c1).isEqualTo(new ChunkMeta(4828, 2974, 20480, 13400, ChunkMeta.FLAG_COMPRESSED, 0));
        ByteBuffer out = ByteBuffer.allocate(32);
        c0.writeV1(out, 0);
        c1.writeV1(out, 16);
        assertThat(out.array()).isEqualTo(b.bytes(8314, 32, "ci"));
    }

    @Test
    void ciSizeFieldsUseTheirHighBits() throws Exception {
        // 16 MiB sizes need the split high nibble in v1; v2 keeps flags and data.
        ChunkMeta big = new ChunkMeta(
                (1L << 40) - 5, 1 << 24, 0xFFFF_F000L << 12 >>> 12, 1 << 24, ChunkMeta.FLAG_COMPRESSED, 0);
        ChunkMeta v1 = new ChunkMeta(0x12_3456_789AL, 0xABCDE, 0x7_6543_2000L, 0xFEDCB, ChunkMeta.FLAG_COMPRESSED, 0);
        ByteBuffer out = ByteBuffer.allocate(16);
        v1.writeV1(out, 0);
        assertThat(ChunkMeta.readV1(new ImageBytes(out, "v1"), 0)).isEqualTo(v1);
        ChunkMeta v2 = new ChunkMeta(
                0x12_3456_789AL,
                0xABCDE,
                0x7_6543_2000L,
                1 << 24,
                ChunkMeta.FLAG_COMPRESSED | ChunkMeta.FLAG_HAS_CRC32,
                0xDEADBEEFL);
        ByteBuffer out2 = ByteBuffer.allocate(24);
        v2.writeV2(out2, 0);
        assertThat(ChunkMeta.readV2(new ImageBytes(out2, "v2"), 0)).isEqualTo(v2);
        assertThat(big.uncompressedSize()).isEqualTo(1 << 24);
        ByteBuffer out3 = ByteBuffer.allocate(16);
        new ChunkMeta(0, 1 << 24, 0, 1 << 24, 0, 0).writeV1(out3, 0);
        assertThat(ChunkMeta.readV1(new ImageBytes(out3, "v1"), 0).uncompressedSize())
                .isEqualTo(1 << 24);
    }

    @Test
    void fixtureBlobMetaHeaderTocAndTarHeaders() throws Exception {
        ImageBytes b = blob();
        BlobMetaHeader h = BlobMetaHeader.read(b, 8346);
        assertThat(h).isEqualTo(new BlobMetaHeader(0x70000021L, 0, 2, 8314, 32, 32, 0, 0, 0));
        ByteBuffer out = ByteBuffer.allocate(4096);
        h.write(out, 0);
        assertThat(out.array()).isEqualTo(b.bytes(8346, 4096, "header"));

        assertThat(TarHeader.read(b, 7802)).isEqualTo(new TarHeader("image.blob", 7802, '0'));
        assertThat(TarHeader.read(b, 12442)).isEqualTo(new TarHeader("blob.meta", 4128, '0'));
        assertThat(TarHeader.read(b, 14042)).isEqualTo(new TarHeader("rafs.blob.toc", 512, '0'));

        List<TocEntry> toc = List.of(
                TocEntry.read(b, 13530), TocEntry.read(b, 13658), TocEntry.read(b, 13786), TocEntry.read(b, 13914));
        assertThat(toc)
                .extracting(TocEntry::name)
                .containsExactly("image.blob", "blob.meta", "blob.meta.header", "blob.digest");
        assertThat(toc.get(1).compressedOffset()).isEqualTo(8314);
        for (int i = 0; i < 4; i++) {
            ByteBuffer e = ByteBuffer.allocate(128);
            toc.get(i).write(e, 0);
            assertThat(e.array()).as(toc.get(i).name()).isEqualTo(b.bytes(13530 + i * 128L, 128, "toc"));
        }
    }

    @Test
    void fixtureBootstrapChunkInfosAndDeviceSlotWriteBackIdentically() throws Exception {
        ImageBytes boot = new ImageBytes(
                ByteBuffer.wrap(Files.readAllBytes(Fixtures.nydus().resolve("rafs-v6-2.2.boot"))), "boot");
        java.util.Set<Long> ciIndexes = new java.util.TreeSet<>();
        for (int i = 0; i < 2; i++) {
            ChunkInfo c = ChunkInfo.read(boot, 16384 + i * 80L);
            assertThat(c.blobIndex()).isZero();
            ciIndexes.add(c.index());
            assertThat(c.uncompressedSize()).isEqualTo(c.index() == 0 ? 16931 : 13400);
            ByteBuffer out = ByteBuffer.allocate(80);
            c.write(out, 0);
            assertThat(out.array()).isEqualTo(boot.bytes(16384 + i * 80L, 80, "chunk info"));
        }
        assertThat(ciIndexes).containsExactly(0L, 1L);
        long slotAt = 11 * 128L;
        DeviceSlot d = DeviceSlot.read(boot, slotAt);
        assertThat(d).isEqualTo(new DeviceSlot(BLOB, 9, 512));
        ByteBuffer out = ByteBuffer.allocate(128);
        d.write(out, 0);
        assertThat(out.array()).isEqualTo(boot.bytes(slotAt, 128, "slot"));
    }

    @Test
    void tarHeaderRoundTripAndCorruptChecksum() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(512);
        new TarHeader("blob.digest", 64, '0').write(out, 0);
        assertThat(TarHeader.read(new ImageBytes(out, "t"), 0)).isEqualTo(new TarHeader("blob.digest", 64, '0'));
        out.put(3, (byte) (out.get(3) ^ 1));
        assertThatThrownBy(() -> TarHeader.read(new ImageBytes(out, "t"), 0))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void xattrStructsRoundTrip() throws Exception {
        ByteBuffer out = ByteBuffer.allocate(16);
        new XattrHeader(0, 2).write(out, 0);
        new XattrEntry(4, XattrEntry.INDEX_USER, 300).write(out, 12);
        ImageBytes b = new ImageBytes(out, "x");
        assertThat(XattrHeader.read(b, 0)).isEqualTo(new XattrHeader(0, 2));
        assertThat(XattrEntry.read(b, 12)).isEqualTo(new XattrEntry(4, 1, 300));
        assertThat(new XattrEntry(5, 1, 2).alignedSize()).isEqualTo(12);
    }

    @Test
    void superblockChecksumIsCrc32cWithoutFinalXor() throws Exception {
        byte[] block = new byte[4096];
        for (int i = 0; i < block.length; i++) block[i] = (byte) (i * 31 + 7);
        block[1028] = 1; // a stored checksum must not influence the result
        long got = Superblock.checksumOf(new ImageBytes(ByteBuffer.wrap(block), "sb"), 4096);
        // Reference: bitwise crc32c (reflected, poly 0x82F63B78) seeded ~0, no final xor, field zeroed.
        byte[] range = java.util.Arrays.copyOfRange(block, 1024, 4096);
        range[4] = range[5] = range[6] = range[7] = 0;
        long crc = 0xFFFF_FFFFL;
        for (byte x : range) {
            crc ^= x & 0xFF;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F6_3B78L : crc >>> 1;
        }
        assertThat(got).isEqualTo(crc);
        CRC32C std = new CRC32C();
        std.update(range);
        assertThat(got).isEqualTo(~std.getValue() & 0xFFFF_FFFFL).isNotEqualTo(std.getValue());
    }

    @Test
    void hexOfFixtureCiMatchesReadme() throws Exception {
        // Guard against reading the wrong offsets: the ci array sits right after the "image.blob" tar header.
        assertThat(HexFormat.of().formatHex(blob().bytes(7802 + 257, 8, "magic")))
                .isEqualTo("7573746172202000");
    }
}
