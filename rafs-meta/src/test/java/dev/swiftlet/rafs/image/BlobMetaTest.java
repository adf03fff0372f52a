package dev.swiftlet.rafs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.ondisk.ChunkMeta;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The fixture blob's own ci array and header, read and checked against its bootstrap. */
class BlobMetaTest {
    private static RafsImage image() throws Exception {
        return RafsImage.open(Fixtures.nydus().resolve("rafs-v6-2.2.boot"));
    }

    private static Path blobPath() {
        return Fixtures.nydus().resolve("blobs").resolve(Fixtures.BLOB_ID);
    }

    @Test
    void fixtureBlobMetaMatchesReadmeAndBootstrap() throws Exception {
        RafsImage img = image();
        BlobInfo info = img.blobs().get(0);
        assertThat(info.ciCompressor()).isZero();
        assertThat(info.tocSize()).isEqualTo(1024);
        BlobMeta fromBytes = BlobMeta.read(ByteBuffer.wrap(Files.readAllBytes(blobPath())), info);
        BlobMeta fromFile;
        try (FileChannel ch = FileChannel.open(blobPath())) {
            fromFile = BlobMeta.read(ch, info);
        }
        assertThat(fromFile).isEqualTo(fromBytes);
        assertThat(fromBytes.header().ciEntries()).isEqualTo(2);
        assertThat(fromBytes.header().features()).isEqualTo(0x70000021L);
        assertThat(fromBytes.chunks())
                .containsExactly(
                        new ChunkMeta(0, 4828, 0, 16931, ChunkMeta.FLAG_COMPRESSED, 0),
                        new ChunkMeta(4828, 2974, 20480, 13400, ChunkMeta.FLAG_COMPRESSED, 0));
        assertThat(img.chunkInfos(0)).hasSize(2);
        fromBytes.crossCheck(img.chunkInfos(0), info.id());
    }

    @Test
    void headerThatDisagreesWithTheBlobTableIsRefused() throws Exception {
        BlobInfo info = image().blobs().get(0);
        byte[] blob = Files.readAllBytes(blobPath());
        blob[8346 + 12] = 3; // s_ci_entries
        assertThatThrownBy(() -> BlobMeta.read(ByteBuffer.wrap(blob), info))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining(Fixtures.BLOB_ID)
                .hasMessageContaining("@0x" + Long.toHexString(8346 + 12))
                .hasMessageContaining("s_ci_entries is 3");
        byte[] blob2 = Files.readAllBytes(blobPath());
        blob2[8346 + 4092] = 0;
        assertThatThrownBy(() -> BlobMeta.read(ByteBuffer.wrap(blob2), info))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("magic");
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(blobPath()), 9000);
        assertThatThrownBy(() -> BlobMeta.read(ByteBuffer.wrap(truncated), info))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("outside the blob of 9000 bytes");
    }

    @Test
    void ciThatDisagreesWithTheBootstrapFailsTheCrossCheck() throws Exception {
        RafsImage img = image();
        BlobInfo info = img.blobs().get(0);
        byte[] blob = Files.readAllBytes(blobPath());
        blob[8330 + 8] ^= 0x10; // chunk 1 compressed offset
        BlobMeta meta = BlobMeta.read(ByteBuffer.wrap(blob), info);
        assertThatThrownBy(() -> meta.crossCheck(img.chunkInfos(0), info.id()))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("chunk 1 differs");
    }
}
