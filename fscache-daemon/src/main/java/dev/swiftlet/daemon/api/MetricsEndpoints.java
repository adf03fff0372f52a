package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.cache.BlobCache;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.FirstReads;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.images.ImageTableException;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.daemon.metrics.PrometheusText;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.StartupFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read-only metrics endpoints: nydusd's file system and blob cache metrics in the shapes nydus-snapshotter
 * parses, Swiftlet's counters, and the Prometheus text. The router picks the endpoint; this class only reads.
 */
final class MetricsEndpoints {
    private final ImageTable images;
    private final DaemonMetrics metrics;

    MetricsEndpoints(ImageTable images, DaemonMetrics metrics) {
        this.images = images;
        this.metrics = metrics;
    }

    /**
     * nydusd's file system metrics: empty {@code id} for the daemon; otherwise an image as {@code PUT /api/v1/config}'s
     * {@code id} names it (the snapshotter sends {@code /SNAPSHOT}), 404 when none is registered (nydusd's NoCounter).
     */
    ApiResponse fs(String id) throws ImageTableException {
        if (!id.isEmpty() && RuntimeConfig.imagesFor(id, images.list()).isEmpty())
            throw ImageTableException.notFound(id);
        return new ApiResponse(200, FsMetricsJson.format(id.startsWith("/") ? id.substring(1) : id, metrics));
    }

    /**
     * {@code id} forms: empty (daemon totals), {@code <domain>/<blobId>} (one blob), or an image with the
     * snapshotter's leading '/' ({@code /<fscacheID>} or {@code /<snapshotID>}: the image's blobs as nydusd's blob
     * cache metrics).
     */
    ApiResponse blobCache(String requested) throws IOException {
        String id = requested.startsWith("/") ? requested.substring(1) : requested;
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", id);
        int slash = id.indexOf('/');
        if (!id.isEmpty() && slash < 0) {
            // the fscache id (the snapshotter's RefreshUnderlyingFiles) or the snapshot id (its metrics collector)
            String imageId = id;
            ImageEntry image = RuntimeConfig.imagesFor(imageId, images.list()).stream()
                    .findFirst()
                    .orElseThrow(() -> ImageTableException.notFound(imageId));
            imageMetrics(n, image);
            return AdminRouter.ok(n);
        }
        if (!id.isEmpty()) {
            BlobEntry b = images.blob(id.substring(0, slash), id.substring(slash + 1))
                    .orElseThrow(() -> ImageTableException.notFound(requested));
            BlobCache cache = b.cacheIfOpen();
            n.put("backend", b.backend().describe());
            n.put("size", b.size());
            n.put("complete", cache != null && cache.isComplete());
            if (cache instanceof FileBlobCache c) {
                n.put("chunks", c.states().chunks());
                n.put("chunks_ready", c.states().readyChunks());
            }
        }
        metrics.snapshot().forEach(n::put);
        return AdminRouter.ok(n);
    }

    /** nydus-snapshotter's BlobCacheMetrics fields; per-blob hit counts are not kept, so they are daemon totals. */
    private void imageMetrics(ObjectNode n, ImageEntry image) {
        var files = n.putArray("underlying_files");
        boolean allReady = true;
        for (BlobEntry b : image.blobs()) {
            files.add(b.blobId());
            BlobCache cache = b.cacheIfOpen();
            allReady &= cache != null && cache.isComplete();
        }
        Map<String, Long> c = metrics.snapshot();
        n.put("store_path", image.spec().bootstrap().toString());
        n.put("partial_hits", 0L);
        n.put("whole_hits", c.getOrDefault("hits", 0L));
        n.put("total", c.getOrDefault("requests", 0L));
        n.put("entries_count", image.blobs().size());
        n.put("prefetch_data_amount", c.getOrDefault("bytes_prefetched", 0L));
        for (String zero : List.of(
                "prefetch_requests_count",
                "prefetch_workers",
                "prefetch_unmerged_chunks",
                "prefetch_cumulative_time_millis",
                "prefetch_begin_time_secs",
                "prefetch_begin_time_millis",
                "prefetch_end_time_secs",
                "prefetch_end_time_millis",
                "buffered_backend_size")) {
            n.put(zero, 0L);
        }
        n.put("data_all_ready", allReady);
    }

    /**
     * {@code GET /api/v1/swiftlet/accessed?id=IMAGE}: the image's files in the order kernel requests first read them
     * (each once; a file counts when a chunk holding its data was read), the list {@code image build} and
     * {@code image convert} take as {@code --prefetch-files}.
     */
    ApiResponse accessed(String id) throws IOException {
        ImageEntry image = RuntimeConfig.imagesFor(id, images.list()).stream()
                .findFirst()
                .orElseThrow(() -> ImageTableException.notFound(id));
        if (image.image().kind() != RafsImage.Kind.RAFS)
            throw ApiException.badRequest("image " + id + " is a raw EROFS image: its blobs hold no chunked files");
        List<long[]> touches = new ArrayList<>(); // {sequence, blob index, chunk}
        for (BlobEntry b : image.blobs()) {
            if (b.cacheIfOpen() instanceof FileBlobCache cache) {
                for (FirstReads.Touch t : cache.firstReads())
                    touches.add(new long[] {t.sequence(), b.info().index(), t.chunk()});
            }
        }
        touches.sort(Comparator.comparingLong(t -> t[0]));
        // the tree is read from the bootstrap file again: a served image keeps only what serving needs
        List<String> files = StartupFiles.of(RafsImage.open(image.spec().bootstrap()))
                .filesOf(touches.stream()
                        .map(t -> new int[] {(int) t[1], (int) t[2]})
                        .toList());
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("id", id);
        var list = n.putArray("files");
        files.forEach(f -> list.add("/" + f));
        return AdminRouter.ok(n);
    }

    /** Swiftlet's counters plus how many images and distinct blobs are registered, in Prometheus text. */
    ApiResponse prometheus() {
        return new ApiResponse(200, PrometheusText.format(counters()), ApiResponse.PROMETHEUS_TEXT, null);
    }

    /** {@code GET /api/v1/swiftlet/stats}: Swiftlet's own counters. */
    ApiResponse stats() {
        return AdminRouter.ok(Json.mapper().valueToTree(metrics.snapshot()));
    }

    private Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>(metrics.snapshot());
        List<ImageEntry> all = images.list();
        m.put("images_registered", (long) all.size());
        m.put(
                "blobs_registered",
                all.stream()
                        .flatMap(i -> i.blobs().stream())
                        .map(BlobEntry::key)
                        .distinct()
                        .count());
        return m;
    }
}
