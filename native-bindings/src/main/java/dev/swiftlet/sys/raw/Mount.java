// Hand-written in jextract's shape; regenerate with scripts/jextract.sh. Errno is captured (jextract cannot).
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.ValueLayout.*;
import java.lang.invoke.MethodHandle;

/**
 * {@code <sys/mount.h>}: mount(2), umount2(2) and the fs-context calls (fsopen, fsconfig, fsmount, move_mount; glibc
 * 2.36+, Linux 5.2+). Raw layer: results or {@code -errno}.
 */
public final class Mount {
    Mount() {}

    public static long MS_RDONLY() {
        return 1L;
    }

    public static long MS_NOSUID() {
        return 2L;
    }

    public static long MS_NODEV() {
        return 4L;
    }

    public static int MNT_FORCE() {
        return 1;
    }

    public static int MNT_DETACH() {
        return 2;
    }

    public static int UMOUNT_NOFOLLOW() {
        return 8;
    }

    public static int FSOPEN_CLOEXEC() {
        return 1;
    }

    public static int FSCONFIG_SET_FLAG() {
        return 0;
    }

    public static int FSCONFIG_SET_STRING() {
        return 1;
    }

    public static int FSCONFIG_CMD_CREATE() {
        return 6;
    }

    public static int FSMOUNT_CLOEXEC() {
        return 1;
    }

    public static int MOUNT_ATTR_RDONLY() {
        return 1;
    }

    public static int MOVE_MOUNT_F_EMPTY_PATH() {
        return 4;
    }

    private static final class mount {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER);
        static final MemorySegment ADDR = Downcalls.address("mount");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("mount", DESC);
    }

    public static FunctionDescriptor mount$descriptor() {
        return mount.DESC;
    }

    public static MethodHandle mount$handle() {
        return mount.HANDLE;
    }

    public static MemorySegment mount$address() {
        return mount.ADDR;
    }

    /** {@snippet lang=c : int mount(const char *source, const char *target, const char *filesystemtype, unsigned long mountflags, const void *data); } Returns the result, or {@code -errno} on failure. */
    public static int mount(
            MemorySegment source,
            MemorySegment target,
            MemorySegment filesystemtype,
            long mountflags,
            MemorySegment data) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result(
                    (int) mount.HANDLE.invokeExact(state, source, target, filesystemtype, mountflags, data), state);
        } catch (Throwable t) {
            throw new AssertionError("mount downcall failed", t);
        }
    }

    private static final class umount2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("umount2");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("umount2", DESC);
    }

    public static FunctionDescriptor umount2$descriptor() {
        return umount2.DESC;
    }

    public static MethodHandle umount2$handle() {
        return umount2.HANDLE;
    }

    public static MemorySegment umount2$address() {
        return umount2.ADDR;
    }

    /** {@snippet lang=c : int umount2(const char *target, int flags); } Returns the result, or {@code -errno} on failure. */
    public static int umount2(MemorySegment target, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) umount2.HANDLE.invokeExact(state, target, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("umount2 downcall failed", t);
        }
    }

    private static final class fsopen {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fsopen", DESC);
    }

    /** {@snippet lang=c : int fsopen(const char *fsname, unsigned int flags); } Returns the fd, or {@code -errno}. */
    public static int fsopen(MemorySegment fsname, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) fsopen.HANDLE.invokeExact(state, fsname, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("fsopen downcall failed", t);
        }
    }

    private static final class fsconfig {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fsconfig", DESC);
    }

    /**
     * {@snippet lang=c : int fsconfig(int fd, unsigned int cmd, const char *key, const void *value, int aux); }
     * Returns the result, or {@code -errno}.
     */
    public static int fsconfig(int fd, int cmd, MemorySegment key, MemorySegment value, int aux) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) fsconfig.HANDLE.invokeExact(state, fd, cmd, key, value, aux), state);
        } catch (Throwable t) {
            throw new AssertionError("fsconfig downcall failed", t);
        }
    }

    private static final class fsmount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fsmount", DESC);
    }

    /**
     * {@snippet lang=c : int fsmount(int fd, unsigned int flags, unsigned int attr_flags); } Returns the mount fd, or
     * {@code -errno}.
     */
    public static int fsmount(int fd, int flags, int attrFlags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) fsmount.HANDLE.invokeExact(state, fd, flags, attrFlags), state);
        } catch (Throwable t) {
            throw new AssertionError("fsmount downcall failed", t);
        }
    }

    private static final class move_mount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("move_mount", DESC);
    }

    /**
     * {@snippet lang=c : int move_mount(int from_dfd, const char *from_path, int to_dfd, const char *to_path,
     * unsigned int flags); } Returns the result, or {@code -errno}.
     */
    public static int move_mount(int fromDfd, MemorySegment fromPath, int toDfd, MemorySegment toPath, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result(
                    (int) move_mount.HANDLE.invokeExact(state, fromDfd, fromPath, toDfd, toPath, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("move_mount downcall failed", t);
        }
    }
}
