package dev.swiftlet.daemon.cli;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code image build} and {@code image convert} chunk files: compressor, digester, chunk size, and which files go
 * first (a start's read list).
 */
final class ChunkingOptions {
    @Option(names = "--compressor", defaultValue = "zstd", description = "zstd (default), lz4_block or none.")
    String compressor;

    @Option(names = "--digester", defaultValue = "blake3", description = "blake3 (default) or sha256.")
    String digester;

    @Option(
            names = "--chunk-size",
            defaultValue = "1048576",
            paramLabel = "BYTES",
            description = "A power of two from 4096 to 16777216 (0x... accepted); default 1 MiB.")
    String chunkSize;

    @Option(
            names = "--prefetch-files",
            paramLabel = "FILE",
            description = "Paths in the image, one per line, in the order a container's start reads them (`swiftlet"
                    + " accessed` writes such a list; - reads standard input): their chunks are stored first and the"
                    + " bootstrap's prefetch table names them, so a daemon fetches them first and together.")
    String prefetchFiles;

    /** The build options, with {@code chunkDict} (a bootstrap, or null). */
    BuildOptions options(Path chunkDict) throws IOException {
        List<String> prefetch = List.of();
        if (prefetchFiles != null) {
            String text = prefetchFiles.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(prefetchFiles));
            prefetch = text.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        }
        return new BuildOptions(
                Compression.fromCliName(compressor),
                DigestAlgorithm.fromCliName(digester),
                Math.toIntExact(Long.decode(chunkSize)),
                chunkDict,
                prefetch);
    }
}
