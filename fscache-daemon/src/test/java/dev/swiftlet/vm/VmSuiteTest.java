package dev.swiftlet.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Boots the test VM once (a Linux 6.12 guest with cachefiles on-demand; this host's kernel has no
 * cachefiles) and runs every {@code @Tag("in-vm")} test of this module inside it through
 * {@link GuestMain}; each guest test is reported here as one dynamic test. The guest sees the host's /
 * read-only over 9p, so it runs the same JDK and the same class path; it writes only to its tmpfs, its
 * ext4 disk ({@code swiftlet.vm.cache}) and the share.
 */
class VmSuiteTest {
    static final String TAG = "in-vm";
    private static final long BOOT_TIMEOUT_SECONDS = 1500;

    @TestFactory
    Stream<DynamicTest> inVmTests() throws Exception {
        Path repo = Path.of(System.getProperty("swiftlet.repo.root", "..")).toAbsolutePath().normalize();
        Path runVm = repo.resolve("scripts/vm/run-vm.sh");
        if (!canRunQemu()) {
            String msg = "\n*** VM TESTS SKIPPED: qemu-system-x86_64 cannot run here; the cachefiles front end is NOT tested ***\n";
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        Path work = Path.of("target/vm").toAbsolutePath();
        Path share = work.resolve("share");
        Files.createDirectories(share.resolve("out"));
        Files.deleteIfExists(share.resolve("out/results.json"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // an @argfile keeps the long class path off the kernel command line
        Files.writeString(share.resolve("java.args"), "-cp \"" + classPath.replace(File.pathSeparator, File.pathSeparator) + "\"\n");
        String javaHome = System.getProperty("java.home");
        Path guestScript = work.resolve("guest.sh");
        Files.writeString(guestScript, String.join("\n",
                "set -e",
                "cd /mnt/cache",
                "exec '" + javaHome + "/bin/java' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \\",
                "  -Dswiftlet.vm.cache=/mnt/cache -Dswiftlet.repo.root='" + repo + "' \\",
                "  @/mnt/share/java.args dev.swiftlet.vm.GuestMain /mnt/share/out/results.json",
                ""));
        ProcessBuilder pb = new ProcessBuilder(runVm.toString(), guestScript.toString()).inheritIO();
        pb.environment().put("SHARE", share.toString());
        Process vm = pb.start();
        if (!vm.waitFor(BOOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            vm.destroyForcibly();
            throw new AssertionFailedError("the test VM did not finish within " + BOOT_TIMEOUT_SECONDS + " s");
        }
        Path results = share.resolve("out/results.json");
        if (!Files.exists(results)) {
            throw new AssertionFailedError("the test VM ran no tests (exit " + vm.exitValue() + "); see "
                    + share.resolve("out/console.log") + " and " + share.resolve("out/test.log") + ":\n"
                    + tail(share.resolve("out/test.log")) + tail(share.resolve("out/console.log")));
        }
        List<GuestMain.Result> list = new ObjectMapper().readValue(results.toFile(), new TypeReference<>() {});
        assertThat(list).as("in-vm test results").isNotEmpty();
        return list.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> {
            switch (r.status()) {
                case "SUCCESSFUL" -> { }
                case "SKIPPED", "ABORTED" -> Assumptions.abort("in the guest: " + r.trace());
                default -> throw new AssertionFailedError("failed in the test VM:\n" + r.trace());
            }
        }));
    }

    private static boolean canRunQemu() {
        try {
            Process p = new ProcessBuilder("qemu-system-x86_64", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String tail(Path f) {
        try {
            List<String> lines = Files.readAllLines(f);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
        } catch (Exception e) {
            return "(no " + f.getFileName() + ")\n";
        }
    }
}
