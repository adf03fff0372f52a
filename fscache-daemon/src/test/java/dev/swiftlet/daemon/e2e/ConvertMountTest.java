package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cli.SwiftletCommand;
import dev.swiftlet.rafs.testing.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code swiftlet image convert} end to end on this host: the hand-made three-layer image
 * ({@code scripts/oci/make-layered.py}: gzip, zstd and plain layers with deletions, an opaque directory, a file
 * replaced by a directory and the reverse, hard links across layers) pushed as an ordinary OCI image with skopeo to
 * Debian's docker-registry, converted registry to registry, then mounted with {@code swiftlet mount --image} through
 * the daemon (fanotify front end). The mounted tree equals python3's tarfile unpacking the source layers one over
 * the other with whiteouts applied ({@code scripts/oci/flatten.py}): content, mode, owner, xattrs, symlink targets,
 * device numbers and which names share an inode; and the same for the container-start benchmark's debootstrap image
 * when its tree is cached. Needs root, Linux 6.14+, docker-registry, skopeo and python3.
 */
class ConvertMountTest {
    private static final Path SCRIPTS =
            Path.of("../scripts/oci").toAbsolutePath().normalize();
    RegistryDaemon env;

    @AfterEach
    void tearDown() throws Exception {
        if (env != null) env.close();
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ":\n" + out).isZero();
    }

    private static int swiftlet(StringWriter err, String... args) {
        var cl = SwiftletCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void aConvertedImageMountsAsItsLayersUnpackOneOverTheOther() throws Exception {
        env = RegistryDaemon.start("convert-mount", 4, src -> Files.writeString(src.resolve("unused"), "x"));
        Path made = env.dir.resolve("layered");
        run("python3", SCRIPTS.resolve("make-layered.py").toString(), made.toString());
        run(
                "python3",
                SCRIPTS.resolve("flatten.py").toString(),
                made.resolve("layout") + ":latest",
                made.resolve("flat").toString());
        String host = env.registry.host();
        run(
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "oci:" + made.resolve("layout") + ":latest",
                "docker://" + host + "/plain:latest");

        StringWriter err = new StringWriter();
        int rc = swiftlet(
                err,
                "image",
                "convert",
                host + "/plain:latest",
                "docker://" + host + "/conv:v1",
                "--work-dir",
                env.dir.resolve("work").toString());
        assertThat(rc).as(err.toString()).isZero();

        Path mnt = env.mountImage(host + "/conv:v1", "mnt", "conv1");
        Map<String, String> expected = describe(made.resolve("flat"));
        Map<String, String> got = describe(mnt);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((path, desc) -> assertThat(got.get(path)).as(path).isEqualTo(desc));
        assertThat(got.get("bin/tool2"))
                .contains("links=[bin/tool, bin/tool2]")
                .contains("mode=104755 uid=1000")
                .contains("xattrs=user.note=");
        assertThat(got).doesNotContainKeys("var/old", "home/u/lower", "home/u/sub", "lib/link");

        // again into another repository with the first conversion as chunk dictionary: every chunk is in its blobs,
        // so no new blob is made and the dictionary's blobs are mounted across repositories, never uploaded again
        err = new StringWriter();
        rc = swiftlet(
                err,
                "image",
                "convert",
                "oci:" + made.resolve("layout") + ":latest",
                host + "/conv2:v1",
                "--chunk-dict",
                host + "/conv:v1",
                "--work-dir",
                env.dir.resolve("work").toString());
        assertThat(rc).as(err.toString()).isZero();
        Path mnt2 = env.mountImage(host + "/conv2:v1", "mnt2", "conv2");
        assertThat(describe(mnt2)).isEqualTo(got);
        Path uploads = env.registry.storage().resolve("docker/registry/v2/repositories/conv2/_uploads");
        try (Stream<Path> s = Files.exists(uploads) ? Files.list(uploads) : Stream.empty()) {
            assertThat(s.toList()).as("no upload sessions left open").isEmpty();
        }
    }

    /**
     * An image of 40 layers, more than block 0's device table holds: converted, it mounts through the daemon (its 40
     * {@code device=} options are longer than a mount(2) page, so they go through a file-system context) and shows
     * the layers as GNU tar unpacks them one over the other.
     */
    @Test
    void anImageOfFortyLayersConvertsAndMounts() throws Exception {
        env = RegistryDaemon.start("convert-many", 4, src -> Files.writeString(src.resolve("unused"), "x"));
        Path made = Files.createDirectories(env.dir.resolve("many"));
        Path flat = Files.createDirectories(made.resolve("flat"));
        List<String> fromTars = new ArrayList<>(List.of(
                "python3",
                SCRIPTS.resolve("from-tars.py").toString(),
                made.resolve("layout").toString()));
        for (int i = 0; i < 40; i++) {
            Path tree = Files.createDirectories(made.resolve("tree-" + i + "/l" + i));
            byte[] data = new byte[70_000 + i];
            new java.util.Random(i).nextBytes(data);
            Files.write(tree.resolve("data"), data);
            Files.writeString(tree.resolveSibling("top"), "layer " + i);
            String tar = made.resolve("layer-" + i + ".tar").toString();
            run("tar", "-C", tree.getParent().toString(), "-cf", tar, ".");
            run("tar", "-C", flat.toString(), "-xpf", tar);
            fromTars.add(tar);
        }
        run(fromTars.toArray(String[]::new));
        String host = env.registry.host();
        StringWriter err = new StringWriter();
        int rc = swiftlet(
                err,
                "image",
                "convert",
                "oci:" + made.resolve("layout") + ":latest",
                host + "/many:latest",
                "--work-dir",
                env.dir.resolve("work").toString());
        assertThat(rc).as(err.toString()).isZero();

        Path mnt = env.mountImage(host + "/many:latest", "mnt", "many1");
        Map<String, String> expected = describe(flat);
        Map<String, String> got = describe(mnt);
        assertThat(got.keySet()).isEqualTo(expected.keySet()).contains("l0/data", "l39/data", "top");
        expected.forEach((path, desc) -> assertThat(got.get(path)).as(path).isEqualTo(desc));
        assertThat(Files.readString(mnt.resolve("top"))).isEqualTo("layer 39");
    }

    /**
     * The acceptance image: the container-start benchmark's debootstrap tree ({@code benchmarks/container-start/rootfs.sh},
     * cached outside the checkout; the test is skipped until it exists) as an ordinary one-layer gzip OCI image.
     */
    @Test
    void theDebootstrapImageConvertsAndMountsAsItUnpacks() throws Exception {
        Path tar;
        try (Stream<Path> s = Files.exists(ROOTFS_CACHE) ? Files.list(ROOTFS_CACHE) : Stream.empty()) {
            tar = s.filter(p -> p.getFileName().toString().matches("rootfs-[0-9a-f]+\\.tar"))
                    .findFirst()
                    .orElse(null);
        }
        Assumptions.assumeTrue(
                tar != null,
                "no debootstrap tree cached in " + ROOTFS_CACHE + " (benchmarks/container-start/rootfs.sh)");
        env = RegistryDaemon.start("convert-debootstrap", 4, src -> Files.writeString(src.resolve("unused"), "x"));
        Path made = env.dir.resolve("deb");
        Files.createDirectories(made);
        Files.copy(tar, made.resolve("layer.tar"));
        run(
                "python3",
                SCRIPTS.resolve("from-tars.py").toString(),
                made.resolve("layout").toString(),
                made.resolve("layer.tar").toString());
        run(
                "python3",
                SCRIPTS.resolve("flatten.py").toString(),
                made.resolve("layout") + ":latest",
                made.resolve("flat").toString());
        String host = env.registry.host();
        run(
                "skopeo",
                "copy",
                "--quiet",
                "--dest-tls-verify=false",
                "oci:" + made.resolve("layout") + ":latest",
                "docker://" + host + "/deb:latest");
        StringWriter err = new StringWriter();
        int rc = swiftlet(
                err,
                "image",
                "convert",
                host + "/deb:latest",
                host + "/deb-nydus:latest",
                "--work-dir",
                env.dir.resolve("work").toString());
        assertThat(rc).as(err.toString()).isZero();
        Path mnt = env.mountImage(host + "/deb-nydus:latest", "mnt", "deb1");
        Map<String, String> expected = describe(made.resolve("flat"));
        Map<String, String> got = describe(mnt);
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((path, desc) -> assertThat(got.get(path)).as(path).isEqualTo(desc));
        assertThat(got.get("usr/bin/python3")).startsWith("->");
    }

    private static final Path ROOTFS_CACHE =
            Path.of(System.getenv().getOrDefault("SWIFTLET_BENCH_CACHE", "/var/cache/swiftlet-bench"));

    /**
     * One line per path: type and mode, owner, content digest or link target or device, user xattrs, and the names
     * sharing its inode. Directories' mtimes are left out (unpacking into a directory changes its mtime), and symlinks'.
     */
    static Map<String, String> describe(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Map<Object, TreeSet<String>> byInode = new HashMap<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.filter(p -> !p.equals(root)).toList();
        }
        Map<String, Object> inodeOf = new HashMap<>();
        for (Path p : paths) {
            Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            String rel = root.relativize(p).toString();
            int mode = (Integer) a.get("mode");
            int type = mode & 0170000;
            String content = switch (type) {
                case 0100000 -> Sha256.hex(Files.readAllBytes(p));
                case 0120000 -> "->" + Files.readSymbolicLink(p);
                case 0020000, 0060000 -> "rdev=" + a.get("rdev");
                default -> "";
            };
            // python's tarfile sets no symlink mtimes, so those are left out too
            String mtime = type == 0040000 || type == 0120000
                    ? ""
                    : " mtime="
                            + ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
            out.put(
                    rel,
                    String.format(
                            "%s mode=%o uid=%s gid=%s nlink=%s%s",
                            content, mode, a.get("uid"), a.get("gid"), a.get("nlink"), mtime));
            if (type != 0040000) {
                inodeOf.put(rel, a.get("ino"));
                byInode.computeIfAbsent(a.get("ino"), k -> new TreeSet<>()).add(rel);
            }
        }
        xattrs(root).forEach((rel, x) -> out.computeIfPresent(rel, (k, v) -> v + " xattrs=" + x));
        inodeOf.forEach((rel, ino) -> {
            TreeSet<String> names = byInode.get(ino);
            if (names.size() > 1) out.put(rel, out.get(rel) + " links=" + new ArrayList<>(names));
        });
        return out;
    }

    /** Every xattr of every name below {@code root} (any namespace), as python's os.listxattr sees them: path → list. */
    private static Map<String, String> xattrs(Path root) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", """
                import hashlib, os, sys
                root = sys.argv[1]
                for d, dirs, files in os.walk(root):
                    for n in sorted(dirs + files):
                        p = os.path.join(d, n)
                        for x in sorted(os.listxattr(p, follow_symlinks=False)):
                            v = os.getxattr(p, x, follow_symlinks=False)
                            print(os.path.relpath(p, root) + "\t" + x + "=" + hashlib.sha256(v).hexdigest()[:16])
                """, root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, String> out = new TreeMap<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            out.merge(line.substring(0, tab), line.substring(tab + 1), (a, b) -> a + "," + b);
        }
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
