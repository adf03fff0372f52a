package dev.swiftlet.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.RafsTree;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swiftlet image inspect BOOTSTRAP [--json]}: what an image is made of. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Print superblock facts, blobs and totals of a bootstrap (RAFS v6 or raw EROFS).")
final class ImageInspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BOOTSTRAP")
    Path bootstrap;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RafsImage img = RafsImage.open(bootstrap);
        AtomicLong inodes = new AtomicLong(1),
                files = new AtomicLong(),
                dirs = new AtomicLong(1),
                bytes = new AtomicLong();
        new RafsTree(img).walk((path, inode) -> {
            inodes.incrementAndGet();
            if (inode.isRegular()) {
                files.incrementAndGet();
                bytes.addAndGet(inode.size());
            } else if (inode.isDirectory()) {
                dirs.incrementAndGet();
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        var sb = img.superblock();
        out.put("bootstrap", bootstrap.toString());
        out.put("kind", img.kind().name());
        out.put("bootstrap_size", img.size());
        out.put("block_size", sb.blockSize());
        out.put("inodes", sb.inodeCount());
        out.put("root_nid", sb.rootNid());
        out.put("feature_compat", String.format("0x%x", sb.featureCompat()));
        out.put("feature_incompat", String.format("0x%x", sb.featureIncompat()));
        if (img.extended() != null) {
            out.put("rafs_flags", String.format("0x%x", img.extended().flags()));
            out.put("chunk_size", img.extended().chunkSize());
        }
        List<Map<String, Object>> blobs = new ArrayList<>();
        long compressed = 0, uncompressed = 0, chunks = 0;
        for (BlobInfo b : img.blobs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            m.put("index", b.index());
            m.put("compressor", b.compression().cliName());
            m.put(
                    "digester",
                    b.digestAlgorithm() == null ? "none" : b.digestAlgorithm().cliName());
            m.put("chunk_count", b.raw() ? 0 : img.chunkTable(b.index()).size());
            m.put("compressed_size", b.compressedSize());
            m.put("uncompressed_size", b.uncompressedSize());
            if (!b.raw()) {
                m.put("features", String.format("0x%x", b.features()));
                m.put("ci_compressor", b.ciCompressor());
                m.put("ci_offset", b.ciOffset());
                m.put("ci_compressed_size", b.ciCompressedSize());
                m.put("ci_uncompressed_size", b.ciUncompressedSize());
                m.put("toc_size", b.tocSize());
            }
            blobs.add(m);
            compressed += b.compressedSize();
            uncompressed += b.uncompressedSize();
            chunks += b.raw() ? 0 : img.chunkTable(b.index()).size();
        }
        out.put("blobs", blobs);
        out.put(
                "totals",
                Map.of(
                        "inodes_walked",
                        inodes.get(),
                        "regular_files",
                        files.get(),
                        "directories",
                        dirs.get(),
                        "file_bytes",
                        bytes.get(),
                        "chunks",
                        chunks,
                        "compressed_size",
                        compressed,
                        "uncompressed_size",
                        uncompressed));
        if (json) {
            System.out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(out));
            return 0;
        }
        System.out.printf(
                "%s: %s image, %d-byte blocks, %d inodes, bootstrap %d bytes%n",
                bootstrap, img.kind(), sb.blockSize(), sb.inodeCount(), img.size());
        if (img.extended() != null) {
            System.out.printf(
                    "RAFS flags 0x%x, chunk size %d%n",
                    img.extended().flags(), img.extended().chunkSize());
        }
        for (Map<String, Object> m : blobs) {
            System.out.printf(
                    "blob %s: %s/%s, %s chunks, %s bytes compressed, %s uncompressed%n",
                    m.get("id"),
                    m.get("compressor"),
                    m.get("digester"),
                    m.get("chunk_count"),
                    m.get("compressed_size"),
                    m.get("uncompressed_size"));
        }
        System.out.printf(
                "total: %d files (%d bytes), %d directories, %d chunks, %d bytes compressed, %d uncompressed%n",
                files.get(), bytes.get(), dirs.get(), chunks, compressed, uncompressed);
        return 0;
    }
}
