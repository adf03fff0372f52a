package dev.swiftlet.daemon.realclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.vm.GuestMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The container-start benchmark through the real client, in the test VM (run by {@code benchmarks/real-client-start.sh},
 * never by the test suite: tagged {@value GuestMain#BENCHMARK_TAG}). One application image, two forms in the guest's
 * registry: the Nydus image Swiftlet serves lazily through nydus-snapshotter, and the classic OCI image (one gzip tar
 * layer) that containerd pulls and unpacks in full. Each measurement: a fresh snapshotter, containerd and Swiftlet
 * (started, as a node's services are, before the clock starts), the page cache dropped, a fresh throttling proxy in
 * front of the registry; timed: the CRI pull and {@code ctr run} of the start command, whose output is checked. The
 * two paths alternate in interleaved rounds; the ratio of the medians is the result. Absolute times under software
 * emulation mean little; the ratio, measured side by side, is what RESULTS.md records.
 */
@Tag(GuestMain.BENCHMARK_TAG)
class RealClientStartBenchmark {
    private final Path checkout = Path.of(System.getProperty("swiftlet.repo.root", ".."))
            .toAbsolutePath()
            .normalize();
    /** Made on the host by the script: nydus-oci/, full-oci/ (OCI layouts), start.json (command, expected output). */
    private final Path images = Path.of(System.getProperty("swiftlet.bench.images", "/var/tmp/swiftlet-rc-bench"));

    private final int rounds = Integer.getInteger("swiftlet.bench.rounds", 3);
    private final int warmup = Integer.getInteger("swiftlet.bench.warmup", 1);
    private final String mbit = System.getProperty("swiftlet.bench.mbit", "100");
    private final Path work = Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache"), "rc-bench");

    record Measured(String path, int round, double seconds, long bytesFromRegistry) {}

    @Test
    void lazyStartThroughTheSnapshotterVersusFullPull() throws Exception {
        Path packages = Path.of(System.getProperty("swiftlet.realclient.dir", ""));
        assertThat(packages.resolve("root/usr/bin/containerd-nydus-grpc"))
                .as("the real client (scripts/real-client/fetch.sh)")
                .isExecutable();
        RealClientInVmTest.cgroupsMounted(); // runc needs a cgroup hierarchy; the guest's init mounts none
        List<String> command = Files.readAllLines(images.resolve("start.cmd"));
        String expected = Files.readString(images.resolve("start.expected")).strip();
        StringBuilder report = new StringBuilder();
        List<Measured> all = new ArrayList<>();
        try (LocalRegistry registry =
                LocalRegistry.start(Files.createDirectories(work.resolve("registry")), null, null)) {
            for (String form : List.of("nydus", "full")) {
                RealClientInVmTest.runHere(List.of(
                        "skopeo",
                        "copy",
                        "--quiet",
                        "--dest-tls-verify=false",
                        "oci:" + images.resolve(form + "-oci") + ":latest",
                        "docker://" + registry.host() + "/" + form + ":latest"));
            }
            line(
                    report,
                    "images pushed to the guest's registry; link " + mbit + " Mbit/s; " + warmup + " warm-up and "
                            + rounds + " counted rounds, the order of the paths alternating");
            for (int r = 0; r < warmup + rounds; r++) {
                List<String> order = r % 2 == 0 ? List.of("lazy", "full") : List.of("full", "lazy");
                for (String path : order) {
                    Measured m = measure(registry, path, r, command, expected);
                    line(
                            report,
                            (r < warmup ? "warm-up" : "round " + (r - warmup + 1)) + ", " + path + ": "
                                    + String.format(
                                            Locale.ROOT,
                                            "%.2f s, %d bytes from the registry",
                                            m.seconds(),
                                            m.bytesFromRegistry()));
                    if (r >= warmup) all.add(m);
                }
            }
        }
        double lazy = median(all, "lazy"), full = median(all, "full");
        line(
                report,
                String.format(
                        Locale.ROOT,
                        "| link | full pull + run s | lazy (Swiftlet via nydus-snapshotter) s | **lazy/full** |%n"
                                + "|---|---|---|---|%n| %s Mbit/s | %.2f | %.2f | **%.2fx** |",
                        mbit,
                        full,
                        lazy,
                        lazy / full));
        Path out = Path.of(System.getProperty("swiftlet.vm.share", "/mnt/share"), "out", "real-client-start.txt");
        Files.writeString(out, report);
    }

    private Measured measure(LocalRegistry registry, String path, int round, List<String> command, String expected)
            throws Exception {
        Path state = work.resolve(path + "-" + round);
        Path counts = state.resolve("proxy.json");
        Files.createDirectories(state);
        int port = freePort();
        Process proxy = new ProcessBuilder(
                        "python3",
                        images.resolve("throttle-proxy.py").toString(),
                        String.valueOf(port),
                        registry.host(),
                        mbit,
                        counts.toString())
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("proxy.log").toFile())
                .start();
        RealClient client = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(counts) && proxy.isAlive() && System.nanoTime() < deadline)
                Thread.sleep(50); // its start
            assertThat(counts).as("the throttling proxy started").exists();
            String host = "127.0.0.1:" + port;
            client = new RealClient(
                    checkout,
                    Path.of(System.getProperty("swiftlet.realclient.dir")),
                    state.resolve("client"),
                    "restart",
                    host,
                    Files.readString(checkout.resolve("scripts/real-client/nydusd-config.fscache.json")));
            client.startSnapshotter();
            client.startContainerd();
            RealClientInVmTest.awaitRunning(new AdminClient(client.apiSocket()));
            RealClientInVmTest.runHere(List.of("sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches"));
            String ref = host + "/" + (path.equals("lazy") ? "nydus" : "full") + ":latest";
            List<String> ctr = new ArrayList<>(
                    List.of("run", "--rm", "--snapshotter", "nydus", ref, "bench-" + path + "-" + round));
            ctr.addAll(command);
            long t0 = System.nanoTime();
            client.cri("pull", ref);
            String printed = client.ctr(ctr.toArray(String[]::new)).strip();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(printed).as(path + ": the start command's output").isEqualTo(expected);
            proxy.destroy();
            proxy.waitFor(30, TimeUnit.SECONDS);
            return new Measured(path, round, seconds, downBytes(counts));
        } finally {
            proxy.destroyForcibly();
            if (client != null) client.close();
            deleteTree(state); // an unpacked tree per full pull: the guest's disk holds a few, not every round's
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** Bytes the proxy passed from the registry to its clients (its counts file, rewritten as it exits). */
    private static long downBytes(Path counts) throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(counts.toFile())
                .path("down")
                .asLong();
    }

    private static double median(List<Measured> all, String path) {
        double[] v = all.stream()
                .filter(m -> m.path().equals(path))
                .mapToDouble(Measured::seconds)
                .sorted()
                .toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static int freePort() throws IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void line(StringBuilder report, String text) {
        System.out.println("[bench] " + text);
        report.append(text).append('\n');
    }
}
