package dev.swiftlet.daemon.frontend;

import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.images.BlobEntry;
import java.io.IOException;
import java.util.List;

/**
 * What a blob's prefetch fills first: the pieces of its cache file that hold the files the image's prefetch table
 * names (the files a container's start reads, as {@code image build/convert --prefetch-files} stored them). Fetched
 * whenever an image has such a table, also with whole-blob prefetch off: its builder asked for exactly these, and
 * they are bounded by the list.
 */
public final class StartupPrefetch {
    private static final System.Logger LOG = System.getLogger(StartupPrefetch.class.getName());

    private StartupPrefetch() {}

    /** {offset, length} pieces of at most the policy's fill size, in the table's order; empty without a table. */
    public static List<long[]> pieces(BlobEntry blob, PrefetchPolicy policy) {
        if (blob.info().raw()) return List.of();
        try {
            return blob.image().prefetchPieces(blob.info().index(), policy.fillSize());
        } catch (IOException e) {
            // a bad table loses the head start, nothing else: the files are still read on demand
            LOG.log(System.Logger.Level.WARNING, blob.key() + ": prefetch table unreadable: " + e.getMessage());
            return List.of();
        }
    }
}
