package dev.swiftlet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.image.ImageDataReader;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Cold and warm sequential reads of one large file through the daemon vs. the same image mounted directly from
 * fully local files, side by side in one run, interleaved rounds. Direct: the blob unpacked to an uncompressed
 * file and the bootstrap mounted file-backed with {@code device=} (no daemon: the limit). Cold: a fresh daemon
 * with an empty cache directory, page cache dropped; warm: page cache dropped again, the same mount re-read from
 * the now complete cache file. Every read's sha256 is checked against the source. Root only.
 *
 * <p>The first {@code --warmup} rounds are run the same way but not counted: they include the JIT compiling the
 * daemon's fill path (decode, verify), a one-time cost of a long-running daemon that under emulation takes
 * whole rounds.
 *
 * <p>usage: {@code ReadThroughput --frontend fanotify|cachefiles --work DIR [--size-mib 256] [--rounds 3]
 * [--warmup 1]}
 */
public final class ReadThroughput {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1 << 20;

    private final DaemonConfig.FrontEndKind frontEnd;
    private final Path work;
    private final int sizeMib;
    private final int rounds;
    private final int warmup;
    /** With {@code --registry}: the image is also pushed to a local docker-registry and read cold from there. */
    private final boolean registryToo;
    private dev.swiftlet.fetch.registry.LocalRegistry registry;
    private final Map<String, List<Double>> mibPerSecond = new LinkedHashMap<>();
    private String expectedSha;
    private Path bootstrap;
    private Path blobDir;
    private String blobId;
    private JsonNode lastStats;

    ReadThroughput(DaemonConfig.FrontEndKind frontEnd, Path work, int sizeMib, int rounds, int warmup, boolean registryToo) {
        this.registryToo = registryToo;
        this.frontEnd = frontEnd;
        this.work = work;
        this.sizeMib = sizeMib;
        this.rounds = rounds;
        this.warmup = warmup;
    }

