package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers of a daemon give its JVM the options of scripts/daemon.jvmopts (the serial GC, a bounded heap), and
 * SWIFTLET_JAVA_OPTS still overrides them. Each launcher is run with {@code -XX:+PrintFlagsFinal -version} in
 * SWIFTLET_JAVA_OPTS: the JVM prints the flags it would run with and exits before the daemon's main class.
 */
class DaemonJvmOptionsTest {
    private static final Path REPO = ServiceUnitTest.REPO;
    private static final String PRINT = "-XX:+PrintFlagsFinal -version";

    @TempDir
    Path tmp;

    @Test
    void nydusdRunsWithTheDaemonOptionsAndSwiftletJavaOptsWin() throws Exception {
        Map<String, String> flags = flags(nydusd(PRINT));
        assertThat(flags).containsEntry("UseSerialGC", "true").containsEntry("MaxHeapSize", String.valueOf(128 << 20));
        assertThat(flags).containsEntry("MaxDirectMemorySize", String.valueOf(512L << 20));

        Map<String, String> overridden = flags(nydusd("-Xmx256m -XX:-UseSerialGC -XX:+UseG1GC " + PRINT));
        assertThat(overridden)
                .containsEntry("UseSerialGC", "false")
                .containsEntry("UseG1GC", "true")
                .containsEntry("MaxHeapSize", String.valueOf(256 << 20));
    }

    @Test
    void theInstalledLauncherGivesThemToDaemonCommandsOnly() throws Exception {
        Path root = ServiceUnitTest.stagedInstall(tmp);
        Path bin = root.resolve("opt/swiftlet/bin");
        for (List<String> daemon : List.of(List.of("swiftlet", "daemon"), List.of("nydusd", "singleton"))) {
            assertThat(flags(launch(bin.resolve(daemon.get(0)), daemon.get(1), PRINT)))
                    .as(String.join(" ", daemon))
                    .containsEntry("UseSerialGC", "true")
                    .containsEntry("MaxHeapSize", String.valueOf(128 << 20));
        }
        Map<String, String> client = flags(launch(bin.resolve("swiftlet"), "stats", PRINT));
        assertThat(client.get("MaxHeapSize")).isNotEqualTo(String.valueOf(128 << 20));
        assertThat(flags(launch(bin.resolve("swiftlet"), "daemon", "-Xmx192m " + PRINT)))
                .containsEntry("MaxHeapSize", String.valueOf(192 << 20));
    }

    private static String nydusd(String javaOpts) throws Exception {
        List<String> cmd = List.of(REPO.resolve("scripts/nydusd").toString(), "--version");
        return output(
                cmd,
                Map.of(
                        "SWIFTLET_CLASSPATH", System.getProperty("java.class.path"),
                        "SWIFTLET_JAVA_OPTS", javaOpts,
                        "SWIFTLET_JAVA_HOME", System.getProperty("java.home")));
    }

    private static String launch(Path launcher, String command, String javaOpts) throws Exception {
        return output(List.of(launcher.toString(), command), Map.of("SWIFTLET_JAVA_OPTS", javaOpts));
    }

    private static String output(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static final Pattern FLAG = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+= (\\S+)", Pattern.MULTILINE);

    /** The flags of -XX:+PrintFlagsFinal output: name to value. */
    private static Map<String, String> flags(String printed) {
        Map<String, String> flags = new java.util.HashMap<>();
        Matcher m = FLAG.matcher(printed);
        while (m.find()) flags.put(m.group(1), m.group(2));
        assertThat(flags).as(printed).containsKey("MaxHeapSize");
        return flags;
    }
}
