package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.ondisk.ChunkInfo;
import dev.swiftlet.rafs.ondisk.RafsSuperblockExt;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Builds a RAFS v6 image from a tree: {@code OUT/image.boot} and {@code OUT/blobs/<blob-id>}. Files are
 * streamed chunk by chunk (never held whole); identical chunks are stored once, and chunks already in a
 * chunk dictionary's blobs are referenced there instead of stored again.
 */
public final class ImageBuilder {
    private final BuildOptions options;

    public ImageBuilder(BuildOptions options) {
        this.options = options;
    }

    /** {@code progress} receives the number of file bytes chunked so far (for a progress bar). */
    public BuildResult build(Path source, Path outputDir, LongConsumer progress) throws IOException {
        Path blobDir = Files.createDirectories(outputDir.resolve("blobs"));
        List<BootstrapWriter.ImageBlob> blobs = new ArrayList<>();
        Map<Digest, ChunkRef> dict = loadDictionary(options, blobs);
        int newBlobIndex = blobs.size();
        Tree tree;
        long files = 0, fileBytes = 0;
        BlobBuilder.Written written = null;
        Set<ChunkRef> referenced = new LinkedHashSet<>();
        try (TreeSource src = TreeSource.open(source);
                BlobBuilder blob =
                        new BlobBuilder(blobDir, options.compression(), options.digester(), newBlobIndex, dict)) {
            tree = Tree.of(src.entries());
            Set<Tree.InodeData> done = new java.util.HashSet<>();
            try (ChunkPipeline pipeline = new ChunkPipeline(blob, options.chunkSize())) {
                // the files a start reads first, so their chunks sit together at the blob's start; then the rest
                List<Tree.InodeData> order = new ArrayList<>(tree.regularFiles(options.prefetch()));
                for (Tree.Node n : tree.nodes()) order.add(n.inode);
                for (Tree.InodeData in : order) {
                    if (in.entry.type() != SourceEntry.Type.REGULAR || !done.add(in)) continue;
                    files++;
                    fileBytes += in.entry.size();
                    chunkFile(in, pipeline, progress, fileBytes - in.entry.size());
                }
                pipeline.drain();
            }
            for (Tree.InodeData in : done) referenced.addAll(in.chunks);
            if (!blob.isEmpty()) {
                written = blob.finish(blobDir);
                blobs.add(imageBlob(options, written));
            }
            BuildStats stats =
                    new BuildStats(blob.chunksSeen, blob.chunks().size(), blob.dedupedChunks, blob.dedupedBytes);
            Path bootstrap = writeBootstrap(options, tree, blobs, referenced, outputDir);
            return new BuildResult(
                    bootstrap,
                    written == null ? null : written.id(),
                    blobs.stream().map(BootstrapWriter.ImageBlob::id).toList(),
                    files,
                    fileBytes,
                    stats.chunks(),
                    stats.unique(),
                    stats.deduped(),
                    stats.dedupedBytes(),
                    written == null ? 0 : written.compressedSize(),
                    written == null ? 0 : written.uncompressedSize());
        }
    }

    private record BuildStats(long chunks, long unique, long deduped, long dedupedBytes) {}

    private void chunkFile(Tree.InodeData in, ChunkPipeline pipeline, LongConsumer progress, long before)
            throws IOException {
        SourceEntry e = in.entry;
        try (FileChannel ch = FileChannel.open(e.content().file(), StandardOpenOption.READ)) {
            long off = 0;
            while (off < e.size()) {
                int len = (int) Math.min(options.chunkSize(), e.size() - off);
                byte[] buf = pipeline.buffer(len); // the pipeline's until committed
                ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
                while (b.hasRemaining()) {
                    int n = ch.read(b, e.content().offset() + off + b.position());
                    if (n < 0) throw new IOException(e.path() + ": file shrank while the image was built");
                }
                pipeline.submit(in, buf, len, off);
                off += len;
                if (progress != null) progress.accept(before + off);
            }
        }
    }

