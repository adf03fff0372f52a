package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code singleton}'s nydusd flags: defaults, the checks nydusd makes (exit 2 naming the flag), (log rotation: RotatingLogFileTest). */
class SingletonCommandTest {
    @TempDir
    Path dir;

    record Result(int exit, String err) {}

    Result run(String... args) {
        CommandLine cl = new CommandLine(new NydusdMain());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return new Result(cl.execute(args), err.toString());
    }

    List<String> base(String... more) {
        List<String> a = new ArrayList<>(List.of(
                "singleton",
                "--fscache",
                dir.toString(),
                "--apisock",
                dir.resolve("a.sock").toString()));
        a.addAll(List.of(more));
        return a;
    }

    void assertUsageError(List<String> args, String message) {
        Result r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void defaultsAreNydusds() {
        SingletonCommand c = new SingletonCommand();
        new CommandLine(c).parseArgs("--fscache", dir.toString());
        assertThat(c.fscacheThreads).isEqualTo(4);
        assertThat(c.logLevel).isEqualTo("info");
        assertThat(c.logRotationMiB).isZero();
        assertThat(c.rlimitNofile).isEqualTo(1_000_000);
        assertThat(c.frontEnd).isEqualTo("cachefiles");
        assertThat(c.upgrade).isFalse();
        // short forms as nydusd has them
        new CommandLine(c)
                .parseArgs("-F", dir.toString(), "-A", "/x.sock", "-l", "debug", "-L", "/x.log", "-C", "/c.json");
        assertThat(c.apiSocket).isEqualTo(Path.of("/x.sock"));
        assertThat(c.logFile).isEqualTo(Path.of("/x.log"));
        assertThat(c.config).isEqualTo(Path.of("/c.json"));
        assertThat(c.logLevel).isEqualTo("debug");
    }

    @Test
    void snapshotterCommandLineIsAcceptedAndBuildsTheDaemonConfig() throws Exception {
        SingletonCommand c = new SingletonCommand();
        CommandLine cl = new CommandLine(c);
        cl.parseArgs(
                "--fscache",
                dir.toString(),
                "--fscache-threads",
                "8",
                "--upgrade",
                "--id",
                "d1",
                "--apisock",
                dir.resolve("api.sock").toString(),
                "--log-level",
                "warn",
                "--log-rotation-size",
                "100",
                "--supervisor",
                dir.resolve("s.sock").toString(),
                "--log-file",
                dir.resolve("nydusd.log").toString(),
                "--fscache-tag",
                "t1");
        var cfg = c.validate();
        assertThat(cfg.threads()).isEqualTo(8);
        assertThat(cfg.upgrade()).isTrue();
        assertThat(cfg.id()).isEqualTo("d1");
        assertThat(cfg.supervisor()).isEqualTo(dir.resolve("s.sock"));
        assertThat(cfg.tag()).isEqualTo("t1");
        assertThat(cfg.frontEnd()).isEqualTo(dev.swiftlet.daemon.DaemonConfig.FrontEndKind.CACHEFILES);
        assertThat(cfg.apiSocket()).isEqualTo(dir.resolve("api.sock"));
    }

    @Test
    void invalidFlagsAreUsageErrorsThatNameTheFlag() throws Exception {
        assertUsageError(List.of("singleton", "--apisock", "/x"), "--fscache <DIR> is required");
        assertUsageError(
                List.of("singleton", "--fscache", dir.resolve("missing").toString()), "must be an existing directory");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertUsageError(List.of("singleton", "--fscache", file.toString()), "must be an existing directory");
        assertUsageError(base("--fscache-threads", "0"), "--fscache-threads must be between 1 and 1024, got 0");
        assertUsageError(base("--rlimit-nofile", "-1"), "--rlimit-nofile must be 0 or more, got -1");
        assertUsageError(base("--fscache-threads", "1025"), "--fscache-threads must be between 1 and 1024, got 1025");
        assertUsageError(base("--id", "d1"), "--id and --supervisor must be given together");
        assertUsageError(base("--supervisor", "/s.sock"), "--id and --supervisor must be given together");
        assertUsageError(
                base("--log-level", "verbose"), "--log-level: log level must be trace, debug, info, warn or error");
        assertUsageError(base("--log-rotation-size", "-1"), "--log-rotation-size must be 0 or more");
        assertUsageError(base("--config", dir.resolve("none.json").toString()), "is not a regular file");
        assertUsageError(base("--frontend", "fuse"), "--frontend must be cachefiles, fanotify, ublk, auto or none");
        assertUsageError(base("--fscache-threads", "many"), "--fscache-threads");
        assertUsageError(List.of(), "a subcommand is required: singleton");
        assertUsageError(List.of("fuse"), "fuse");
    }

    @Test
    void versionIsNydusdsFormat() {
        CommandLine cl = new CommandLine(new NydusdMain());
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("--version")).isZero();
        String v = out.toString();
        assertThat(v).startsWith("Version: \t").containsPattern("\nGit Commit: \t\\S+\n");
        assertThat(v)
                .contains("Git Commit: \t"
                        + dev.swiftlet.daemon.api.VersionInfo.current().gitCommit());
        StringWriter out2 = new StringWriter();
        cl.setOut(new PrintWriter(out2));
        assertThat(cl.execute("singleton", "-V")).isZero();
        assertThat(out2.toString()).isEqualTo(v);
    }
}
