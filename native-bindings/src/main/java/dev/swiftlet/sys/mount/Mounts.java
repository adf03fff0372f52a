package dev.swiftlet.sys.mount;

import static dev.swiftlet.sys.raw.Mount.*;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Mount;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** mount(2) and umount2(2) for EROFS: no helper binary, no loop device. */
public final class Mounts {
    private Mounts() {}

    /**
     * Mounts EROFS read-only. {@code source} is the bootstrap file (file-backed mounts, fanotify path) or
     * "none" (cachefiles path, with {@code fsid=} in the options).
     */
    public static void mountErofs(String source, Path target, String options) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment data = options == null ? MemorySegment.NULL : a.allocateFrom(options);
            int r = Mount.mount(
                    a.allocateFrom(source),
                    a.allocateFrom(target.toString()),
                    a.allocateFrom("erofs"),
                    MS_RDONLY(),
                    data);
            Errno.check(r, "mount(" + source + ", " + target + ", erofs, ro, \"" + options + "\")");
        }
    }

    /** Detaches the mount now and frees it once nothing uses it ({@code umount2(MNT_DETACH)}). */
    public static void detach(Path target) throws NativeException {
        umount(target, MNT_DETACH());
    }

    /** umount2 with {@code flags} (0, {@code MNT_DETACH()}...). */
    public static void umount(Path target, int flags) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            Errno.check(
                    Mount.umount2(a.allocateFrom(target.toString()), flags), "umount2(" + target + ", " + flags + ")");
        }
    }
}
