package dev.swiftlet.daemon.cache;

import java.io.IOException;

/**
 * Finds what a sparse cache file already holds, so a restarted daemon does not fetch it again
 * (lseek SEEK_DATA / SEEK_HOLE on the cache file or on an fd that reaches it).
 */
public interface HoleProbe {
    /** First offset at or after {@code offset} that holds data, or -1 when there is none (ENXIO). */
    long nextData(long offset) throws IOException;

    /** First offset at or after {@code offset} inside a hole (the file size counts as a hole). */
    long nextHole(long offset) throws IOException;
}
