package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.frontend.Culler;
import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops a blob's (or bootstrap's) backing file from the cachefiles cache, as nydusd's {@code cull_cache} does:
 * in every EROFS volume directory, the fan-out directory holding {@code D<id>} is made the process's working
 * directory (the kernel resolves {@code inuse}/{@code cull} names against it), {@code inuse} says whether a
 * mount still uses it (then it is skipped), and {@code cull} moves it to the graveyard. The working directory is
 * process-wide, so culls are serialised and it is restored at once; Swiftlet itself only uses absolute paths.
 */
final class CacheCuller {
    private static final Object CWD_LOCK = new Object();

    private final CachefilesDevice device;
    private final Path cacheDir;

    CacheCuller(CachefilesDevice device, Path cacheDir) {
        this.device = device;
        this.cacheDir = cacheDir;
    }

    /** Culls every backing file of {@code id}; a file in use is left and reported; any other failure is an exception. */
    Culler.Culled cull(String id) throws IOException {
        Path cache = cacheDir.resolve("cache");
        if (!Files.isDirectory(cache)) return new Culler.Culled(0, List.of());
        String name = "D" + id;
        List<String> failures = new ArrayList<>();
        List<String> inUse = new ArrayList<>();
        int culled = 0;
        try (DirectoryStream<Path> volumes = Files.newDirectoryStream(cache, "Ierofs,*")) {
            for (Path volume : volumes) {
                try (DirectoryStream<Path> fans = Files.newDirectoryStream(volume, "@*")) {
                    for (Path fan : fans) {
                        if (!Files.exists(fan.resolve(name))) continue;
                        try {
                            if (cullIn(fan, name)) culled++;
                            else inUse.add(fan.resolve(name).toString());
                        } catch (NativeException e) {
                            failures.add(fan.resolve(name) + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) throw new IOException("cull " + id + " failed: " + String.join("; ", failures));
        return new Culler.Culled(culled, inUse);
    }

    /** Culls one backing file unless the kernel has it open: true when culled, false when in use. */
    boolean cullFile(Path file) throws NativeException {
        return cullIn(file.getParent(), file.getFileName().toString());
    }

    /** True when culled, false when in use. */
    private boolean cullIn(Path dir, String name) throws NativeException {
        synchronized (CWD_LOCK) {
            try (Fd previous = Fd.openDirectory(Path.of("."));
                    Fd target = Fd.openDirectory(dir)) {
                target.makeWorkingDirectory();
                try {
                    try {
                        device.command("inuse " + name);
                    } catch (NativeException e) {
                        if (e.errno() == Errno.EBUSY) return false;
                        throw e;
                    }
                    device.command("cull " + name);
                    return true;
                } finally {
                    previous.makeWorkingDirectory();
                }
            }
        }
    }
}
