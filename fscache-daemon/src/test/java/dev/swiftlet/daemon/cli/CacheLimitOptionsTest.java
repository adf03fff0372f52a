package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.DaemonConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --cache-size} and {@code --cache-grace} on {@code swiftlet singleton} and {@code swiftlet daemon}, and the unit's env file. */
class CacheLimitOptionsTest {
    @TempDir
    Path dir;

    DaemonConfig singleton(String... more) {
        SingletonCommand c = new SingletonCommand();
        List<String> args = new ArrayList<>(List.of("--fscache", dir.toString()));
        args.addAll(List.of(more));
        new CommandLine(c).parseArgs(args.toArray(String[]::new));
        return c.validate();
    }

    String usageError(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "singleton",
                "--fscache",
                dir.toString(),
                "--apisock",
                dir.resolve("a.sock").toString()));
        args.addAll(List.of(more));
        CommandLine cl = new CommandLine(new NydusdMain());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(args.toArray(String[]::new))).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    @Test
    void noFlagNoLimit() {
        assertThat(singleton().cacheLimit()).isNull();
    }

    @Test
    void sizeWithSuffixAndGrace() {
        var limit = singleton("--cache-size", "10G", "--cache-grace", "60").cacheLimit();
        assertThat(limit.limitBytes()).isEqualTo(10L << 30);
        assertThat(limit.lowWaterBytes()).isEqualTo((10L << 30) / 10 * 9);
        assertThat(limit.orphanGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(singleton("--cache-size", "1073741824").cacheLimit().orphanGrace())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() {
        assertThat(usageError("--cache-size", "10X")).contains("--cache-size: '10X' is not a size");
        assertThat(usageError("--cache-size", "1K")).contains("--cache-size must be at least 1M");
        assertThat(usageError("--cache-size", "1G", "--cache-grace", "-5"))
                .contains("--cache-grace must be 0 or more seconds");
    }

    /** Every SWIFTLET_OPTS line of the unit's env file, the commented example too, is a valid {@code swiftlet daemon} command line. */
    @Test
    void theEnvFilesOptionsParse() throws Exception {
        Path env = ServiceUnitTest.REPO.resolve("scripts/systemd/swiftlet.env");
        List<String> lines = Files.readAllLines(env).stream()
                .filter(l -> l.matches("#?SWIFTLET_OPTS=.*"))
                .toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            DaemonCommand d = new DaemonCommand();
            CommandLine cl = new CommandLine(d);
            cl.parseArgs(
                    Arrays.stream(line.substring(line.indexOf('=') + 1).trim().split("\\s+"))
                            .toArray(String[]::new));
            var limit = d.cacheLimit.toLimit(cl);
            if (line.startsWith("#")) assertThat(limit.limitBytes()).isEqualTo(20L << 30);
            else assertThat(limit).isNull();
        }
    }
}
