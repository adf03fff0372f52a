package dev.swiftlet.daemon.cache;

import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What files hold on disk, measured by their data extents (lseek SEEK_DATA/SEEK_HOLE, which raise no fanotify
 * event): what {@code st_blocks} counts, less the file system's own extent metadata (none for a few extents, a block
 * per few hundred beyond; the low-water mark leaves room for it).
 */
public final class AllocatedBytes {
    private AllocatedBytes() {}

    /** The data bytes of {@code file}; 0 when it is gone. */
    public static long of(Path file) throws IOException {
        try (Fd fd = Fd.openForReading(file)) {
            long total = 0, pos = 0;
            while (true) {
                long data = fd.seekData(pos);
                if (data < 0) return total;
                long hole = fd.seekHole(data);
                if (hole <= data) return total;
                total += hole - data;
                pos = hole;
            }
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || !Files.exists(file)) return 0; // deleted meanwhile
            throw e;
        }
    }

    /** The data bytes of every regular file under {@code dir}. */
    public static long under(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) total += of(p);
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) throw e.getCause(); // a file culled while walking: fine
        }
        return total;
    }
}
