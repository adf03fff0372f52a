package dev.swiftlet.rafs.build;

import java.nio.file.Path;
import java.util.Map;

/**
 * One entry of a source tree, whatever it came from (directory or tar). {@code path} is relative to the
 * tree root, '/'-separated, without a leading "./" or "/" ("" is the root itself).
 *
 * @param linkTarget symlink target, or for {@link Type#HARDLINK} the path of the entry it links to
 * @param content where a regular file's bytes are ({@code file} at {@code offset}), null otherwise
 */
public record SourceEntry(
        String path,
        Type type,
        int permissions,
        long uid,
        long gid,
        long mtimeSeconds,
        int mtimeNanos,
        long size,
        String linkTarget,
        int devMajor,
        int devMinor,
        Map<String, byte[]> xattrs,
        Content content) {
    public enum Type {
        REGULAR,
        DIRECTORY,
        SYMLINK,
        HARDLINK,
        CHAR_DEVICE,
        BLOCK_DEVICE,
        FIFO,
        SOCKET
    }

    /** {@code length} bytes of {@code file} starting at {@code offset}. */
    public record Content(Path file, long offset) {}
}
