package dev.swiftlet.rafs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory tree as path → what it holds: a regular file's SHA-256, a symlink's {@code ->target}, {@code dir}.
 * Equal maps for a source tree and a mount of its image mean every name and every byte came through.
 */
public final class TreeDigests {
    private TreeDigests() {}

    public static Map<String, String> of(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) out.put(rel, "->" + Files.readSymbolicLink(p));
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) out.put(rel, Sha256.hex(p));
                else out.put(rel, "dir");
            }
        }
        return out;
    }

    /** Regular files only: path → SHA-256. */
    public static Map<String, String> ofFiles(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    out.put(dir.relativize(p).toString(), Sha256.hex(p));
            }
        }
        return out;
    }
}