    public static void main(String[] args) throws Exception {
        String fe = "fanotify";
        Path work = Path.of("/var/tmp/swiftlet-read-bench");
        int size = 256, rounds = 3, warmup = 1;
        boolean registry = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--frontend" -> fe = args[++i];
                case "--work" -> work = Path.of(args[++i]);
                case "--size-mib" -> size = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--registry" -> registry = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.exit(new ReadThroughput(DaemonConfig.FrontEndKind.valueOf(fe.toUpperCase(Locale.ROOT)), work, size, rounds,
                warmup, registry).run());
    }

    int run() throws Exception {
        deleteTree(work);
        Files.createDirectories(work);
        prepareImage();
        Path direct = work.resolve("direct.blob");
        try (ImageDataReader reader = ImageDataReader.fromBlobDir(RafsImage.open(bootstrap), blobDir)) {
            reader.unpackBlob(0, direct);
        }
        for (int round = 1 - warmup; round <= rounds; round++) {
            double directSpeed = readDirect(direct);
            double[] daemon = readThroughDaemon(round + warmup);
            double fromRegistry = registryToo ? readThroughDaemon(round + warmup, true)[0] : 0;
            if (registryToo) System.out.printf(Locale.ROOT, "  cold from the registry %.1f MiB/s%n", fromRegistry);
            String label = round < 1 ? "warm-up (not counted)" : "round " + round;
            System.out.printf(Locale.ROOT, "%s: direct %.1f MiB/s, cold %.1f MiB/s, warm %.1f MiB/s%n", label,
                    directSpeed, daemon[0], daemon[1]);
            if (round < 1) continue;
            record("direct", directSpeed);
            record("cold", daemon[0]);
            record("warm", daemon[1]);
            if (registryToo) record("registry", fromRegistry);
        }
        double d = median("direct"), c = median("cold"), w = median("warm");
        System.out.printf(Locale.ROOT, "%n| front end | file | direct MiB/s | cold MiB/s | warm MiB/s | cold/direct | warm/direct |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| %s | %d MiB | %.1f | %.1f | %.1f | **%.2fx** | **%.2fx** |%n",
                frontEnd.name().toLowerCase(Locale.ROOT), sizeMib, d, c, w, c / d, w / d);
        if (registryToo) {
            double g = median("registry");
            System.out.printf(Locale.ROOT, "%n| cold read of a %d MiB file | localfs backend MiB/s | registry backend MiB/s | registry/localfs |%n", sizeMib);
            System.out.printf(Locale.ROOT, "|---|---|---|---|%n");
            System.out.printf(Locale.ROOT, "| %s front end | %.1f | %.1f | **%.2fx** |%n", frontEnd.name().toLowerCase(Locale.ROOT), c, g, g / c);
            registry.close();
        }
        System.out.printf("(medians of %d interleaved rounds after %d warm-up round(s); every read's sha256 matched the source)%n",
                rounds, warmup);
        System.out.printf("daemon counters of the last cold+warm round: %s%n", lastStats);
        return 0;
    }

    /** One file of realistic, partly compressible bytes (a third random, the rest text-like) plus a small one. */
    private void prepareImage() throws Exception {
        Path src = Files.createDirectories(work.resolve("src"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(7);
        String words = "lazy loading container images with erofs over fscache and fanotify pre-content hooks ";
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(src.resolve("big.bin"))) {
            for (int m = 0; m < sizeMib; m++) {
                for (int i = 0; i < MIB; i += 4096) {
                    if ((i / 4096 + m) % 3 == 0) {
                        for (int j = i; j < i + 4096; j++) block[j] = (byte) random.nextInt();
                    } else {
                        int shift = random.nextInt(words.length());
                        for (int j = i; j < i + 4096; j++) block[j] = (byte) words.charAt((j + shift) % words.length());
                    }
                }
                out.write(block);
                sha.update(block);
            }
        }
        expectedSha = HexFormat.of().formatHex(sha.digest());
        Files.writeString(src.resolve("small.txt"), "hello\n");
        BuildResult r;
        if (registryToo) { // the builder's defaults (zstd, blake3, 1 MiB chunks), pushed with skopeo
            registry = dev.swiftlet.fetch.registry.LocalRegistry.start(work.resolve("registry"), null, null);
            r = registry.push(src, work, "bench");
        } else {
            r = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, MIB, null)).build(src, work.resolve("img"), null);
        }
        bootstrap = r.bootstrap();
        blobDir = work.resolve("img/blobs");
        blobId = r.blobId();
        System.out.printf(Locale.ROOT, "image: %d MiB file, blob %s: %.1f MiB stored%n", sizeMib, blobId.substring(0, 12),
                Files.size(blobDir.resolve(blobId)) / (double) MIB);
    }

    private double readDirect(Path directBlob) throws Exception {
        Path mnt = Files.createDirectories(work.resolve("mnt-direct"));
        Mounts.mountErofs(bootstrap.toString(), mnt, "device=" + directBlob);
        try {
            dropCaches();
            return timedRead(mnt.resolve("big.bin"));
        } finally {
            Mounts.umount(mnt, 0);
        }
    }

    /** A fresh daemon and cache directory: {cold MiB/s, warm MiB/s}. */
    private double[] readThroughDaemon(int round) throws Exception {
        return readThroughDaemon(round, false);
    }

    /** {cold, warm} MiB/s through a fresh daemon whose blobs come from localfs or from the registry. */
    private double[] readThroughDaemon(int round, boolean fromRegistry) throws Exception {
        String tag = (fromRegistry ? "r" : "l") + round;
        Path cache = work.resolve("cache-" + tag);
        Path sock = work.resolve("api-" + tag + ".sock");
        Path mnt = Files.createDirectories(work.resolve("mnt-daemon"));
        try (Daemon daemon = new Daemon(new DaemonConfig(frontEnd, cache, sock, 8, "bench" + tag, "bench"))) {
            daemon.start();
            AdminClient client = new AdminClient(sock);
            ObjectNode req = JSON.createObjectNode();
            req.put("type", "bootstrap");
            req.put("id", "bench" + tag);
            ObjectNode cfg = req.putObject("config");
            if (fromRegistry) {
                cfg.put("backend_type", "registry");
                cfg.putObject("backend_config").put("scheme", "http").put("host", registry.host()).put("repo", "bench");
            } else {
                cfg.put("backend_type", "localfs");
                cfg.putObject("backend_config").put("dir", blobDir.toString());
            }
            cfg.put("metadata_path", bootstrap.toString());
            ApiResponse r = client.request("POST", "/api/v1/swiftlet/mounts", req.toString());
            if (!r.ok()) throw new IOException("register: " + r.body());
            JsonNode plan = JSON.readTree(r.body());
            Mounts.mountErofs(plan.path("source").asText(), mnt, plan.path("options").asText());
            try {
                dropCaches();
                double cold = timedRead(mnt.resolve("big.bin"));
                dropCaches();
                double warm = timedRead(mnt.resolve("big.bin"));
                lastStats = JSON.readTree(client.request("GET", "/api/v1/swiftlet/stats", null).body());
                return new double[] {cold, warm};
            } finally {
                Mounts.umount(mnt, 0);
            }
        } finally {
            deleteTree(cache);
        }
    }

    /** Reads the whole file in 1 MiB requests into memory (timed), then checks its sha256 (not timed). */
    private double timedRead(Path file) throws Exception {
        byte[] all = new byte[sizeMib * MIB];
        long began = System.nanoTime();
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (n < all.length) {
                int r = in.read(all, n, Math.min(MIB, all.length - n));
                if (r < 0) break;
                n += r;
            }
        }
        long nanos = System.nanoTime() - began;
        if (n != all.length) throw new IOException(file + ": read " + n + " of " + all.length + " bytes");
        String got = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(all));
        if (!got.equals(expectedSha)) throw new IOException(file + ": sha256 " + got + " != source " + expectedSha);
        return all.length / (double) MIB / (nanos / 1e9);
    }

    /** Writes back dirty pages first (drop_caches keeps them), so no writeback runs under the next timed read. */
    private static void dropCaches() throws IOException, InterruptedException {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    private void record(String mode, double v) {
        mibPerSecond.computeIfAbsent(mode, k -> new ArrayList<>()).add(v);
    }

    private double median(String mode) {
        List<Double> l = new ArrayList<>(mibPerSecond.get(mode));
        l.sort(null);
        int n = l.size();
        return n % 2 == 1 ? l.get(n / 2) : (l.get(n / 2 - 1) + l.get(n / 2)) / 2;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
