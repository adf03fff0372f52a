package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.cli.SwiftletCommand;
import dev.swiftlet.fetch.registry.FaultProxy;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture for {@code swiftlet mount --image} on this host: Debian's docker-registry on loopback holding one image
 * ({@code demo:latest}, built from a tree the test writes and pushed with skopeo), a {@link FaultProxy} in front of
 * it (a stand-in for dfdaemon, a mirror or a faulty network), and a daemon with the fanotify front end, all under one
 * temporary directory in /var/tmp (ext4). {@link #close()} unmounts what {@link #mount} mounted, stops everything
 * and deletes the directory. Needs root, Linux 6.14+, docker-registry and skopeo.
 */
public final class RegistryDaemon implements AutoCloseable {
    /** Writes the image's source tree. */
    @FunctionalInterface
    public interface Source {
        void writeTo(Path src) throws IOException;
    }

    public final Path dir;
    public final LocalRegistry registry;
    public final BuildResult built;
    public final FaultProxy proxy;
    public final Daemon daemon;
    private final List<Path> mounts = new ArrayList<>();

    private RegistryDaemon(Path dir, LocalRegistry registry, BuildResult built, FaultProxy proxy, Daemon daemon) {
        this.dir = dir;
        this.registry = registry;
        this.built = built;
        this.proxy = proxy;
        this.daemon = daemon;
    }

    /** Starts it all: {@code name} names the directory and the daemon's id; the daemon has {@code threads} workers. */
    public static RegistryDaemon start(String name, int threads, Source source) throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("needs root (mount, fanotify)")
                .isEqualTo("root");
        Path dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-" + name + "-");
        LocalRegistry registry = null;
        FaultProxy proxy = null;
        Daemon daemon = null;
        try {
            Path src = Files.createDirectories(dir.resolve("src"));
            source.writeTo(src);
            registry = LocalRegistry.start(dir.resolve("registry"), null, null);
            BuildResult built = registry.push(src, dir.resolve("push"), "demo");
            proxy = new FaultProxy(URI.create("http://" + registry.host()), 0);
            daemon = new Daemon(new DaemonConfig(
                    DaemonConfig.FrontEndKind.FANOTIFY,
                    dir.resolve("cache"),
                    dir.resolve("api.sock"),
                    threads,
                    null,
                    name));
            daemon.start();
            return new RegistryDaemon(dir, registry, built, proxy, daemon);
        } catch (Exception | Error e) {
            if (daemon != null) daemon.close();
            if (proxy != null) proxy.close();
            if (registry != null) registry.close();
            deleteTree(dir);
            throw e;
        }
    }

    /** The tree the image was built from. */
    public Path src() {
        return dir.resolve("src");
    }

    /**
     * {@code swiftlet mount --image HOST/demo:latest DIR/NAME --fsid FSID [options]} through the daemon's API socket,
     * asserted to succeed; returns the mount point.
     */
    public Path mount(String host, String name, String fsid, String... options) throws Exception {
        return mountImage(host + "/demo:latest", name, fsid, options);
    }

    /** {@code swiftlet mount --image IMAGE DIR/NAME --fsid FSID [options]}, asserted to succeed; returns the mount point. */
    public Path mountImage(String image, String name, String fsid, String... options) throws Exception {
        Path mnt = Files.createDirectories(dir.resolve(name));
        List<String> args = new ArrayList<>(List.of(
                "mount",
                "--image",
                image,
                mnt.toString(),
                "--apisock",
                dir.resolve("api.sock").toString(),
                "--work-dir",
                dir.resolve("images").toString(),
                "--fsid",
                fsid));
        args.addAll(List.of(options));
        StringWriter err = new StringWriter();
        var cl = SwiftletCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args.toArray(String[]::new));
        assertThat(rc).as(err.toString()).isZero();
        mounts.add(mnt);
        return mnt;
    }

    @Override
    public void close() throws Exception {
        for (Path m : mounts) {
            try {
                Mounts.umount(m, 0);
            } catch (IOException ignored) {
                // not mounted
            }
        }
        daemon.close();
        proxy.close();
        registry.close();
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException, InterruptedException {
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }
}
