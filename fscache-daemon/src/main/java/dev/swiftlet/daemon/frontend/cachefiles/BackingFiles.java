package dev.swiftlet.daemon.frontend.cachefiles;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the kernel's backing file of a data blob in the cachefiles cache directory, so a restarted daemon can
 * see which chunks it already holds. cachefiles names them {@code cache/I<volume key>/@<fan-out>/D<cookie key>}
 * for printable keys; EROFS uses volume key {@code erofs,<domain or fsid>} and the blob id as cookie key.
 * A file that cannot be found just means nothing is restored.
 */
final class BackingFiles {
    private final Path cacheDir;

    BackingFiles(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The backing file of {@code blobId} in {@code domain}, or null. Ids were checked at registration. */
    Path find(String domain, String blobId) {
        Path volume = cacheDir.resolve("cache").resolve("Ierofs," + domain);
        if (!Files.isDirectory(volume)) return null;
        try (DirectoryStream<Path> fans = Files.newDirectoryStream(volume, "@*")) {
            for (Path fan : fans) {
                Path candidate = fan.resolve("D" + blobId);
                if (Files.isRegularFile(candidate)) return candidate;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
