package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.PlainName;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Names of blob files in a blob directory: the id must be a plain file name, never a path. */
public final class BlobFiles {
    private BlobFiles() {}

    /** {@code dir/id}; an id that is not a {@link PlainName} (one that could leave {@code dir}) is refused. */
    public static Path resolve(Path dir, String id) {
        return dir.resolve(PlainName.check("blob name", id));
    }

    /** Opens a blob file for reading; a missing file is a NoSuchFileException that says which blob it is. */
    public static FileChannel open(Path file, BlobInfo blob) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(
                    file.toString(), null, "blob " + blob.index() + " ('" + blob.id() + "') is missing");
        }
    }
}
