package dev.swiftlet.fetch.plan;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.codec.Codec;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.ChunkTable;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A real blob made by the image builder from one file of partly compressible bytes, plus what it decodes to. */
public record TestBlob(Path blobDir, String blobId, ChunkTable table, Codec codec, byte[] content) {
    public static TestBlob build(Path tmp, int size, int chunkSize, Compression compression) throws IOException {
        byte[] content = new byte[size];
        Random random = new Random(size ^ chunkSize);
        for (int i = 0; i < size; i += 512) {
            if ((i / 512) % 3 == 0) { // a third random, the rest text-like
                for (int j = i; j < Math.min(size, i + 512); j++) content[j] = (byte) random.nextInt();
            } else {
                for (int j = i; j < Math.min(size, i + 512); j++) content[j] = (byte) ('a' + (j * 7 + i) % 26);
            }
        }
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("data.bin"), content);
        BuildResult r = new ImageBuilder(new BuildOptions(compression, DigestAlgorithm.BLAKE3, chunkSize, null))
                .build(src, tmp.resolve("out"), null);
        RafsImage image = RafsImage.open(r.bootstrap());
        BlobInfo blob = image.blobs().getFirst();
        return new TestBlob(
                tmp.resolve("out/blobs"),
                blob.id(),
                image.chunkTable(blob.index()),
                Codecs.of(blob.compression()),
                content);
    }

    /** The uncompressed bytes of chunk {@code c} (the file is the blob's only content, in order). */
    public byte[] chunkBytes(int c) {
        int from = (int) table.uncompressedOffset(c);
        byte[] out = new byte[table.uncompressedSize(c)];
        System.arraycopy(content, from, out, 0, out.length);
        return out;
    }
}
