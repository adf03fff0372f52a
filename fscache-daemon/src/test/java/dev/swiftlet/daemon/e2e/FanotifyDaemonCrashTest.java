package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.KernelWaits;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import dev.swiftlet.sys.fanotify.PreAccessEvent;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety of the fanotify front end: the daemon runs under {@code swiftlet keeper} (both real processes) and
 * is SIGKILLed while a reader is blocked on an event the daemon holds mid-fill; more files are read while no daemon
 * runs. Every read must complete with the source tree's bytes (each piece is compared as it is read, not only the
 * final digest), readers must wait rather than complete while no daemon runs, and the successor must have answered
 * the dead daemon's journaled event by its fd number.
 *
 * <p>To kill the daemon with a fill certainly in flight, the test holds the daemon's backend: it marks the source
 * blob file with a pre-content group of its own and stops answering the daemon's reads of it on cue (a localfs
 * backend that hangs). Needs root and Linux 6.14+ with ext4 under /var/tmp.
 */
class FanotifyDaemonCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESUMED =
            Pattern.compile("journaled events: (\\d+) answered ALLOW, (\\d+) answered EIO");
    private Path dir;
    private Path mnt;
    private Process keeper;
    private BackendGate gate;
    private boolean mounted;
    /** One platform thread per reader: the common pool has a single thread on two cores, and readers block. */
    private final java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("these tests need root (mount, fanotify)")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-crash-");
        mnt = Files.createDirectories(dir.resolve("mnt"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (Files.exists(dir.resolve("keeper.log"))) {
            Files.copy(
                    dir.resolve("keeper.log"),
                    Path.of("target/FanotifyDaemonCrashTest-keeper.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (gate != null) gate.release(); // never leave the daemon's backend hanging
        readers.shutdownNow();
        if (mounted) {
            try {
                Mounts.umount(mnt, 0);
            } catch (IOException busy) { // a reader still waits: lazy detach, the keeper's stop below ends the waits
                Mounts.detach(mnt);
            }
        }
        if (keeper != null) {
            keeper.destroy(); // SIGTERM: the keeper stops its daemon, then closes the group
            if (!keeper.waitFor(20, TimeUnit.SECONDS)) keeper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (gate != null) gate.close();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    @Test
    void sigkillMidReadLetsNoReaderSeeAHoleAndTheSuccessorFinishesEveryRead() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Random random = new Random(5);
        files.put("big.bin", bytes(random, 32 << 20));
        for (int i = 1; i <= 6; i++) files.put("f" + i + ".bin", bytes(random, (2 << 20) + 777 * i));
        for (int i = 1; i <= 4; i++) files.put("g" + i + ".bin", bytes(random, (4 << 20) + 999 * i)); // phase 5
        files.put("small.txt", "small file, read while no daemon runs\n".getBytes(StandardCharsets.UTF_8));
        Path src = Files.createDirectories(dir.resolve("src"));
        for (var f : files.entrySet()) Files.write(src.resolve(f.getKey()), f.getValue());
        BuildResult built = new ImageBuilder(new BuildOptions(Compression.NONE, DigestAlgorithm.BLAKE3, 1 << 20, null))
                .build(src, dir.resolve("out"), n -> {});
        gate = new BackendGate(dir.resolve("out/blobs").resolve(built.blobId()));

        Path api = dir.resolve("run/api.sock");
        Files.createDirectories(api.getParent());
        keeper = startKeeper(api);
        awaitApi(api);
        mount(api, built.bootstrap().toAbsolutePath(), dir.resolve("out/blobs"));

        // 1. a reader of big.bin gets a good part of the way, then the daemon's backend stops answering
        Reader big = new Reader(mnt.resolve("big.bin"), files.get("big.bin"));
        CompletableFuture<String> bigDone = CompletableFuture.supplyAsync(big::run, readers);
        big.awaitProgress(8 << 20, bigDone);
        gate.hold();
        gate.awaitHeld();
        awaitBlockedOnFanotify(List.of(big), List.of(bigDone), "big.bin's reader, on the held fill");
        awaitJournaledEventOnHeldRead(dir.resolve("cache"), gate);
        assertThat(gate.heldCount()).as("daemon reads of the blob held").isPositive();

        // 2. SIGKILL the daemon while it holds big.bin's event (the fill waits on the held backend read)
        ProcessHandle daemon = daemonOf(keeper);
        assertThat(daemon.destroyForcibly()).isTrue();
        // the daemon is the keeper's child, not ours: no wait(2) and no signal for us (onExit() would poll every
        // 300 ms, too coarse for the keeper's 2 s restart delay), so this polls its state with a deadline
        long killDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (daemon.isAlive() && System.nanoTime() < killDeadline) Thread.sleep(5);
        assertThat(daemon.isAlive()).as("daemon dead after SIGKILL").isFalse();
        gate.release(); // the dead daemon's reads are gone; from now on the backend answers at once

        // 3. reads started while no daemon runs (the keeper waits 2 s before restarting it) wait in the kernel
        assertThat(keeper.children().filter(ProcessHandle::isAlive).count())
                .as("no daemon runs")
                .isZero();
        long bigAtKill = big.done.get();
        List<CompletableFuture<String>> others = new ArrayList<>();
        List<Reader> otherReaders = new ArrayList<>();
        for (String name : files.keySet()) {
            if (name.equals("big.bin") || name.startsWith("g")) continue;
            Reader r = new Reader(mnt.resolve(name), files.get(name));
            otherReaders.add(r);
            others.add(CompletableFuture.supplyAsync(r::run, readers));
        }
        // reads of unfilled files complete only once a daemon serves them: each reader is found waiting in the
        // kernel for the group's answer (a read let through would end instead, failing this at once)
        awaitBlockedOnFanotify(otherReaders, others, "readers started while no daemon runs");
        assertThat(keeper.children().filter(ProcessHandle::isAlive).count())
                .as("still no daemon")
                .isZero();
        assertThat(bigDone).as("big.bin's reader waits for the successor").isNotDone();
        assertThat(big.done.get()).isEqualTo(bigAtKill);

        // 4. the successor answers the journaled event and serves the rest: every byte read is the source's
        assertThat(bigDone.get(40, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(big.eio.get())
                .as("the held event was journaled: filled and allowed, no EIO")
                .isZero();
        for (CompletableFuture<String> o : others)
            assertThat(o.get(20, TimeUnit.SECONDS)).isEqualTo("ok");

        // 5. the successor dies too, at an unplanned moment while four more files are read: the third daemon
        // resumes from what the second one kept and journaled
        ProcessHandle second = daemonOf(keeper);
        List<CompletableFuture<String>> moreDone = new ArrayList<>();
        java.util.concurrent.CountDownLatch firstPiece = new java.util.concurrent.CountDownLatch(1);
        for (int i = 1; i <= 4; i++) {
            Reader r = new Reader(mnt.resolve("g" + i + ".bin"), files.get("g" + i + ".bin"), firstPiece);
            moreDone.add(CompletableFuture.supplyAsync(r::run, readers));
        }
        assertThat(firstPiece.await(10, TimeUnit.SECONDS))
                .as("a piece of the g files read")
                .isTrue();
        assertThat(second.destroyForcibly()).isTrue();
        for (CompletableFuture<String> o : moreDone)
            assertThat(o.get(40, TimeUnit.SECONDS)).isEqualTo("ok");

        for (String name : files.keySet()) { // whole-file digests too, through the third daemon
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve(name))))
                    .as(name)
                    .isEqualTo(Sha256.hex(files.get(name)));
        }
        String log = Files.readString(dir.resolve("keeper.log"));
        assertThat(log.split("resumed from the keeper: 1 images re-registered", -1))
                .as("two successors resumed:\n" + tail(log))
                .hasSize(3);
        Matcher m = RESUMED.matcher(log);
        assertThat(m.find())
                .as("the successor logged its resume:\n" + tail(log))
                .isTrue();
        assertThat(Integer.parseInt(m.group(1)))
                .as("journaled events answered ALLOW by the successor")
                .isPositive();
        assertThat(Integer.parseInt(m.group(2)))
                .as("journaled events answered EIO")
                .isZero();
        assertThat(log).contains("; 0 unjournaled events answered EIO"); // the kill came while the event was journaled
        assertThat(log).contains("adopted the fanotify group from keeper");
    }

    private Process startKeeper(Path api) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String cp = privateClassPath();
        List<String> jvm =
                List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", cp, "dev.swiftlet.daemon.cli.Main");
        List<String> cmd = new ArrayList<>(jvm);
        cmd.addAll(List.of(
                "keeper", "--socket", dir.resolve("run/keeper.sock").toString(), "--restart-delay-ms", "2000", "--"));
        cmd.addAll(jvm);
        cmd.addAll(List.of(
                "daemon",
                "--frontend",
                "fanotify",
                "--fscache",
                dir.resolve("cache").toString(),
                "--apisock",
                api.toString(),
                "--threads",
                "4",
                "--id",
                "crash"));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keeper.log").toFile())
                .start();
    }

    /**
     * The test's class path with its directories copied: the daemon is restarted from it mid-test, and other builds
     * of this checkout may rewrite {@code target/classes} meanwhile.
     */
    private String privateClassPath() throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (!Files.isDirectory(p)) {
                out.add(e);
                continue;
            }
            Path copy = dir.resolve("cp").resolve(Integer.toString(i++));
            try (var walk = Files.walk(p)) {
                for (Path f : (Iterable<Path>) walk::iterator) {
                    Path t = copy.resolve(p.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(t);
                    else Files.copy(f, t);
                }
            }
            out.add(copy.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** Polls the API socket with a deadline: the daemon is another process, starting in its own time. */
    private void awaitApi(Path api) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(keeper.isAlive())
                    .as("keeper alive:\n" + tail(Files.readString(dir.resolve("keeper.log"))))
                    .isTrue();
            try {
                if (new AdminClient(api).request("GET", "/api/v1/daemon", null).status() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("daemon API did not come up:\n" + tail(Files.readString(dir.resolve("keeper.log"))));
    }

    private void mount(Path api, Path bootstrap, Path blobDir) throws Exception {
        String body = """
                {"type":"bootstrap","id":"img","config_v2":{"backend":{"type":"localfs","localfs":{"dir":"%s"}},
                 "metadata_path":"%s"}}""".formatted(blobDir, bootstrap);
        ApiResponse r = new AdminClient(api).request("POST", "/api/v1/swiftlet/mounts", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode plan = JSON.readTree(r.body());
        Mounts.mountErofs(
                plan.path("source").asText(), mnt, plan.path("options").asText());
        mounted = true;
    }

    private static ProcessHandle daemonOf(Process keeper) {
        List<ProcessHandle> children =
                keeper.children().filter(ProcessHandle::isAlive).toList();
        assertThat(children).as("the keeper's daemon").hasSize(1);
        return children.getFirst();
    }

    /**
     * Waits until the daemon's in-flight journal holds an event whose range overlaps a daemon read the gate holds:
     * that event cannot be answered before the release, so a kill from now on certainly leaves the successor a
     * journaled event to answer. (Uncompressed, with big.bin first in the blob, an event's offset in the cache file
     * is the offset the daemon reads in the blob.) The journal is a file the daemon maps shared, another process's
     * memory with no signal of its own, so this polls it with a deadline. Layout as {@code InFlightJournal} writes
     * it: 4096 slots of 512 bytes; int fd + 1 (0: free), int path length, long offset, long count.
     */
    private static void awaitJournaledEventOnHeldRead(Path cacheDir, BackendGate gate) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (FileChannel ch =
                FileChannel.open(cacheDir.resolve("fanotify-inflight.journal"), StandardOpenOption.READ)) {
            ByteBuffer journal =
                    ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (true) {
                for (int slot = 0; slot < journal.capacity() / 512; slot++) {
                    int at = slot * 512;
                    if (journal.getInt(at) != 0
                            && gate.holdsReadOverlapping(journal.getLong(at + 8), journal.getLong(at + 16))) return;
                }
                if (System.nanoTime() > deadline) throw new AssertionError("no journaled event waits on a held read");
                Thread.sleep(1); // between looks: the CPU is the daemon's, not this loop's
            }
        }
    }

    /**
     * Waits until every reader is asleep in the kernel inside fanotify, waiting for its pre-content event's answer
     * (its kernel stack says so); a reader that finishes instead fails at once.
     */
    private static void awaitBlockedOnFanotify(List<Reader> rs, List<CompletableFuture<String>> done, String what)
            throws Exception {
        for (int i = 0; i < rs.size(); i++) {
            Reader r = rs.get(i);
            assertThat(r.started.await(20, TimeUnit.SECONDS))
                    .as("%s: %s started", what, r.file.getFileName())
                    .isTrue();
            KernelWaits.await(
                    r.tid, "fanotify", done.get(i)::isDone, Duration.ofSeconds(20), what + ": " + r.file.getFileName());
        }
    }

    /**
     * Reads a file through the mount in 256 KiB pieces, comparing each piece with the source as it arrives. An EIO
     * is counted and the read retried (the successor answers EIO to an event the dead daemon read but had not yet
     * journaled; a retry raises a new event); any other error or a wrong byte ends the read with a message.
     */
    private static final class Reader {
        final Path file;
        final byte[] expected;
        final AtomicLong done = new AtomicLong();
        final AtomicLong eio = new AtomicLong();
        /** Counted down when the first piece has been read. */
        final java.util.concurrent.CountDownLatch firstPiece;
        /** Counted down once {@link #tid} is known. */
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        /** The reading thread's id in the kernel (for its stack). */
        volatile int tid;

        private boolean ended;

        Reader(Path file, byte[] expected) {
            this(file, expected, new java.util.concurrent.CountDownLatch(1));
        }

        Reader(Path file, byte[] expected, java.util.concurrent.CountDownLatch firstPiece) {
            this.file = file;
            this.expected = expected;
            this.firstPiece = firstPiece;
        }

        /** Waits, signalled by each piece read and by the end of the read, until {@code bytes} have been read. */
        synchronized void awaitProgress(long bytes, CompletableFuture<String> result) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (done.get() < bytes && !ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            assertThat(done.get())
                    .as("%s read progress (%s)", file.getFileName(), result.getNow("still reading"))
                    .isGreaterThanOrEqualTo(bytes);
        }

        String run() {
            try {
                tid = KernelWaits.currentTid(); // a platform thread: the test looks at its kernel stack
                started.countDown();
                return readAll();
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        private String readAll() {
            long pos = 0;
            while (true) {
                try {
                    return readFrom(pos);
                } catch (IOException e) {
                    if (!String.valueOf(e.getMessage()).contains("Input/output error") || eio.incrementAndGet() > 5) {
                        return file.getFileName() + ": " + e;
                    }
                    pos = done.get();
                }
            }
        }

        private String readFrom(long start) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(256 << 10);
                long pos = start;
                while (true) {
                    buf.clear();
                    int n = ch.read(buf, pos);
                    if (n < 0) break;
                    for (int i = 0; i < n; i++) {
                        if (buf.get(i) != expected[(int) (pos + i)]) {
                            return file.getFileName() + ": wrong byte at " + (pos + i) + " (read " + buf.get(i)
                                    + ", expected " + expected[(int) (pos + i)] + ")";
                        }
                    }
                    pos += n;
                    synchronized (this) {
                        done.set(pos);
                        notifyAll();
                    }
                    firstPiece.countDown();
                }
                return pos == expected.length
                        ? "ok"
                        : file.getFileName() + ": read " + pos + " of " + expected.length + " bytes";
            }
        }
    }

    /**
     * The daemon's localfs backend, made to hang on cue: a pre-content group of the test's own on the source blob
     * file. Normally every read is allowed at once; while held, the daemon's reads stay unanswered (the daemon's
     * fill thread waits in the kernel), until {@link #release()}.
     */
    private static final class BackendGate implements AutoCloseable {
        private final FanotifyGroup group;
        private final List<PreAccessEvent> held = new ArrayList<>();
        private final Thread thread;
        private volatile boolean holding;
        private volatile boolean closed;

        BackendGate(Path blob) throws IOException {
            group = FanotifyGroup.create(true);
            group.markPreAccess(blob);
            thread = Thread.ofPlatform().daemon().name("backend-gate").start(this::loop);
        }

        private void loop() {
            while (!closed) {
                try {
                    if (!group.await(50)) continue;
                    for (PreAccessEvent e : group.read()) {
                        synchronized (this) {
                            if (holding) {
                                held.add(e);
                                notifyAll();
                                continue;
                            }
                        }
                        answer(e.fd());
                    }
                } catch (IOException e) {
                    if (!closed) throw new java.io.UncheckedIOException(e);
                }
            }
        }

        private void answer(int fd) {
            try (Fd ignored = Fd.adopt(fd)) {
                group.allow(fd);
            } catch (IOException e) {
                // the reader was SIGKILLed: its event is gone (ENOENT)
            }
        }

        synchronized void hold() {
            holding = true;
        }

        synchronized int heldCount() {
            return held.size();
        }

        /** Whether a held read (one without a range counts as all of the file) overlaps {@code [offset, +count)}. */
        synchronized boolean holdsReadOverlapping(long offset, long count) {
            for (PreAccessEvent e : held) {
                if (!e.hasRange() || (e.offset() < offset + count && offset < e.offset() + e.count())) return true;
            }
            return false;
        }

        /** Waits, signalled as each read is held, until the daemon's backend has a read held. */
        synchronized void awaitHeld() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (held.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError("the daemon never read the held blob");
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void release() {
            holding = false;
            held.forEach(e -> answer(e.fd()));
            held.clear();
        }

        @Override
        public void close() throws Exception {
            release();
            closed = true;
            thread.join(2000);
            group.close();
        }
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }
}
