package dev.swiftlet.daemon.cli;

import dev.swiftlet.rafs.image.BlobFiles;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.BlobMeta;
import dev.swiftlet.rafs.image.ImageDataReader;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.RafsTree;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet image check BOOTSTRAP --blob-dir DIR}: reads every regular file through the userspace
 * reader (each RAFS blob's ci array checked against the bootstrap, every chunk decompressed and its digest verified) and prints {@code <sha256>  <path>} per file,
 * as {@code sha256sum} run in the image root would, sorted by path.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = "Verify every chunk and print the sha256 of every regular file (sha256sum format).")
final class ImageCheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BOOTSTRAP")
    Path bootstrap;

    @Option(
            names = "--blob-dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory holding the blobs, named by id.")
    Path blobDir;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            description = "File name in --blob-dir of each raw device with an empty tag, in device-table order.")
    List<String> deviceNames = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RafsImage img = RafsImage.open(bootstrap);
        checkBlobMeta(img);
        TreeMap<String, String> sums = new TreeMap<>(ImageCheckCommand::compareBytes);
        try (ImageDataReader reader = new ImageDataReader(img, this::blobFile)) {
            new RafsTree(img).walk((path, inode) -> {
                if (!inode.isRegular()) return;
                MessageDigest md = sha256();
                try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                    reader.readFile(inode, out);
                }
                sums.put(path, HexFormat.of().formatHex(md.digest()));
            });
        }
        sums.forEach((path, sum) -> System.out.println(sum + "  " + path));
        return 0;
    }

    /** Each RAFS blob's own ci array must agree with the bootstrap before its bytes are trusted. */
    private void checkBlobMeta(RafsImage img) throws java.io.IOException {
        for (BlobInfo blob : img.blobs()) {
            if (blob.raw() || blob.ciCompressedSize() == 0) continue;
            try (FileChannel ch = BlobFiles.open(blobFile(blob), blob)) {
                BlobMeta.read(ch, blob).crossCheck(img.chunkInfos(blob.index()), blob.id());
            }
        }
    }

    private Path blobFile(BlobInfo blob) {
        if (blob.id().isEmpty()) {
            if (blob.index() >= deviceNames.size()) {
                throw new IllegalArgumentException(
                        "device " + blob.index() + " has no tag: name its file with --device");
            }
            return BlobFiles.resolve(blobDir, deviceNames.get(blob.index()));
        }
        return BlobFiles.resolve(blobDir, blob.id());
    }

    /** sort(1) in the C locale: by bytes. */
    private static int compareBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