    /** The blob table entry of a blob this build wrote. */
    static BootstrapWriter.ImageBlob imageBlob(BuildOptions options, BlobBuilder.Written written) {
        return new BootstrapWriter.ImageBlob(
                written.id(),
                options.chunkSize(),
                written.chunkCount(),
                options.compression().onDiskValue(),
                options.digester().onDiskValue(),
                BlobBuilder.FEATURES,
                written.compressedSize(),
                written.uncompressedSize(),
                written.tocSize(),
                written.ciOffset(),
                written.ciSize(),
                written.ciSize());
    }

    /** Writes {@code outputDir/image.boot} for the tree, with the chunk infos of the chunks its files use. */
    static Path writeBootstrap(
            BuildOptions options,
            Tree tree,
            List<BootstrapWriter.ImageBlob> blobs,
            Set<ChunkRef> referenced,
            Path outputDir)
            throws IOException {
        List<ChunkRef> infos = new ArrayList<>(referenced);
        infos.sort(Comparator.comparingInt(ChunkRef::blobIndex).thenComparingInt(ChunkRef::ciIndex));
        boolean xattrs = tree.nodes().stream().anyMatch(x -> !x.inode.xattrs.isEmpty());
        long flags = options.compression().superFlag()
                | options.digester().superFlag()
                | RafsSuperblockExt.FLAG_EXPLICIT_UID_GID
                | RafsSuperblockExt.FLAG_INLINED_CHUNK_DIGEST
                | (xattrs ? RafsSuperblockExt.FLAG_HAS_XATTR : 0);
        if (blobs.size() > BootstrapWriter.MAX_BLOBS) {
            throw new IOException("the image needs " + blobs.size() + " blobs; a RAFS v6 image holds at most "
                    + BootstrapWriter.MAX_BLOBS);
        }
        List<Tree.InodeData> prefetch = tree.regularFiles(options.prefetch());
        byte[] boot = new BootstrapWriter(tree, blobs, infos, options.chunkSize(), flags, prefetch).write();
        Path bootstrap = outputDir.resolve("image.boot");
        Files.write(bootstrap, boot);
        return bootstrap;
    }

    /** Chunks of the dictionary image by digest; its blobs come first in the new blob table. */
    static Map<Digest, ChunkRef> loadDictionary(BuildOptions options, List<BootstrapWriter.ImageBlob> blobs)
            throws IOException {
        Map<Digest, ChunkRef> dict = new HashMap<>();
        if (options.chunkDict() == null) return dict;
        RafsImage d = RafsImage.open(options.chunkDict());
        if (d.kind() != RafsImage.Kind.RAFS)
            throw new FormatException(d.resource(), 0, "a chunk dictionary must be a RAFS image");
        for (BlobInfo b : d.blobs()) {
            if (b.chunkSize() != options.chunkSize()) {
                throw new FormatException(
                        d.resource(),
                        0,
                        "chunk dictionary uses " + b.chunkSize() + "-byte chunks, this build " + options.chunkSize());
            }
            blobs.add(new BootstrapWriter.ImageBlob(
                    b.id(),
                    b.chunkSize(),
                    b.chunkCount(),
                    b.compression().onDiskValue(),
                    b.digestAlgorithm().onDiskValue(),
                    b.features(),
                    b.compressedSize(),
                    b.uncompressedSize(),
                    0,
                    b.ciOffset(),
                    b.ciCompressedSize(),
                    b.ciUncompressedSize()));
            if (b.digestAlgorithm() != options.digester()) continue; // digests of another algorithm never match
            for (ChunkInfo c : d.chunkInfos(b.index())) {
                ChunkRef ref = new ChunkRef(
                        b.index(),
                        (int) c.index(),
                        c.uncompressedOffset(),
                        (int) c.uncompressedSize(),
                        c.compressedOffset(),
                        (int) c.compressedSize(),
                        c.isCompressed(),
                        c.digest(),
                        c.fileOffset());
                dict.putIfAbsent(new Digest(b.digestAlgorithm(), c.digest()), ref);
            }
        }
        return dict;
    }
}
