package dev.swiftlet.daemon.cli;

import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.ImageDataReader;
import dev.swiftlet.rafs.image.RafsImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet image unpack-blob BOOTSTRAP BLOB_ID --blob-dir DIR --output FILE}: the blob's
 * uncompressed cache file (each chunk decompressed and verified at its 4 KiB-aligned offset, zero padded):
 * exactly what the daemon writes for the kernel, so the bootstrap mounts over it with {@code device=FILE}.
 */
@Command(
        name = "unpack-blob",
        mixinStandardHelpOptions = true,
        description = "Write a blob's uncompressed cache file (the layout the daemon fills for the kernel).")
final class ImageUnpackBlobCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BOOTSTRAP")
    Path bootstrap;

    @Parameters(index = "1", paramLabel = "BLOB_ID")
    String blobId;

    @Option(names = "--blob-dir", required = true, paramLabel = "DIR")
    Path blobDir;

    @Option(names = "--output", required = true, paramLabel = "FILE")
    Path output;

    @Override
    public Integer call() throws Exception {
        RafsImage img = RafsImage.open(bootstrap);
        BlobInfo blob = img.blobs().stream()
                .filter(b -> b.id().equals(blobId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the image has no blob " + blobId));
        try (ImageDataReader reader = ImageDataReader.fromBlobDir(img, blobDir)) {
            reader.unpackBlob(blob.index(), output);
        }
        System.err.printf("unpacked %s: %d bytes -> %s%n", blobId, blob.uncompressedSize(), output);
        return 0;
    }
}
