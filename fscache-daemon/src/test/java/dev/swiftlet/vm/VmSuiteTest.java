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
 * Boots the test VM (a Linux 6.12 guest with cachefiles on-demand; this host's kernel has no cachefiles) and runs
 * every {@code @Tag("in-vm")} test of this module inside it through {@link GuestMain}; each guest test is reported
 * here as one dynamic test. A second boot on Linux 6.1, the oldest kernel Swiftlet supports, runs the classes
 * {@code -Dswiftlet.vm.kernel61.only} selects (default {@value #KERNEL61_CLASSES}), reported with the name prefix
 * {@code [6.1] }; {@code -Dswiftlet.vm.kernel61=false} skips it. {@code -Dswiftlet.vm.only} narrows both boots.
 * The guest sees the host's / read-only over 9p, so it runs the same JDK and the same class path; it writes only to
 * its tmpfs, its ext4 disk ({@code swiftlet.vm.cache}) and its boot's own share.
 */
class VmSuiteTest {
    static final String TAG = "in-vm";
    /** What the 6.1 boot runs unless told otherwise: the ublk front end (issue #20) and the cachefiles smoke test. */
    static final String KERNEL61_CLASSES = ".*\\.Ublk[^.]*|.*\\.CachefilesBindInVmTest";
    /** Each boot; a VM benchmark gives its own ({@code -Dswiftlet.vm.timeout=SECONDS}). */
    private static final long BOOT_TIMEOUT_SECONDS = Long.getLong("swiftlet.vm.timeout", 2700);
    /** The guest's nydusd, prepared once for both boots (an AOT training run costs a while). */
    private static String preparedNydusd;

    /**
     * One boot of the test VM: the kernel series (ensure-kernel.sh's KERNEL_SERIES), the share directory under
     * target/vm, the prefix of its dynamic tests' names and the regex over class names it runs ("" = all).
     */
    private record Boot(String series, String shareName, String namePrefix, String classes) {}

    @TestFactory
    Stream<DynamicTest> inVmTests() throws Exception {
        return run(new Boot("6.12", "share", "", ""));
    }

    @TestFactory
    Stream<DynamicTest> inVmTestsOnLinux61() throws Exception {
        if (!Boolean.parseBoolean(System.getProperty("swiftlet.vm.kernel61", "true")))
            Assumptions.abort("the 6.1 boot is off (-Dswiftlet.vm.kernel61=false)");
        if (Boolean.getBoolean("swiftlet.vm.bench")) Assumptions.abort("VM benchmarks run on 6.12 only");
        String classes = System.getProperty("swiftlet.vm.kernel61.only", KERNEL61_CLASSES);
        // a boot costs minutes: none when -Dswiftlet.vm.only leaves the 6.1 boot nothing to run
        if (GuestMain.selectedClasses(GuestMain.request(false, System.getProperty("swiftlet.vm.only", ""), classes))
                .isEmpty())
            Assumptions.abort("no in-vm class matches both swiftlet.vm.kernel61.only and swiftlet.vm.only");
        return run(new Boot("6.1", "share-6.1", "[6.1] ", classes));
    }

    private static Stream<DynamicTest> run(Boot boot) throws Exception {
        Path repo = Path.of(System.getProperty("swiftlet.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path runVm = repo.resolve("scripts/vm/run-vm.sh");
        if (!canRunQemu()) {
            String msg =
                    "\n*** VM TESTS SKIPPED: qemu-system-x86_64 cannot run here; the cachefiles front end is NOT tested ***\n";
            System.err.println(msg);
            Assumptions.abort(msg);
        }
        Path work = Path.of("target/vm").toAbsolutePath();
        Path share = work.resolve(boot.shareName());
        Files.createDirectories(share.resolve("out"));
        Files.deleteIfExists(share.resolve("out/results.json"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // an @argfile keeps the long class path off the kernel command line
        Files.writeString(share.resolve("java.args"), "-cp \"" + guestClassPath(classPath, share) + "\"\n");
        stageFixtures(repo, share);
        String nydusdDir = guestNydusd(repo, classPath, work.resolve("nydusd"));
        String javaHome = System.getProperty("java.home");
        if (hiddenInGuest(Path.of(javaHome)))
            throw new AssertionFailedError("the JDK at " + javaHome + " is not visible in the guest");
        // the guest mounts tmpfs over /tmp, /run and /mnt: the script goes through the share
        Path guestScript = share.resolve("guest.sh");
        Files.writeString(
                guestScript,
                String.join(
                        "\n",
                        "set -e",
                        "cd /mnt/cache",
                        // -XX:-UseSHA: the first guest crash seen was in the JDK's SHA-256 stub; the cause turned out
                        // to be
                        // multi-threaded TCG (see run-vm.sh), but the plain Java path costs little here. AVX must stay:
                        // lz4-java's native library uses it unconditionally.
                        "exec '" + javaHome
                                + "/bin/java' -XX:-UseSHA --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \\",
                        // swiftlet.repo.root is only readable in the guest when the checkout is not under /tmp, /run or
                        // /mnt;
                        // in-VM tests that need host files get them through the share (/mnt/share)
                        "  -Dswiftlet.vm.cache=/mnt/cache -Dswiftlet.vm.share=/mnt/share -Dswiftlet.repo.root='" + repo
                                + "' \\",
                        "  -Dswiftlet.vm.only='"
                                + System.getProperty("swiftlet.vm.only", "").replace("'", "") + "' \\",
                        "  -Dswiftlet.vm.boot.only='" + boot.classes().replace("'", "") + "' -Dswiftlet.vm.kernel="
                                + boot.series() + " \\",
                        "  " + benchmarkProperties() + " \\",
                        "  -Dswiftlet.realclient.dir='" + realClientDir() + "' -Dswiftlet.vm.nydusd='"
                                + nydusdDir.replace("'", "") + "' \\",
                        "  @/mnt/share/java.args dev.swiftlet.vm.GuestMain /mnt/share/out/results.json",
                        ""));
        ProcessBuilder pb = new ProcessBuilder(runVm.toString(), "/mnt/share/guest.sh").inheritIO();
        pb.environment().put("SHARE", share.toString());
        pb.environment().put("KERNEL_SERIES", boot.series());
        pb.environment().put("TIMEOUT", String.valueOf(BOOT_TIMEOUT_SECONDS + 60)); // run-vm.sh's own limit, past ours
        Process vm = pb.start();
        if (!vm.waitFor(BOOT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            vm.destroyForcibly();
            throw new AssertionFailedError(
                    "the " + boot.series() + " test VM did not finish within " + BOOT_TIMEOUT_SECONDS + " s");
        }
        Path results = share.resolve("out/results.json");
        if (!Files.exists(results)) {
            throw new AssertionFailedError(
                    "the " + boot.series() + " test VM ran no tests (exit " + vm.exitValue() + "); see "
                            + share.resolve("out/console.log") + " and " + share.resolve("out/test.log") + ":\n"
                            + tail(share.resolve("out/test.log")) + tail(share.resolve("out/console.log")));
        }
        List<GuestMain.Result> list = new ObjectMapper().readValue(results.toFile(), new TypeReference<>() {});
        assertThat(list).as("in-vm test results").isNotEmpty();
        return list.stream().map(r -> {
            // surefire's report names a dynamic test by its factory and index only: the message names it too
            String name = boot.namePrefix() + r.name();
            return DynamicTest.dynamicTest(name, () -> {
                switch (r.status()) {
                    case "SUCCESSFUL" -> {}
                    case "SKIPPED", "ABORTED" -> Assumptions.abort(name + " in the guest: " + r.trace());
                    default -> throw new AssertionFailedError(name + " failed in the test VM:\n" + r.trace());
                }
            });
        });
    }

    /**
     * The guest's nydusd for the real client (RealClientInVmTest): jars + an AOT cache, made here where the JVM is
     * fast, once for both boots; "" when the real client was never fetched or the guest could not see them.
     */
    private static synchronized String guestNydusd(Path repo, String classPath, Path dir) {
        if (preparedNydusd == null) {
            preparedNydusd =
                    !realClientDir().isEmpty() && !hiddenInGuest(dir) && GuestNydusd.prepare(repo, classPath, dir)
                            ? dir.toString()
                            : "";
        }
        return preparedNydusd;
    }

    /**
     * {@code -Dswiftlet.vm.bench=true} runs the VM benchmarks instead of the tests; it and the benchmark's own
     * {@code swiftlet.bench.*} settings go to the guest as given.
     */
    private static String benchmarkProperties() {
        StringBuilder b = new StringBuilder("-Dswiftlet.vm.bench=" + Boolean.getBoolean("swiftlet.vm.bench"));
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("swiftlet.bench.")) {
                b.append(" '-D")
                        .append(name)
                        .append('=')
                        .append(System.getProperty(name).replace("'", ""))
                        .append('\'');
            }
        }
        return b.toString();
    }

    /** The Nydus fixtures (../shared/fixtures) go through the share: the checkout may be hidden in the guest. */
    private static void stageFixtures(Path repo, Path share) throws java.io.IOException {
        Path src = repo.resolve("../shared/fixtures/nydus").normalize();
        if (!Files.isDirectory(src)) src = Path.of("/work/shared/fixtures/nydus");
        Path dst = share.resolve("fixtures/nydus");
        if (!Files.isDirectory(src) || Files.isDirectory(dst)) return;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path f : s.toList()) {
                Path t = dst.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
    }

    /**
     * containerd and nydus-snapshotter as scripts/real-client/fetch.sh caches them (outside the checkout; the guest
     * reads them through its 9p root), or "" when they were never fetched (RealClientInVmTest then says so and skips).
     */
    static String realClientDir() {
        String given = System.getProperty("swiftlet.realclient.dir", "");
        Path dir = !given.isEmpty()
                ? Path.of(given)
                : System.getenv("SWIFTLET_REAL_CLIENT_CACHE") != null
                        ? Path.of(System.getenv("SWIFTLET_REAL_CLIENT_CACHE"), "current")
                        : Path.of(System.getProperty("user.home"), ".cache/swiftlet/real-client/current");
        try {
            return dir.toRealPath().toString().replace("'", "");
        } catch (java.io.IOException notFetched) {
            return "";
        }
    }

    /** The guest sees the host's / except /tmp, /run and /mnt (its own tmpfs there). */
    static boolean hiddenInGuest(Path p) {
        Path a = p.toAbsolutePath().normalize();
        return a.startsWith("/tmp") || a.startsWith("/run") || a.startsWith("/mnt");
    }

    /**
     * The class path as the guest must see it: entries under a hidden directory (a checkout in /tmp, as a
     * CI clone may be) are copied into the share and named by their guest path /mnt/share/cp/N.
     */
    private static String guestClassPath(String classPath, Path share) throws java.io.IOException {
        Path staged = share.resolve("cp");
        if (Files.exists(staged)) {
            try (Stream<Path> s = Files.walk(staged)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
        List<String> out = new java.util.ArrayList<>();
        int n = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry);
            if (!hiddenInGuest(p) || !Files.exists(p)) {
                out.add(entry);
                continue;
            }
            Path target = staged.resolve(Integer.toString(n++));
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    for (Path f : s.toList()) {
                        Path t = target.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(t);
                        else Files.copy(f, t);
                    }
                }
                out.add("/mnt/share/cp/" + target.getFileName());
            } else {
                Files.createDirectories(target);
                Files.copy(p, target.resolve(p.getFileName()));
                out.add("/mnt/share/cp/" + target.getFileName() + "/" + p.getFileName());
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static boolean canRunQemu() {
        try {
            Process p = new ProcessBuilder("qemu-system-x86_64", "--version")
                    .redirectErrorStream(true)
                    .start();
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
