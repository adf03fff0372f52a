package dev.swiftlet.rafs.image;

import java.nio.file.Path;

/** Names of blob files in a blob directory: the id must be a plain file name, never a path. */
public final class BlobFiles {
    private BlobFiles() {}

    /** {@code dir/id}; rejects ids that could leave {@code dir} ("", ".", "..", "/", NUL). */
    public static Path resolve(Path dir, String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.contains("/") || id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + id + "' is not a valid blob name");
        }
        return dir.resolve(id);
    }
}
