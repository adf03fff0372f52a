package dev.swiftlet.sys.mount;

import static dev.swiftlet.sys.raw.Mount.*;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.Mount;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/** mount(2) and umount2(2) for EROFS: no helper binary, no loop device. */
public final class Mounts {
    private Mounts() {}

    /**
     * What mount(2) carries of its options: one page, the terminating NUL included (copy_mount_options); longer ones
     * would reach the file system cut short.
     */
    static final int MOUNT_DATA_MAX = 4096;

    /**
     * Mounts EROFS read-only. {@code source} is the bootstrap file (file-backed mounts, fanotify path) or
     * "none" (cachefiles path, with {@code fsid=} in the options). Options longer than mount(2) carries (an image
     * with dozens of blobs names each cache file in a {@code device=}) go one by one through a file-system context.
     */
    public static void mountErofs(String source, Path target, String options) throws NativeException {
        if (options != null && options.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= MOUNT_DATA_MAX) {
            mountErofsByContext(source, target, options);
            return;
        }
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

    /** fsopen, one fsconfig per option ({@code key=value} or a flag), create, fsmount read-only, move_mount. */
    static void mountErofsByContext(String source, Path target, String options) throws NativeException {
        try (Arena a = Arena.ofConfined();
                Fd context = Fd.adopt(
                        Errno.check(Mount.fsopen(a.allocateFrom("erofs"), FSOPEN_CLOEXEC()), "fsopen(erofs)"))) {
            int fd = context.intValue();
            setString(a, fd, "source", source);
            Errno.check(
                    Mount.fsconfig(fd, FSCONFIG_SET_FLAG(), a.allocateFrom("ro"), MemorySegment.NULL, 0),
                    "fsconfig(erofs, ro)");
            String[] each = options.split(",");
            for (String option : each) {
                if (option.isEmpty()) continue;
                int eq = option.indexOf('=');
                if (eq < 0) {
                    Errno.check(
                            Mount.fsconfig(fd, FSCONFIG_SET_FLAG(), a.allocateFrom(option), MemorySegment.NULL, 0),
                            "fsconfig(erofs, " + option + ")");
                } else {
                    setString(a, fd, option.substring(0, eq), option.substring(eq + 1));
                }
            }
            Errno.check(
                    Mount.fsconfig(fd, FSCONFIG_CMD_CREATE(), MemorySegment.NULL, MemorySegment.NULL, 0),
                    "fsconfig(erofs, create) for " + source + " with " + each.length + " options");
            try (Fd mount = Fd.adopt(
                    Errno.check(Mount.fsmount(fd, FSMOUNT_CLOEXEC(), MOUNT_ATTR_RDONLY()), "fsmount(erofs, ro)"))) {
                Errno.check(
                        Mount.move_mount(
                                mount.intValue(),
                                a.allocateFrom(""),
                                Libc.AT_FDCWD(),
                                a.allocateFrom(target.toString()),
                                MOVE_MOUNT_F_EMPTY_PATH()),
                        "move_mount(erofs, " + target + ")");
            }
        }
    }

    private static void setString(Arena a, int fd, String key, String value) throws NativeException {
        Errno.check(
                Mount.fsconfig(fd, FSCONFIG_SET_STRING(), a.allocateFrom(key), a.allocateFrom(value), 0),
                "fsconfig(erofs, " + key + "=" + value + ")");
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
