package dev.swiftlet.daemon.cli;

import dev.swiftlet.fetch.oci.ImageConfig;
import dev.swiftlet.fetch.oci.NydusImageWriter;
import dev.swiftlet.fetch.oci.OciLayout;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swiftlet image build SRC --output DIR}: a RAFS v6 image from a directory or a tar (plain or gzip). */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = "Build a RAFS v6 image: DIR/image.boot and DIR/blobs/<blob-id>.")
final class ImageBuildCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SRC", description = "A directory, or a tar file (plain or gzip).")
    Path source;

    @Option(names = "--output", required = true, paramLabel = "DIR")
    Path output;

    @Mixin
    ChunkingOptions chunking;

    @Option(
            names = "--chunk-dict",
            paramLabel = "BOOTSTRAP",
            description = "Reuse chunks already in this image's blobs.")
    Path chunkDict;

    @Option(
            names = "--oci",
            paramLabel = "DIR",
            description = "Also write an OCI image layout (Nydus manifest) for skopeo to push.")
    Path oci;

    @Option(
            names = "--oci-tag",
            defaultValue = "latest",
            paramLabel = "TAG",
            description = "Tag of the image in the OCI layout.")
    String ociTag;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "With --oci: an OCI image config to embed (its rootfs is rewritten).")
    Path config;

    @Option(
            names = "--cmd",
            paramLabel = "ARGS",
            description = "With --oci: the command, as a JSON array or words split at spaces.")
    String cmd;

    @Option(
            names = "--entrypoint",
            paramLabel = "ARGS",
            description = "With --oci: the entrypoint, as a JSON array or words split at spaces.")
    String entrypoint;

    @Option(
            names = "--env",
            paramLabel = "KEY=VALUE",
            description = "With --oci: an environment variable (repeatable).")
    java.util.List<String> env = new java.util.ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "With --oci: the working directory.")
    String workdir;

    @Override
    public Integer call() throws Exception {
        BuildOptions options = chunking.options(chunkDict);
        long total = Files.isDirectory(source) ? -1 : Files.size(source);
        BuildResult r = new ImageBuilder(options).build(source, output, progressBar(total));
        if (System.console() != null) System.err.print("\r\033[K");
        System.out.println(r.summary());
        if (oci != null) {
            java.util.List<NydusImageWriter.Blob> blobs = new java.util.ArrayList<>();
            for (String id : r.blobIds()) {
                Path f = blobFile(id);
                blobs.add(new NydusImageWriter.Blob(id, Files.size(f), f));
            }
            NydusImageWriter.Written w = NydusImageWriter.write(
                    new OciLayout(oci, ociTag), blobs, r.bootstrap(), imageConfig(), false, output);
            System.out.println("OCI layout " + oci + ": manifest " + w.manifestDigest());
        } else if (config != null || cmd != null || entrypoint != null || !env.isEmpty() || workdir != null) {
            throw new IllegalArgumentException(
                    "--config, --cmd, --entrypoint, --env and --workdir describe the OCI image: give --oci too");
        }
        return 0;
    }

    /** The image config: --config's (or an empty one) with the run settings given on the command line over it. */
    private ImageConfig imageConfig() throws java.io.IOException {
        ImageConfig c =
                config == null ? ImageConfig.empty() : ImageConfig.parse(Files.readAllBytes(config), config.toString());
        if (cmd != null) c.cmd(words(cmd, "--cmd"));
        if (entrypoint != null) c.entrypoint(words(entrypoint, "--entrypoint"));
        if (!env.isEmpty()) c.env(env);
        if (workdir != null) c.workingDir(workdir);
        return c;
    }

    /** {@code ["a","b c"]} as JSON, or {@code a b} split at whitespace. */
    static java.util.List<String> words(String value, String option) {
        if (!value.trim().startsWith("[")) return java.util.List.of(value.trim().split("\\s+"));
        try {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (var n : new com.fasterxml.jackson.databind.ObjectMapper().readTree(value)) {
                if (!n.isTextual()) throw new IllegalArgumentException(option + ": every element must be a string");
                out.add(n.asText());
            }
            return out;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(option + " '" + value + "' is not a JSON array of strings");
        }
    }

    /** A blob of this build, or of the chunk dictionary's image (its blobs/ beside its bootstrap). */
    private Path blobFile(String id) throws java.io.IOException {
        Path own = output.resolve("blobs").resolve(id);
        if (Files.exists(own)) return own;
        if (chunkDict != null) {
            Path dict = chunkDict.toAbsolutePath().getParent().resolve("blobs").resolve(id);
            if (Files.exists(dict)) return dict;
        }
        throw new java.io.IOException("blob " + id + " is needed for the OCI layout but is neither in "
                + output.resolve("blobs") + " nor beside the chunk dictionary");
    }

    /** A one-line progress display on a terminal; nothing when stderr is not one. */
    private static LongConsumer progressBar(long totalHint) {
        if (System.console() == null) return null;
        long[] last = {0};
        return done -> {
            long now = System.nanoTime();
            if (now - last[0] < 200_000_000L) return;
            last[0] = now;
            System.err.printf(
                    "\r%,d MiB chunked%s",
                    done >> 20, totalHint > 0 ? String.format(" (source %,d MiB)", totalHint >> 20) : "");
        };
    }
}
