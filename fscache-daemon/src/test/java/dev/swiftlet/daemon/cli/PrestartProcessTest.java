package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.TestSupervisor;
import dev.swiftlet.sys.unix.FdPassing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/nydusd} with {@code scripts/nydusd-prestart.py}: the steps nydus-snapshotter times (its supervisor
 * offers a saved state for 10 s; after a crash it asks for INIT for about 6 s) are done by the launcher before the JVM
 * starts, and the daemon takes them over: the API socket (bound 0600, the crash check made before it replaced the
 * residual one) and the state and descriptor the supervisor sent. Front end "none": its descriptor is its cache
 * directory, checkable by what it points at.
 */
class PrestartProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    TestSupervisor supervisor;
    Daemon old;
    Process next;

    @BeforeEach
    void savedState() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 (the launcher's prestart)");
        supervisor = new TestSupervisor(dir.resolve("supervisor.sock"));
        old = new Daemon(new DaemonConfig(
                DaemonConfig.FrontEndKind.NONE,
                Files.createDirectories(dir.resolve("old-cache")),
                dir.resolve("old.sock"),
                2,
                null,
                "snap-daemon",
                dir.resolve("supervisor.sock"),
                false,
                null,
                null));
        old.start();
        var saved = supervisor.acceptSave();
        assertThat(new AdminClient(dir.resolve("old.sock"))
                        .request("PUT", "/api/v1/daemon/fuse/sendfd", null)
                        .status())
                .isEqualTo(204);
        saved.get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (next != null) next.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (old != null) old.close();
        if (supervisor != null) supervisor.close();
    }

    @Test
    void aHotUpgradeTakesTheStateTheLauncherReceived() throws Exception {
        var served = supervisor.serveTakeover(supervisor.state); // the snapshotter's SendStatesTimeout, before the exec
        Path sock = dir.resolve("new.sock");
        next = launch(sock, "--upgrade");
        served.get(60, TimeUnit.SECONDS);
        AdminClient api = new AdminClient(sock);
        assertThat(Files.getPosixFilePermissions(sock)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(state(api)).isEqualTo("INIT");
        assertThat(api.request("PUT", "/api/v1/daemon/fuse/takeover", null).status())
                .isEqualTo(204);
        assertThat(state(api)).isEqualTo("READY");
        assertThat(api.request("PUT", "/api/v1/daemon/start", null).status()).isEqualTo(204);
        assertThat(state(api)).isEqualTo("RUNNING");
        assertThat(output()).contains("the launcher received at start");
        assertThat(openDescriptorsTo(next.pid(), dir.resolve("old-cache").toRealPath()))
                .as("the predecessor's descriptor")
                .isPositive();
    }

    @Test
    void afterACrashTheResidualSocketIsSeenAndTheStateReceivedAtOnce() throws Exception {
        Path sock = dir.resolve("crashed.sock");
        FdPassing.listen(sock).close(); // the file stays, nobody accepts: what a SIGKILLed daemon leaves
        var served = supervisor.serveTakeover(supervisor.state);
        next = launch(sock);
        served.get(60, TimeUnit.SECONDS);
        AdminClient api = new AdminClient(sock);
        assertThat(state(api)).as(output()).isEqualTo("INIT");
        assertThat(api.request("PUT", "/api/v1/daemon/fuse/takeover", null).status())
                .isEqualTo(204);
        assertThat(state(api)).isEqualTo("READY");
        assertThat(output()).contains("a previous daemon crashed").contains("the launcher received at start");
    }

    @Test
    void withoutASupervisorOnlyTheSocketIsBoundEarly() throws Exception {
        Path sock = dir.resolve("plain.sock");
        next = SingletonProcessTest.nydusd(plainArgs(sock))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile())
                .start();
        awaitSocket(sock);
        assertThat(state(new AdminClient(sock))).isEqualTo("RUNNING");
        assertThat(output()).doesNotContain("the launcher received");
    }

    /**
     * The prestart runs on the system's python3, not on one found first on PATH (a version manager's shim there took
     * 1.8 s to start under load, all of it before the JVM's start).
     */
    @Test
    void theSystemPythonRunsThePrestartNotOneFirstOnPath() throws Exception {
        Path shims = Files.createDirectories(dir.resolve("shims"));
        Path used = dir.resolve("shim-used");
        Path shim = Files.writeString(
                shims.resolve("python3"), "#!/bin/sh\ntouch '" + used + "'\nexec /usr/bin/python3 \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path sock = dir.resolve("plain.sock");
        ProcessBuilder pb = SingletonProcessTest.nydusd(plainArgs(sock));
        pb.environment().put("PATH", shims + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        next = pb.redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile())
                .start();
        awaitSocket(sock);
        assertThat(state(new AdminClient(sock))).as(output()).isEqualTo("RUNNING");
        assertThat(used).as("the PATH's python3 ran").doesNotExist();
    }

    /** singleton without a supervisor, front end none, cache dir {@code dir/c}. */
    private List<String> plainArgs(Path sock) throws Exception {
        return List.of(
                "singleton",
                "--fscache",
                Files.createDirectories(dir.resolve("c")).toString(),
                "--apisock",
                sock.toString(),
                "--frontend",
                "none");
    }

    private Process launch(Path sock, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "singleton",
                "--fscache",
                Files.createDirectories(dir.resolve("new-cache")).toString(),
                "--apisock",
                sock.toString(),
                "--id",
                "snap-daemon",
                "--supervisor",
                dir.resolve("supervisor.sock").toString(),
                "--frontend",
                "none"));
        args.addAll(List.of(more));
        Process p = SingletonProcessTest.nydusd(args)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out").toFile())
                .start();
        return p;
    }

    /** The launcher binds before the JVM starts: waiting for the file is waiting for another process. */
    private void awaitSocket(Path sock) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(sock) && next.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(sock).as(output()).exists();
    }

    private String output() throws Exception {
        return Files.exists(dir.resolve("out")) ? Files.readString(dir.resolve("out")) : "";
    }

    private static String state(AdminClient api) throws Exception {
        return JSON.readTree(api.request("GET", "/api/v1/daemon", null).body())
                .path("state")
                .asText();
    }

    private static long openDescriptorsTo(long pid, Path target) throws Exception {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(target);
                        } catch (Exception gone) {
                            return false;
                        }
                    })
                    .count();
        }
    }
}
