package dev.swiftlet.daemon.realclient;

import dev.swiftlet.vm.GuestNydusd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real client, run as its packages ship it (Debian trixie's containerd 1.7.24 and nydus-snapshotter 0.13.4,
 * fetched by {@code scripts/real-client/fetch.sh}; bookworm's runc): containerd with its CRI plugin and the snapshotter
 * as a proxy plugin, configured from the checked-in files under {@code scripts/real-client/} with every writable
 * directory under {@link #state}. The snapshotter starts Swiftlet through {@code scripts/nydusd}, running the classes
 * under test ({@code SWIFTLET_CLASSPATH}).
 */
final class RealClient implements AutoCloseable {
    static final long SLOW = 600; // seconds: containerd, the snapshotter and Swiftlet all run under emulation

    final Path checkout;
    final Path bin;
    final Path state;
    private final String recoverPolicy;
    Process containerd;
    Process snapshotter;
    private int snapshotterRuns;

    RealClient(
            Path checkout, Path clientDir, Path state, String recoverPolicy, String registryHost, String nydusdConfig)
            throws IOException {
        this.checkout = checkout;
        this.bin = clientDir.resolve("root/usr/bin");
        this.state = Files.createDirectories(state);
        this.recoverPolicy = recoverPolicy;
        Path configs = checkout.resolve("scripts/real-client");
        for (String dir : List.of("cni/bin", "cni/net.d", "opt", "containerd", "nydus"))
            Files.createDirectories(state.resolve(dir));
        install(configs.resolve("containerd.toml"), state.resolve("containerd.toml"), Map.of());
        install(
                configs.resolve("nydus-snapshotter.toml"),
                state.resolve("nydus-snapshotter.toml"),
                Map.of("@RECOVER_POLICY@", recoverPolicy));
        Files.writeString(state.resolve("nydusd-config.fscache.json"), nydusdConfig);
        install(
                configs.resolve("certs.d/hosts.toml"),
                Files.createDirectories(state.resolve("certs.d").resolve(registryHost))
                        .resolve("hosts.toml"),
                Map.of("@REGISTRY@", registryHost));
    }

    private void install(Path template, Path target, Map<String, String> more) throws IOException {
        String text = Files.readString(template)
                .replace("@STATE@", state.toString())
                .replace("@CHECKOUT@", checkout.toString());
        for (var e : more.entrySet()) text = text.replace(e.getKey(), e.getValue());
        Files.writeString(target, text);
    }

    Path containerdSocket() {
        return state.resolve("containerd/containerd.sock");
    }

    Path snapshotterSocket() {
        return state.resolve("nydus/containerd-nydus-grpc.sock");
    }

    /** The snapshotter's system controller (daemon listing, hot upgrade). */
    Path systemSocket() {
        return state.resolve("nydus/system.sock");
    }

    /**
     * Makes {@code launcher} (a writable script that runs the checkout's {@code scripts/nydusd}) the snapshotter's
     * {@code nydusd_path}, before it starts: a hot upgrade ends by renaming the new binary onto that path, which the
     * read-only checkout would refuse.
     */
    void useLauncher(Path launcher) throws IOException {
        Path toml = state.resolve("nydus-snapshotter.toml");
        String text = Files.readString(toml);
        String from = "nydusd_path = \"" + checkout.resolve("scripts/nydusd") + "\"";
        if (!text.contains(from)) throw new IllegalStateException("no " + from + " in " + toml);
        Files.writeString(toml, text.replace(from, "nydusd_path = \"" + launcher + "\""));
    }

    /** A launcher script at {@code path} that runs the checkout's {@code scripts/nydusd}. */
    Path launcherScript(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\nexec " + checkout.resolve("scripts/nydusd") + " \"$@\"\n");
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }

    /** Where the snapshotter puts its daemons' API sockets: {@code <root>/socket/<daemon id>/api.sock}. */
    Path socketRoot() {
        return state.resolve("nydus/socket");
    }

    /**
     * Waits for the API socket of the snapshotter's one (shared) fscache daemon and returns it: {@code api.sock}, or
     * after a hot upgrade {@code apiN.sock} (the newest).
     */
    Path apiSocket() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(socketRoot())) {
                try (Stream<Path> s = Files.walk(socketRoot(), 2)) {
                    Path sock = s.filter(p -> p.getFileName().toString().matches("api[0-9]*\\.sock"))
                            .max(java.util.Comparator.comparingLong(
                                    p -> p.toFile().lastModified()))
                            .orElse(null);
                    if (sock != null) return sock;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no daemon API socket under " + socketRoot() + "\n" + logs());
    }

    /** The snapshotter's log of its current run. */
    Path snapshotterLog() {
        return state.resolve("snapshotter-" + snapshotterRuns + ".log");
    }

    private ProcessBuilder withEnv(ProcessBuilder pb) throws IOException {
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        // scripts/nydusd runs the classes under test (from the jars and AOT cache VmSuiteTest made, when it did)
        env.putAll(GuestNydusd.environment());
        return pb;
    }

    void startSnapshotter() throws Exception {
        Path log = state.resolve("snapshotter-" + (++snapshotterRuns) + ".log");
        snapshotter = withEnv(new ProcessBuilder(
                        bin.resolve("containerd-nydus-grpc").toString(),
                        "--config",
                        state.resolve("nydus-snapshotter.toml").toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        awaitSocket(snapshotterSocket(), snapshotter, log);
        if (containerd != null && containerd.isAlive()) awaitContainerdReachesSnapshotter(log);
    }

    /**
     * After the snapshotter is started again under a running containerd, containerd's gRPC connection to it is still
     * in reconnect backoff (which grows towards two minutes while the socket refused), and until it reconnects every
     * snapshot call fails with the old "connection refused". An operator waits for the snapshotter to be listed again;
     * so does this.
     */
    private void awaitContainerdReachesSnapshotter(Path log) throws Exception {
        List<String> probe = List.of(
                bin.resolve("ctr").toString(),
                "--address",
                containerdSocket().toString(),
                "--namespace",
                "k8s.io",
                "snapshots",
                "--snapshotter",
                "nydus",
                "ls");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        Run last = run(probe);
        while (last.status() != 0 && snapshotter.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            last = run(probe);
        }
        if (last.status() != 0) {
            throw new AssertionError("containerd does not reach the restarted snapshotter ("
                    + (snapshotter.isAlive() ? "alive" : "exited " + snapshotter.exitValue()) + "): "
                    + last.output() + "\nlog:\n" + tail(log, 60));
        }
    }

    void startContainerd() throws Exception {
        Path log = state.resolve("containerd.log");
        containerd = withEnv(new ProcessBuilder(
                        bin.resolve("containerd").toString(),
                        "--config",
                        state.resolve("containerd.toml").toString(),
                        "--log-level",
                        "info"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitSocket(containerdSocket(), containerd, log);
    }

    /** Waits until {@code socket} accepts a connection: a killed predecessor leaves its socket file behind. */
    private static void awaitSocket(Path socket, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SLOW);
        while (!accepts(socket) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        if (!accepts(socket)) {
            throw new AssertionError(socket + " did not appear (" + (p.isAlive() ? "alive" : "exited " + p.exitValue())
                    + "); log:\n" + tail(log, 60));
        }
    }

    static boolean accepts(Path socket) {
        try (var ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            return ch.connect(java.net.UnixDomainSocketAddress.of(socket));
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The result of one command: its exit status and its output (stdout and stderr together). */
    record Run(int status, String output) {}

    /** Starts {@code command} with the client's environment, stdout and stderr together, and returns at once. */
    Process start(List<String> command) throws IOException {
        return withEnv(new ProcessBuilder(command)).redirectErrorStream(true).start();
    }

    Run run(List<String> command) throws Exception {
        Process p =
                withEnv(new ProcessBuilder(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(SLOW, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + SLOW + " s: " + out);
        }
        return new Run(p.exitValue(), out);
    }

    /** Like {@link #run} but asserts success; the failure names the command and carries the client's logs. */
    String ok(List<String> command) throws Exception {
        Run r = run(command);
        if (r.status() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited " + r.status() + ":\n" + r.output() + "\n" + logs());
        }
        return r.output();
    }

    /** {@code cri.py SOCKET verb args}: the CRI image service (the only path that labels the layers for the snapshotter). */
    String cri(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                checkout.resolve("scripts/real-client/cri.py").toString(),
                containerdSocket().toString()));
        cmd.addAll(List.of(args));
        return ok(cmd).trim();
    }

    /** {@code ctr -n k8s.io ARGS} against this containerd. */
    String ctr(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                bin.resolve("ctr").toString(), "--address", containerdSocket().toString(), "--namespace", "k8s.io"));
        cmd.addAll(List.of(args));
        return ok(cmd);
    }

    /** The last lines of every log of the client and of Swiftlet's daemon, for a failure message. */
    String logs() throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(state)) {
            for (Path log :
                    s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                b.append("---- ").append(log.getFileName()).append('\n').append(tail(log, 40));
            }
        }
        return b.toString();
    }

    static String tail(Path f, int lines) {
        try {
            List<String> all = Files.readAllLines(f);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(no " + f.getFileName() + ")\n";
        }
    }

    /** Copies the logs to the share, where the host finds them after the VM is gone. */
    void keepLogs(String name) {
        String share = System.getProperty("swiftlet.vm.share");
        if (share == null) return;
        try (Stream<Path> s = Files.list(state)) {
            Path out = Files.createDirectories(Path.of(share, "out", "real-client", name));
            for (Path log : s.filter(p -> p.toString().endsWith(".log")).toList()) {
                Files.copy(log, out.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.out.println("[real-client] keeping logs: " + e);
        }
    }

    static void stop(Process p) throws InterruptedException {
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Swiftlet daemons the snapshotter started for this state directory (they outlive a snapshotter that exits). */
    List<ProcessHandle> daemons() {
        String mark = state.resolve("nydus").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("NydusdMain") && c.contains(mark))
                        .orElse(false))
                .toList();
    }

    /** Mount points under the state directory, deepest first (container rootfs overlays, then EROFS mounts). */
    List<Path> mountsUnderState() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4].replace("\\040", " ");
            if (point.startsWith(state + "/")) out.add(Path.of(point));
        }
        out.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed());
        return out;
    }

    @Override
    public void close() throws Exception {
        // mounts first, while a daemon still answers the kernel: an EROFS mount of a dead daemon's cache lingers
        for (Path m : mountsUnderState()) {
            if (run(List.of("umount", m.toString())).status() != 0) run(List.of("umount", "-l", m.toString()));
        }
        stop(containerd);
        stop(snapshotter);
        for (ProcessHandle d : daemons()) {
            d.destroyForcibly();
            d.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
