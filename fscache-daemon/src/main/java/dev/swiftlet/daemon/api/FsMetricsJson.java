package dev.swiftlet.daemon.api;

import dev.swiftlet.daemon.metrics.DaemonMetrics;

/**
 * nydusd's file system metrics ({@code GET /api/v1/metrics}, its {@code FsIoStats}), which nydus-snapshotter's system
 * controller asks every daemon for: {@code data_read} is the bytes the kernel asked for; {@code block_count_read} and
 * {@code read_latency_dist} count kernel requests in nydusd's size and latency classes; the per-operation arrays have
 * nydusd's fifteen FUSE operations, of which a kernel request of Swiftlet's is a {@code read}. The counters are the
 * daemon's: Swiftlet keeps none per image.
 */
final class FsMetricsJson {
    /** nydusd's {@code StatsFop}: getattr, readlink, open, release, read, …, batch forget. */
    private static final int FOPS = 15;

    private static final int READ = 4;

    private FsMetricsJson() {}

    static String format(String id, DaemonMetrics m) {
        long requests = m.requests.sum();
        return Json.write(g -> {
            g.writeStartObject();
            g.writeBooleanField("files_account_enabled", false);
            g.writeBooleanField("access_pattern_enabled", false);
            g.writeBooleanField("measure_latency", true);
            g.writeStringField("id", id);
            g.writeNumberField("data_read", m.bytesServed.sum());
            g.writeFieldName("block_count_read");
            long[] sizes = m.readSizes.counts();
            g.writeArray(sizes, 0, sizes.length);
            g.writeFieldName("fop_hits");
            g.writeArray(readOnly(requests - m.failures.sum()), 0, FOPS);
            g.writeFieldName("fop_errors");
            g.writeArray(readOnly(m.failures.sum()), 0, FOPS);
            g.writeFieldName("fop_cumulative_latency_total");
            g.writeArray(readOnly(m.latencyMicrosTotal.sum()), 0, FOPS);
            g.writeFieldName("read_latency_dist");
            long[] latencies = m.readLatencies.counts();
            g.writeArray(latencies, 0, latencies.length);
            g.writeNumberField("nr_opens", Math.max(0, m.opens.sum() - m.closes.sum()));
            g.writeEndObject();
        });
    }

    private static long[] readOnly(long value) {
        long[] fops = new long[FOPS];
        fops[READ] = Math.max(0, value);
        return fops;
    }
}
