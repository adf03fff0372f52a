package dev.swiftlet.bench.plot;

import dev.swiftlet.bench.plot.BarFigure.Marker;
import dev.swiftlet.bench.plot.BarFigure.Series;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The figures of RESULTS.md, each tied to the table a benchmark script writes (the column headers named here are
 * those scripts' headers: change both together). Ratios rather than MiB/s where runs differ in kind (host vs VM).
 */
final class Figures {
    private Figures() {}

    private static final Pattern ALL = Pattern.compile(".");

    static List<Figure> all() {
        return List.of(
                new BarFigure(
                        "read-throughput.png",
                        "Cold and warm reads as a fraction of a direct mount, per front end",
                        "Sequential read through the daemon vs the same image on local files (direct = 1)",
                        "throughput / direct",
                        "Read throughput (",
                        Pattern.compile("^front end$"),
                        "%s",
                        ALL,
                        List.of(
                                Series.of("cold / direct", "^cold/direct$"),
                                Series.of("warm / direct", "^warm/direct$")),
                        new Marker(1.0, "direct"),
                        false),
                new BarFigure(
                        "container-start.png",
                        "Container start, lazy (Swiftlet) vs full pull, per bandwidth",
                        "Container start: wall time to the app's output (median)",
                        "seconds",
                        "Container start",
                        Pattern.compile("^link$"),
                        "%s",
                        ALL,
                        List.of(Series.of("full pull", "^full pull s"), Series.of("Swiftlet lazy", "^lazy s")),
                        null,
                        false),
                new BarFigure(
                        "scale-throughput.png",
                        "Aggregate throughput of concurrent cold readers with 50 images mounted",
                        "Concurrent readers over many mounted images",
                        "aggregate MiB/s",
                        "Scale",
                        Pattern.compile("^readers$"),
                        "%s concurrent readers",
                        ALL,
                        List.of(
                                Series.of("direct (local files)", "^direct MiB/s$"),
                                Series.of("cold, through the daemon", "^cold MiB/s$")),
                        null,
                        false),
                new BarFigure(
                        "scale-latency.png",
                        "Daemon request latency with concurrent readers (p50, p99)",
                        "Daemon request latency, arrival to answer (log scale)",
                        "microseconds",
                        "Scale",
                        Pattern.compile("^readers$"),
                        "%s concurrent cold readers",
                        ALL,
                        List.of(Series.of("p50", "^request p50 us$"), Series.of("p99", "^request p99 us$")),
                        null,
                        true),
                new BarFigure(
                        "scale-memory.png",
                        "Daemon memory after mounting and after reading",
                        "Daemon memory (/proc/PID/status)",
                        "MiB",
                        "Scale",
                        Pattern.compile("^daemon"),
                        "%s",
                        ALL,
                        List.of(Series.of("VmRSS", "^VmRSS MiB$"), Series.of("VmHWM", "^VmHWM MiB$")),
                        null,
                        false),
                new BarFigure(
                        "startup.png",
                        "Daemon start-up to RUNNING per class-data set-up, against the snapshotter's 2 s",
                        "scripts/nydusd singleton: exec to RUNNING (median)",
                        "milliseconds",
                        "Daemon start-up",
                        Pattern.compile("^class data$"),
                        "%s",
                        ALL,
                        List.of(
                                Series.of("exec to socket", "^exec to socket ms$"),
                                Series.of("exec to RUNNING", "^exec to RUNNING ms$"),
                                Series.of("CPU time at RUNNING", "^CPU ms at RUNNING answered$")),
                        new Marker(2000, "snapshotter's 2 s wait for RUNNING"),
                        false),
                new BarFigure(
                        "jmh-decode-verify.png",
                        "Decompress + verify one 1 MiB chunk (JMH), per compressor and digest",
                        "Decompress + verify one 1 MiB chunk (JMH average time)",
                        "microseconds per chunk",
                        "Hot-path microbenchmarks (JMH)",
                        Pattern.compile("^parameters$"),
                        "%s",
                        Pattern.compile("DecodeVerify"),
                        List.of(Series.of("decode + verify", "^score$")),
                        null,
                        false));
    }
}
