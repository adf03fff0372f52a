package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCommandsTest {
    private static final String BLOB = "be7d77eeb719f70884758d1aa800ed0fb09d701aaec469964e9d54325f0d5fef";

    static Path fixtures() {
        Path root = Path.of(System.getProperty("swiftlet.repo.root", ".."));
        Path p = root.resolve("../shared/fixtures/nydus");
        return Files.isDirectory(p) ? p : Path.of("/work/shared/fixtures/nydus");
    }

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            var cl = SwiftletCommand.newCommandLine();
            cl.setErr(new java.io.PrintWriter(System.err, true));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void checkPrintsSha256sumLinesForTheFixture() {
        Path f = fixtures();
        Run r = run(
                "image",
                "check",
                f.resolve("rafs-v6-2.2.boot").toString(),
                "--blob-dir",
                f.resolve("blobs").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out())
                .isEqualTo("1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69  lib.rs\n"
                        + "e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96  sync_io.rs\n");
    }

    @Test
    void inspectReportsBlobsAsJson() throws Exception {
        Run r = run(
                "image",
                "inspect",
                "--json",
                fixtures().resolve("rafs-v6-2.2.boot").toString());
        assertThat(r.exit()).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(json.get("kind").asText()).isEqualTo("RAFS");
        assertThat(json.get("blobs").get(0).get("id").asText()).isEqualTo(BLOB);
        assertThat(json.get("blobs").get(0).get("compressor").asText()).isEqualTo("zstd");
        assertThat(json.get("blobs").get(0).get("digester").asText()).isEqualTo("blake3");
        assertThat(json.get("blobs").get(0).get("chunk_count").asInt()).isEqualTo(2);
        assertThat(json.get("blobs").get(0).get("uncompressed_size").asLong()).isEqualTo(36864);
        assertThat(json.get("blobs").get(0).get("compressed_size").asLong()).isEqualTo(14554);
        assertThat(json.get("blobs").get(0).get("features").asText()).isEqualTo("0x70000021");
        assertThat(json.get("blobs").get(0).get("ci_offset").asLong()).isEqualTo(8314);
        assertThat(json.get("blobs").get(0).get("ci_compressed_size").asLong()).isEqualTo(32);
        assertThat(json.get("blobs").get(0).get("toc_size").asLong()).isEqualTo(1024);
        assertThat(json.get("totals").get("regular_files").asInt()).isEqualTo(2);
    }

    @Test
    void unpackBlobWritesTheCacheFileLayout(@TempDir Path tmp) throws Exception {
        Path f = fixtures();
        Path out = tmp.resolve("cache");
        Run r = run(
                "image",
                "unpack-blob",
                f.resolve("rafs-v6-2.2.boot").toString(),
                BLOB,
                "--blob-dir",
                f.resolve("blobs").toString(),
                "--output",
                out.toString());
        assertThat(r.exit()).isZero();
        assertThat(Files.size(out)).isEqualTo(36864);
        byte[] cache = Files.readAllBytes(out);
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        assertThat(java.util.HexFormat.of().formatHex(sha.digest(java.util.Arrays.copyOfRange(cache, 0, 16931))))
                .isEqualTo("1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69");
        assertThat(java.util.HexFormat.of()
                        .formatHex(sha.digest(java.util.Arrays.copyOfRange(cache, 20480, 20480 + 13400))))
                .isEqualTo("e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96");
        assertThat(java.util.Arrays.copyOfRange(cache, 16931, 20480)).containsOnly((byte) 0);
        assertThat(java.util.Arrays.copyOfRange(cache, 20480 + 13400, 36864)).containsOnly((byte) 0);
    }

    @Test
    void checkRefusesABlobWhoseChunkInfoDisagreesWithTheBootstrap(@TempDir Path tmp) throws Exception {
        Path f = fixtures();
        byte[] blob = Files.readAllBytes(f.resolve("blobs").resolve(BLOB));
        blob[8330 + 8] ^= 0x10; // chunk 1's compressed offset in the blob's own ci array
        Files.write(tmp.resolve(BLOB), blob);
        Run r = run("image", "check", f.resolve("rafs-v6-2.2.boot").toString(), "--blob-dir", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(BLOB + " @0x207a").contains("chunk 1 differs");
    }

    @Test
    void aMissingBlobIsNamed(@TempDir Path tmp) {
        Run r = run("image", "check", fixtures().resolve("rafs-v6-2.2.boot").toString(), "--blob-dir", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err())
                .contains(tmp.resolve(BLOB).toString())
                .contains("blob 0")
                .contains("is missing");
    }

    @Test
    void aCorruptBootstrapIsAClearErrorNotAStackTrace(@TempDir Path tmp) throws Exception {
        byte[] boot = Files.readAllBytes(fixtures().resolve("rafs-v6-2.2.boot"));
        boot[1024] ^= 1; // the magic
        Path bad = tmp.resolve("bad.boot");
        Files.write(bad, boot);
        Run r = run("image", "check", bad.toString(), "--blob-dir", tmp.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .contains("swiftlet image check: ")
                .contains("bad.boot @0x400")
                .contains("not an EROFS image")
                .doesNotContain("\tat ");
    }
}
