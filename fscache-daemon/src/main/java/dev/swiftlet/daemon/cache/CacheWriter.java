package dev.swiftlet.daemon.cache;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a fill writes the bytes it fetched: a cachefiles anonymous fd, a fanotify event's own fd, or a
 * plain file. The front end chooses, because each kernel path only accepts writes through its own fd
 * (cachefiles: the object's anon fd, O_DIRECT; fanotify: the event fd, else the write raises an event).
 */
public interface CacheWriter {
    /**
     * Writes all of {@code data} at {@code offset}. Callers guarantee O_DIRECT rules: {@code offset} and
     * {@code data.remaining()} are multiples of 4096 and {@code data} is a page-aligned direct buffer.
     */
    void write(long offset, ByteBuffer data) throws IOException;
}
