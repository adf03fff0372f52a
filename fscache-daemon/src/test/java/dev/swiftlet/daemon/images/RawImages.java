package dev.swiftlet.daemon.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds raw EROFS images with mkfs.erofs for tests: a bootstrap plus one untagged blob device. */
public final class RawImages {
    private RawImages() {}

    /** {@code dir/src} (two files), {@code dir/boot.img}, {@code dir/blobs/blob.img} (via --blobdev). */
    public static Path buildWithBlobDevice(Path dir) throws IOException, InterruptedException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("hello.txt"), "hello swiftlet\n");
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Path blobs = Files.createDirectories(dir.resolve("blobs"));
        Path boot = dir.resolve("boot.img");
        mkfsWithBlobDevice(boot, blobs.resolve("blob.img"), src, 4096);
        return boot;
    }

    /** {@code mkfs.erofs --chunksize=N --blobdev=BLOB META SRC}: the metadata image, its data on a separate device. */
    public static void mkfsWithBlobDevice(Path meta, Path blob, Path src, int chunkSize)
            throws IOException, InterruptedException {
        run(List.of("mkfs.erofs", "--chunksize=" + chunkSize, "--blobdev=" + blob, meta.toString(), src.toString()));
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(cmd + " failed (is erofs-utils installed?): " + out);
    }
}
