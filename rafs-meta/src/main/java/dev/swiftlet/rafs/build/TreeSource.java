package dev.swiftlet.rafs.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A tree to build an image from: a directory, or a tar (plain or gzip). */
public interface TreeSource extends AutoCloseable {
    /** Every entry, parents not necessarily first; the root may be absent (it is then implied). */
    List<SourceEntry> entries() throws IOException;

    @Override
    void close() throws IOException;

    /** A directory as a tree, or a tar file (gzip detected by its magic). */
    static TreeSource open(Path src) throws IOException {
        if (Files.isDirectory(src)) return new DirectorySource(src);
        if (Files.isRegularFile(src)) return TarSource.open(src);
        throw new IOException(src + " is neither a directory nor a tar file");
    }
}
