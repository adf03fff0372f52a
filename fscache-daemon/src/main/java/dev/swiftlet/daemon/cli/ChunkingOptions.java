package dev.swiftlet.daemon.cli;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code image build} and {@code image convert} chunk files: compressor, digester and chunk size. */
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

    /** The build options, with {@code chunkDict} (a bootstrap, or null). */
    BuildOptions options(Path chunkDict) {
        return new BuildOptions(
                Compression.fromCliName(compressor),
                DigestAlgorithm.fromCliName(digester),
                Math.toIntExact(Long.decode(chunkSize)),
                chunkDict);
    }
}
