package dev.swiftlet.rafs.build;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Generated source trees with every kind of file a layer carries. */
final class TestTrees {
    private TestTrees() {}

    /** The mtime most generated files share. */
    static final long SHARED_MTIME = 1_650_000_000L;

    static Path generate(Path root, long seed) throws Exception {
        Random r = new Random(seed);
        Files.createDirectories(root);
        int[] sizes = {
            0, 1, 7, 4095, 4096, 4097, 8192, 12345, 65536, 100_000, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 17
        };
        Path deep = root;
        for (int d = 0; d < 30; d++) deep = deep.resolve("d" + d);
        Files.createDirectories(deep);
        Files.writeString(deep.resolve("bottom.txt"), "deep\n");
        for (int i = 0; i < 300; i++) {
            Path dir = root.resolve("dir" + (i % 12));
            Files.createDirectories(dir);
            int size = i < sizes.length ? sizes[i] : r.nextInt(20_000);
            byte[] b = new byte[size];
            if (i % 2 == 0) r.nextBytes(b); // incompressible
            else for (int k = 0; k < size; k++) b[k] = (byte) ('a' + (k * 7 + i) % 23); // compressible
            Path f = dir.resolve("file-" + i + ".bin");
            Files.write(f, b);
            // most files share one mtime (as a tar layer's do), so the builder can use compact inodes for them
            long mtime = i % 4 == 0 ? 1_700_000_000L + i : SHARED_MTIME;
            Files.setLastModifiedTime(f, FileTime.from(mtime, TimeUnit.SECONDS));
        }
        // duplicates across files: dedup must store their chunks once
        byte[] dup = new byte[(1 << 20) + 4096];
        r.nextBytes(dup);
        Files.write(root.resolve("dup-a.bin"), dup);
        Files.write(root.resolve("dup-b.bin"), dup);
        Files.writeString(root.resolve("n".repeat(255)), "long name");
        Files.createSymbolicLink(root.resolve("link-rel"), Path.of("dir1/file-1.bin"));
        Files.createSymbolicLink(root.resolve("link-long"), Path.of("x/".repeat(1000) + "y"));
        Files.createLink(root.resolve("hard"), root.resolve("dir2/file-2.bin"));
        run("chmod", "4751", root.resolve("dir3/file-3.bin").toString()); // setuid: PosixFilePermissions cannot say it
        run("mknod", root.resolve("cdev").toString(), "c", "1", "3");
        run("mknod", root.resolve("bdev").toString(), "b", "7", "300");
        run("mkfifo", root.resolve("fifo").toString());
        run("chown", "1234:5678", root.resolve("dir4/file-4.bin").toString());
        UserDefinedFileAttributeView x =
                Files.getFileAttributeView(root.resolve("dir5/file-5.bin"), UserDefinedFileAttributeView.class);
        x.write("swiftlet.k1", ByteBuffer.wrap("v1".getBytes(StandardCharsets.UTF_8)));
        x.write("swiftlet.k2", ByteBuffer.wrap(new byte[300]));
        Files.setLastModifiedTime(root, FileTime.from(1_600_000_000L, TimeUnit.SECONDS));
        return root;
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
}
