package dev.swiftlet.fetch.oci;

import com.github.luben.zstd.ZstdInputStream;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.LayeredImageBuilder;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Converts an OCI image into a Nydus image, as nydusify does: each layer is downloaded, decompressed and chunked in
 * one pass ({@link LayeredImageBuilder}: one data blob per layer, chunks deduplicated across layers and against a
 * chunk dictionary, one merged bootstrap), its digest checked once it has all streamed through, and the
 * result published with the source's config ({@link NydusImageWriter}). Nothing reaches the target before every
 * layer converted, and the manifest goes last: a failure leaves no tag naming a half-made image.
 */
public final class ImageConverter {
    /** Told about each layer as it streams: bytes read of the (compressed) layer so far, and when it is done. */
    public interface Listener {
        void progress(SourceImage.Layer layer, long bytesRead);

        void done(SourceImage.Layer layer, LayeredImageBuilder.Layer result);
    }

    /**
     * @param platform the image of a multi-platform index to convert; null: this host's
     * @param dictBlobs where a chunk dictionary's blob is locally (by id), or null when it is not (the target must
     *     then hold it or mount it)
     */
    public record Options(BuildOptions build, Platform platform, Function<String, Path> dictBlobs) {}

    /** What was converted and published. */
    public record Result(
            SourceImage source, NydusImageWriter.Written written, List<LayeredImageBuilder.Layer> layers) {}

    private ImageConverter() {}

    /** Converts; {@code workDir} holds the blobs and bootstrap while they are made (the caller removes it). */
    public static Result convert(
            ImageSource source, ImageTarget target, Options options, Path workDir, Listener listener)
            throws IOException {
        SourceImage image = SourceImage.resolve(source, options.platform());
        Path out = workDir.resolve("image");
        LayeredImageBuilder builder = new LayeredImageBuilder(options.build(), out);
        List<LayeredImageBuilder.Layer> results = new ArrayList<>();
        for (SourceImage.Layer layer : image.layers()) {
            LayeredImageBuilder.Layer r = convertLayer(source, layer, builder, listener);
            results.add(r);
            if (listener != null) listener.done(layer, r);
        }
        LayeredImageBuilder.Result merged = builder.finish();
        List<NydusImageWriter.Blob> blobs = new ArrayList<>();
        List<BlobInfo> table = RafsImage.open(merged.bootstrap()).blobs();
        for (int i = 0; i < merged.blobIds().size(); i++) {
            String id = merged.blobIds().get(i);
            Path own = out.resolve("blobs").resolve(id);
            Path file = Files.exists(own)
                    ? own
                    : options.dictBlobs() == null ? null : options.dictBlobs().apply(id);
            blobs.add(new NydusImageWriter.Blob(
                    id, file != null ? Files.size(file) : table.get(i).compressedSize(), file));
        }
        ImageConfig config = ImageConfig.parse(image.config(), image.description());
        NydusImageWriter.Written written =
                NydusImageWriter.write(target, blobs, merged.bootstrap(), config, true, workDir);
        return new Result(image, written, results);
    }

    private static LayeredImageBuilder.Layer convertLayer(
            ImageSource source, SourceImage.Layer layer, LayeredImageBuilder builder, Listener listener)
            throws IOException {
        MessageDigest compressed = Sha256.newDigest();
        try (InputStream blob = source.blob(layer.digest());
                Counting counted = new Counting(blob, layer, listener);
                DigestInputStream raw = new DigestInputStream(counted, compressed)) {
            InputStream tar = switch (layer.compression()) {
                case NONE -> new BufferedInputStream(raw, 1 << 16);
                case GZIP -> new GZIPInputStream(raw, 1 << 16);
                case ZSTD -> new BufferedInputStream(new ZstdInputStream(raw), 1 << 16);
            };
            // the layer's digest covers every byte of it; the config's diff_ids are rewritten, not checked: a second
            // SHA-256 over the uncompressed bytes would be a serial pass on this thread at the JDK's ~150 MB/s without
            // SHA-NI (RESULTS.md, image build), about 6 s per GiB
            LayeredImageBuilder.Layer r;
            try (ReadAheadStream ahead = new ReadAheadStream(tar, layer.name(), 1 << 20, 8)) {
                r = builder.addLayer(ahead, layer.name());
                // to the decompressed stream's end, so its reader is done with the raw stream before this thread
                ahead.transferTo(OutputStream.nullOutputStream());
            }
            raw.transferTo(OutputStream.nullOutputStream()); // whatever follows the compressed stream's end
            String got = Sha256.of(compressed);
            if (!got.equals(layer.digest()) || counted.count != layer.size()) {
                throw new IOException(layer.name() + ": the downloaded layer is " + counted.count
                        + " bytes with digest " + got + ", not " + layer.size() + " bytes with the manifest's digest");
            }
            return r;
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (m.contains(layer.name())) throw e;
            throw new IOException(layer.name() + ": " + m, e);
        }
    }

    /** Counts the layer's bytes as they are read and tells the listener now and then. */
    private static final class Counting extends FilterInputStream {
        private final SourceImage.Layer layer;
        private final Listener listener;
        long count;
        private long reported;

        Counting(InputStream in, SourceImage.Layer layer, Listener listener) {
            super(in);
            this.layer = layer;
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) add(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) add(n);
            return n;
        }

        private void add(long n) {
            count += n;
            if (listener != null && count - reported >= (1 << 20)) {
                reported = count;
                listener.progress(layer, count);
            }
        }
    }
}
