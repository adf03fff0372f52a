package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a Nydus image from the layers of an OCI image, as they stream in (lowest first): each layer's tar becomes
 * one data blob ({@code OUT/blobs/<blob-id>}), its files chunked as their bytes arrive; chunks already stored by a
 * lower layer or by the chunk dictionary are referenced there, not stored again. {@link #finish} writes one bootstrap
 * ({@code OUT/image.boot}) holding the merged tree: whiteouts and opaque directories applied as the mounted layers
 * would show them ({@link Tree#merge}). With a prefetch list ({@link BuildOptions#prefetch}) each layer's listed files
 * are stored at the front of its blob. Not thread-safe; one image per instance.
 */
public final class LayeredImageBuilder {
    private final BuildOptions options;
    private final Path outputDir;
    private final Path blobDir;
    private final List<BootstrapWriter.ImageBlob> blobs = new ArrayList<>();
    private final Map<Digest, ChunkRef> known;
    private final Tree tree = Tree.emptyForMerge();
    private int layers;

    /** What one layer added: its blob (null when every chunk was already stored), and how much it held. */
    public record Layer(String blobId, Path blobFile, long files, long fileBytes, long chunks, long dedupedChunks) {}

    public LayeredImageBuilder(BuildOptions options, Path outputDir) throws IOException {
        this.options = options;
        this.outputDir = outputDir;
        this.blobDir = Files.createDirectories(outputDir.resolve("blobs"));
        this.known = ImageBuilder.loadDictionary(options, blobs);
    }

    /**
     * Reads one layer's (uncompressed) tar to its end and stores its new chunks in a blob. {@code name} names the layer
     * in errors. A failure leaves no blob behind.
     */
    public Layer addLayer(InputStream tar, String name) throws IOException {
        int layer = layers++;
        long files = 0, fileBytes = 0;
        // files a container's start reads go to the blob's front; the rest to a second blob appended behind them
        // (a chunk in both parts of one layer is then stored twice: rare, and only space)
        Set<String> startFiles = new HashSet<>(options.prefetch());
        List<Tree.InodeData> later = new ArrayList<>();
        try (BlobBuilder blob =
                        new BlobBuilder(blobDir, options.compression(), options.digester(), blobs.size(), known);
                BlobBuilder rest = startFiles.isEmpty()
                        ? null
                        : new BlobBuilder(blobDir, options.compression(), options.digester(), blobs.size(), known)) {
            try (ChunkPipeline pipeline = new ChunkPipeline(blob, options.chunkSize());
                    ChunkPipeline restPipeline = rest == null ? null : new ChunkPipeline(rest, options.chunkSize())) {
                TarStream stream = new TarStream(tar, name, -1);
                for (SourceEntry e; (e = stream.next()) != null; ) {
                    Tree.InodeData in;
                    try {
                        in = tree.merge(e, layer);
                    } catch (FormatException fe) {
                        throw new FormatException(name, stream.dataOffset(), fe.getMessage());
                    }
                    if (in == null) continue;
                    files++;
                    fileBytes += e.size();
                    boolean early = restPipeline == null || startFiles.contains(e.path());
                    chunk(in, stream.content(), early ? pipeline : restPipeline, name);
                    if (!early) later.add(in);
                }
                stream.drain();
                pipeline.drain();
                if (restPipeline != null) restPipeline.drain();
            }
            if (rest != null) {
                Map<ChunkRef, ChunkRef> moved = blob.append(rest);
                for (Tree.InodeData in : later) in.chunks.replaceAll(c -> moved.getOrDefault(c, c));
            }
            if (blob.isEmpty()) return new Layer(null, null, files, fileBytes, blob.chunksSeen, blob.dedupedChunks);
            BlobBuilder.Written written = blob.finish(blobDir);
            blobs.add(ImageBuilder.imageBlob(options, written));
            for (ChunkRef c : blob.chunks()) known.putIfAbsent(new Digest(options.digester(), c.digest()), c);
            return new Layer(written.id(), written.file(), files, fileBytes, blob.chunksSeen, blob.dedupedChunks);
        }
    }

    private void chunk(Tree.InodeData in, InputStream content, ChunkPipeline pipeline, String name) throws IOException {
        long size = in.entry.size();
        for (long off = 0; off < size; ) {
            int len = (int) Math.min(options.chunkSize(), size - off);
            byte[] buf = pipeline.buffer(len); // the pipeline's until committed
            // straight into the chunk: readNBytes(len) would gather 8 KiB pieces and copy them (a profile's top frame)
            if (content.readNBytes(buf, 0, len) < len)
                throw new FormatException(name, -1, in.entry.path() + ": layer ends inside the file");
            pipeline.submit(in, buf, len, off);
            off += len;
        }
    }

    /** Writes the merged bootstrap; returns it with the ids of every blob it references, in blob-table order. */
    public Result finish() throws IOException {
        tree.sealMerge();
        Set<Tree.InodeData> files = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<ChunkRef> referenced = new LinkedHashSet<>();
        for (Tree.Node n : tree.nodes()) if (files.add(n.inode)) referenced.addAll(n.inode.chunks);
        Path bootstrap = ImageBuilder.writeBootstrap(options, tree, blobs, referenced, outputDir);
        return new Result(
                bootstrap, blobs.stream().map(BootstrapWriter.ImageBlob::id).toList());
    }

    /** The merged bootstrap and the blob table's ids (a chunk dictionary's blobs first). */
    public record Result(Path bootstrap, List<String> blobIds) {}
}
