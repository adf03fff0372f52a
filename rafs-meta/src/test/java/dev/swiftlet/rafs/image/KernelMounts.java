package dev.swiftlet.rafs.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * File-backed EROFS mounts on this host's kernel (6.12+), for tests that check the kernel reads our
 * images as we do. Needs root; scratch space on ext4 under /var/tmp.
 */
public final class KernelMounts {
    private KernelMounts() {}

    public static Path scratch(String prefix) throws IOException {
        Path base = Files.createDirectories(Path.of("/var/tmp/swiftlet-test"));
        return Files.createTempDirectory(base, prefix);
    }

    private static Path mountHelper;

    /**
     * mount(2) of EROFS with the bootstrap FILE as source and {@code device=} options: a file-backed mount.
     * mount(8) would put a loop device under a regular file, and rafs-meta may not call native code, so a
     * three-line C helper is compiled once per test run.
     */
    public static synchronized AutoCloseable mount(Path bootstrap, Path mountpoint, List<Path> devices)
            throws Exception {
        if (mountHelper == null) {
            Path dir = scratch("mount2");
            Path src = dir.resolve("mount2.c");
            Files.writeString(src, """
                    #include <stdio.h>
                    #include <sys/mount.h>
                    int main(int c, char **v) {
                      if (mount(v[1], v[2], "erofs", MS_RDONLY, v[3])) { perror("mount"); return 1; }
                      return 0;
                    }
                    """);
            run("gcc", "-o", dir.resolve("mount2").toString(), src.toString());
            mountHelper = dir.resolve("mount2");
        }
        Files.createDirectories(mountpoint);
        StringBuilder opts = new StringBuilder();
        for (Path d : devices)
            opts.append(opts.isEmpty() ? "" : ",").append("device=").append(d);
        run(mountHelper.toString(), bootstrap.toString(), mountpoint.toString(), opts.toString());
        return () -> run("umount", mountpoint.toString());
    }

    public static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0)
            throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        return out;
    }

    public static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
