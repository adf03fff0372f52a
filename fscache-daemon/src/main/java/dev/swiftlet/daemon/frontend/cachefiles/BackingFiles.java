package dev.swiftlet.daemon.frontend.cachefiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the kernel's backing file of a data blob in the cachefiles cache directory, so a restarted daemon can
 * see which chunks it already holds. cachefiles keeps objects under {@code cache/}, one directory per volume
 * (EROFS volume key {@code erofs,<domain or fsid>}), fanned out into subdirectories, with the cookie key (the blob
 * id) as the file name after a one-letter type prefix. The exact encoding is the kernel's business, so the search
 * only relies on that: a file named {@code <letter><blobId>} below a directory whose name holds the volume key.
 * Not finding it just means nothing is restored (the kernel still only asks for holes).
 */
final class BackingFiles {
    /** volume dir / fan-out dir / file, plus slack for layouts with one more level */
    private static final int MAX_DEPTH = 5;

    private final Path cacheDir;

    BackingFiles(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The backing file of {@code blobId} in {@code domain}, or null. Ids were checked at registration. */
    Path find(String domain, String blobId) {
        Path root = cacheDir.resolve("cache");
        if (!Files.isDirectory(root)) return null;
        String volume = "erofs," + domain;
        try (Stream<Path> files = Files.find(
                root,
                MAX_DEPTH,
                (p, attrs) -> attrs.isRegularFile()
                        && p.getFileName().toString().length() == blobId.length() + 1
                        && p.getFileName().toString().endsWith(blobId))) {
            return files.filter(p -> underVolume(root, p, volume)).findFirst().orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private static boolean underVolume(Path root, Path file, String volume) {
        for (Path dir = file.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            String name = dir.getFileName().toString();
            if (name.length() == volume.length() + 1 && name.endsWith(volume)) return true;
        }
        return false;
    }
}
