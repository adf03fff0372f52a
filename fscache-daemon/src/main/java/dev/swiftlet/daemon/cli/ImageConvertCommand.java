package dev.swiftlet.daemon.cli;

import dev.swiftlet.fetch.oci.ImageConverter;
import dev.swiftlet.fetch.oci.ImagePuller;
import dev.swiftlet.fetch.oci.ImageReference;
import dev.swiftlet.fetch.oci.ImageSource;
import dev.swiftlet.fetch.oci.ImageTarget;
import dev.swiftlet.fetch.oci.OciLayout;
import dev.swiftlet.fetch.oci.Platform;
import dev.swiftlet.fetch.oci.SourceImage;
import dev.swiftlet.fetch.registry.RegistryBackend;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.LayeredImageBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet image convert SOURCE TARGET}: an OCI image (registry or OCI layout) becomes a Nydus image in
 * nydusify's shape (one data blob per layer, a merged bootstrap layer, the source's config), written to a registry
 * or an OCI layout. On a terminal, a progress line per layer.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = "Convert an OCI image to a Nydus image: SOURCE and TARGET are oci:DIR[:TAG] or [docker://]REF.")
final class ImageConvertCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "oci:DIR[:TAG], or a registry image [docker://][host[:port]/]repo[:tag|@digest].")
    String source;

    @Parameters(
            index = "1",
            paramLabel = "TARGET",
            description = "oci:DIR[:TAG] (tag default latest), or a registry image.")
    String target;

    @Option(
            names = "--platform",
            paramLabel = "OS/ARCH[/VARIANT]",
            description = "Which image of a multi-platform index (default: this host's).")
    String platform;

    @Mixin
    ChunkingOptions chunking;

    @Option(
            names = "--chunk-dict",
            paramLabel = "BOOTSTRAP|REF",
            description =
                    "Reuse chunks of another Nydus image: its bootstrap file (blobs in blobs/ beside it), or its registry reference.")
    String chunkDict;

    @Option(
            names = "--creds",
            paramLabel = "USER:PASSWORD",
            description = "Registry credentials (default: $SWIFTLET_REGISTRY_CREDS).")
    String creds = System.getenv("SWIFTLET_REGISTRY_CREDS");

    @Option(names = "--plain-http", description = "Talk HTTP to registries (default: only for loopback hosts).")
    boolean plainHttp;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where blobs are made before they are written out (default /var/tmp).")
    Path workDir = Path.of("/var/tmp");

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(workDir), "swiftlet-convert-");
        try {
            String mountFrom = null;
            Path dict = null;
            Function<String, Path> dictBlobs = null;
            if (chunkDict != null) {
                if (Files.isRegularFile(Path.of(chunkDict))) {
                    dict = Path.of(chunkDict).toAbsolutePath();
                    Path blobs = dict.getParent().resolve("blobs");
                    dictBlobs = id -> Files.exists(blobs.resolve(id)) ? blobs.resolve(id) : null;
                } else {
                    ImageReference ref = ImageRefs.registryRef(chunkDict);
                    try (RegistryBackend r = new RegistryBackend(ImageRefs.registryConfig(ref, creds, plainHttp))) {
                        dict = ImagePuller.pull(r, ref.reference(), Files.createDirectories(work.resolve("dict")))
                                .bootstrap();
                    }
                    // its blobs stay in its repository: the target mounts them from there when on the same registry
                    if (ImageRefs.layout(target) == null
                            && ImageRefs.registryRef(target).host().equals(ref.host())) mountFrom = ref.repository();
                }
            }
            BuildOptions options = chunking.options(dict);
            Platform p = platform == null ? null : Platform.parse(platform);
            OciLayout targetLayout = ImageRefs.layout(target);
            try (ImageSource src = ImageRefs.source(source, creds, plainHttp);
                    ImageTarget dst = targetLayout != null
                            ? targetLayout
                            : ImageRefs.registry(target, creds, plainHttp, mountFrom)) {
                boolean terminal = System.console() != null && System.console().isTerminal();
                ImageConverter.Result r = ImageConverter.convert(
                        src,
                        dst,
                        new ImageConverter.Options(options, p, dictBlobs),
                        work,
                        terminal ? new ProgressLines(System.out) : null);
                System.out.printf(
                        "%s -> %s: manifest %s, %d layer(s) -> %d blob(s) + bootstrap%n",
                        r.source().description(),
                        dst.describe(),
                        r.written().manifestDigest(),
                        r.layers().size(),
                        r.layers().stream().filter(l -> l.blobId() != null).count());
            }
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    /** One line per layer, rewritten in place while it streams and left standing once done. */
    static final class ProgressLines implements ImageConverter.Listener {
        private final PrintStream out;
        private long lastNanos;

        ProgressLines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void progress(SourceImage.Layer layer, long bytesRead) {
            long now = System.nanoTime();
            if (now - lastNanos < 100_000_000L) return;
            lastNanos = now;
            out.printf("\r\033[K%s  %s / %s", layer.name(), mib(bytesRead), mib(layer.size()));
            out.flush();
        }

        @Override
        public void done(SourceImage.Layer layer, LayeredImageBuilder.Layer r) {
            out.printf(
                    "\r\033[K%s  %s: %d files, %d chunks (%d already stored) -> %s%n",
                    layer.name(),
                    mib(layer.size()),
                    r.files(),
                    r.chunks(),
                    r.dedupedChunks(),
                    r.blobId() == null ? "no new blob" : "blob " + r.blobId());
        }

        private static String mib(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
