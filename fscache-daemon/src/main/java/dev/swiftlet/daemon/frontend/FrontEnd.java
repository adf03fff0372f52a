package dev.swiftlet.daemon.frontend;

import dev.swiftlet.daemon.cache.CacheSpace;
import java.io.IOException;

/**
 * A kernel front end: the loop that receives the kernel's requests for missing data (cachefiles READs or
 * fanotify pre-content events), has the blob caches fill them, and answers every request exactly once.
 * Implementations: {@code CachefilesFrontEnd}, {@code FanotifyFrontEnd}.
 */
public interface FrontEnd extends AutoCloseable {
    /** Short name for logs and the API ("cachefiles", "fanotify"). */
    String name();

    /** Serves requests until {@link #close()} is called; returns normally then. */
    void serve() throws IOException;

    /** The cache directory as {@code --cache-size}'s evictor sees it; null when this front end keeps none to bound. */
    default CacheSpace cacheSpace() throws IOException {
        return null;
    }

    /** Stops serving; idempotent. In-flight requests still get their answers. */
    @Override
    void close();
}
