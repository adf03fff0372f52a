package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.raw.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running as a systemd service: the unit installed by scripts/systemd/install.sh passes systemd-analyze verify
 * without a warning, and the daemon, started as a process with $NOTIFY_SOCKET, sends READY=1 only once its API
 * socket is up, and STOPPING=1 on SIGTERM.
 */
class ServiceUnitTest {
    static final Path REPO = Path.of(System.getProperty("swiftlet.repo.root", ".."))
            .toAbsolutePath()
            .normalize();

    @TempDir
    Path tmp;

    static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return "rc=" + p.exitValue() + "\n" + out;
    }

    /** Stages scripts/systemd/install.sh into {@code tmp/root} with a jar that is not one (nothing here opens it). */
    static Path stagedInstall(Path tmp) throws IOException, InterruptedException {
        Path root = tmp.resolve("root");
        Path fakeJar = Files.writeString(tmp.resolve("swiftlet.jar"), "not a real jar: nothing here opens it");
        String out = run(
                REPO,
                "bash",
                "scripts/systemd/install.sh",
                "--root",
                root.toString(),
                "--no-enable",
                "--jar",
                fakeJar.toString());
        assertThat(out).startsWith("rc=0");
        return root;
    }

    @Test
    void theInstalledUnitVerifiesCleanly() throws Exception {
        Path root = stagedInstall(tmp);
        Path unit = root.resolve("etc/systemd/system/swiftlet.service");
        assertThat(Files.getPosixFilePermissions(root.resolve("opt/swiftlet/bin/swiftlet")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readString(root.resolve("etc/swiftlet/swiftlet.env"))).contains("SWIFTLET_OPTS=--fscache ");
        // verify resolves dependencies (sysinit.target, …) under --root: give it the host's targets
        Path units = Files.createDirectories(root.resolve("lib/systemd/system"));
        try (var targets = Files.newDirectoryStream(Path.of("/lib/systemd/system"), "*.target")) {
            for (Path t : targets)
                Files.copy(t, units.resolve(t.getFileName()), java.nio.file.LinkOption.NOFOLLOW_LINKS);
        }
        String verify = run(tmp, "systemd-analyze", "verify", "--man=no", "--root=" + root, unit.toString());
        assertThat(verify).isEqualTo("rc=0\n");

        // the check can fail: a misspelt key is reported
        Files.writeString(unit, Files.readString(unit).replace("NotifyAccess=main", "NotifyAcess=main"));
        assertThat(run(tmp, "systemd-analyze", "verify", "--man=no", "--root=" + root, unit.toString()))
                .contains("Unknown key 'NotifyAcess'");
    }

    @Test
    void theDaemonNotifiesReadinessAfterItsSocketIsUpAndStoppingOnSigterm() throws Exception {
        Path notify = tmp.resolve("notify.sock");
        Path api = tmp.resolve("api.sock");
        try (Arena a = Arena.ofConfined();
                Fd socket = boundDatagramSocket(a, notify)) {
            List<String> cmd = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "daemon",
                    "--frontend",
                    "none",
                    "--fscache",
                    tmp.resolve("cache").toString(),
                    "--apisock",
                    api.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("log").toFile());
            pb.environment().put("NOTIFY_SOCKET", notify.toString());
            long began = System.nanoTime();
            Process daemon = pb.start();
            try {
                String ready = receive(a, socket, Duration.ofSeconds(30));
                assertThat(ready)
                        .as(Files.readString(tmp.resolve("log")))
                        .startsWith("READY=1\n")
                        .contains("MAINPID=" + daemon.pid());
                assertThat(Files.exists(api))
                        .as("API socket exists when READY=1 is sent")
                        .isTrue();
                System.out.printf("daemon ready %d ms after launch%n", (System.nanoTime() - began) / 1_000_000);
                daemon.destroy(); // SIGTERM
                assertThat(receive(a, socket, Duration.ofSeconds(30))).isEqualTo("STOPPING=1");
                assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                daemon.destroyForcibly();
            }
        }
    }

    static Fd boundDatagramSocket(Arena a, Path path) throws Exception {
        // SOCK_NONBLOCK has O_NONBLOCK's value on Linux
        Fd s = Fd.adopt(Errno.check(
                Libc.socket(Libc.AF_UNIX(), Libc.SOCK_DGRAM() | Libc.SOCK_CLOEXEC() | Libc.O_NONBLOCK(), 0), "socket"));
        byte[] n = path.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment addr = a.allocate(110);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX());
        MemorySegment.copy(n, 0, addr, ValueLayout.JAVA_BYTE, 2, n.length);
        Errno.check(Libc.bind(s.intValue(), addr, 2 + n.length + 1), "bind");
        return s;
    }

    static String receive(Arena a, Fd s, Duration timeout) throws Exception {
        MemorySegment buf = a.allocate(4096);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long n = Libc.read(s.intValue(), buf, 4096);
            if (n >= 0) return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            if (n != -Libc.EAGAIN()) Errno.check(n, "read");
            Thread.sleep(10);
        }
        throw new AssertionError("no notification within " + timeout);
    }
}
