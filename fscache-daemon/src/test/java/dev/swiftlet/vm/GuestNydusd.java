package dev.swiftlet.vm;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Prepares, on the host before the boot, how the guest starts {@code scripts/nydusd} for nydus-snapshotter: the
 * daemon's class path as jars only (the modules' {@code target/classes} packed into jars, dependency jars as they
 * are) and a JDK AOT cache made for it by {@code scripts/nydusd-aot-cache}. Under emulation the JVM starts about
 * ten times slower than here, and the snapshotter gives up watching a daemon whose API socket is not there within
 * its wait (~10 s): the AOT cache is what brings the guest's start under it. The guest sees the host's / at the
 * same paths, so the jars and the cache are used where they were made.
 */
public final class GuestNydusd {
    /**
     * The options scripts/nydusd gets in the guest and in the training run (an AOT cache must match them). C1 only and
     * the serial collector were tried for the emulated start and made it no faster (15.6 s to the socket against 12.3 s).
     * A VM benchmark may give others ({@code -Dswiftlet.bench.nydusd.opts}, passed to the guest with the other
     * {@code swiftlet.bench.*} settings).
     */
    static final String JAVA_OPTS = System.getProperty("swiftlet.bench.nydusd.opts", "-XX:-UseSHA");

    private GuestNydusd() {}

    /**
     * In the guest: the environment under which {@code scripts/nydusd} runs the classes under test, from the jars
     * and AOT cache the host prepared ({@code -Dswiftlet.vm.nydusd=DIR}), else from this JVM's class path.
     */
    public static java.util.Map<String, String> environment() throws IOException {
        String dir = System.getProperty("swiftlet.vm.nydusd", "");
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("SWIFTLET_JAVA_HOME", System.getProperty("java.home"));
        env.put("SWIFTLET_JAVA_OPTS", JAVA_OPTS);
        if (dir.isEmpty()) {
            env.put("SWIFTLET_CLASSPATH", System.getProperty("java.class.path"));
        } else {
            env.put("SWIFTLET_CLASSPATH", Files.readString(Path.of(dir, "classpath")));
            env.put("SWIFTLET_AOT_CACHE", Path.of(dir, "nydusd.aot").toString());
        }
        return env;
    }

    /**
     * Writes {@code dir/classpath} (the jar class path) and {@code dir/nydusd.aot}; returns false, with the reason on
     * stderr, when it could not (the guest then runs scripts/nydusd from the test class path without a cache).
     */
    static boolean prepare(Path repo, String classPath, Path dir) {
        try {
            if (Files.exists(dir)) deleteTree(dir);
            Files.createDirectories(dir);
            List<String> jars = new ArrayList<>();
            int n = 0;
            for (String entry : classPath.split(File.pathSeparator)) {
                if (entry.isEmpty()) continue;
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    if (p.getFileName().toString().equals("test-classes")) continue; // the daemon needs none of them
                    Path jar = dir.resolve("classes-" + (n++) + ".jar");
                    pack(p, jar);
                    jars.add(jar.toString());
                } else if (Files.isRegularFile(p)) {
                    jars.add(entry);
                }
            }
            String cp = String.join(File.pathSeparator, jars);
            Files.writeString(dir.resolve("classpath"), cp);
            ProcessBuilder pb = new ProcessBuilder(
                            repo.resolve("scripts/nydusd-aot-cache").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("aot-training.log").toFile());
            pb.environment().put("SWIFTLET_CLASSPATH", cp);
            pb.environment().put("SWIFTLET_AOT_CACHE", dir.resolve("nydusd.aot").toString());
            pb.environment().put("SWIFTLET_JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("SWIFTLET_JAVA_OPTS", JAVA_OPTS);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                System.err.println("GuestNydusd: the AOT training run did not finish in 300 s");
                return false;
            }
            if (p.exitValue() != 0) {
                System.err.println("GuestNydusd: the AOT training run failed:\n"
                        + Files.readString(dir.resolve("aot-training.log")));
                return false;
            }
            System.err.println("GuestNydusd: AOT cache for the guest's nydusd made in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
            return true;
        } catch (IOException | InterruptedException e) {
            System.err.println("GuestNydusd: " + e);
            return false;
        }
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out);
                Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.sorted().toList()) {
                if (f.equals(classes)) continue;
                String name = classes.relativize(f).toString().replace(File.separatorChar, '/');
                if (Files.isDirectory(f)) {
                    j.putNextEntry(new JarEntry(name + "/"));
                } else {
                    j.putNextEntry(new JarEntry(name));
                    Files.copy(f, j);
                }
                j.closeEntry();
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
