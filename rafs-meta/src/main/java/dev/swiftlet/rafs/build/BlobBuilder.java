package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.codec.Codec;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.codec.Digests;
import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes one native RAFS v6 data blob as nydus (2.2+) lays it out: compressed chunk data, then each
 * metadata section followed by a GNU tar header naming it (so the blob reads as a tar from the end):
 * {@code image.blob}, the chunk info array + 4096-byte header ({@code blob.meta}), the chunk digests
 * ({@code blob.digest}) and the table of contents ({@code rafs.blob.toc}). Identical chunks, in this
 * blob or in a chunk dictionary, are stored once.
 */
final class BlobBuilder implements AutoCloseable {
    static final long FEATURES = BlobFeatures.ALIGNED | BlobFeatures.INLINED_CHUNK_DIGEST | BlobFeatures.HAS_TAR_HEADER
            | BlobFeatures.HAS_TOC | BlobFeatures.CAP_TAR_TOC;

    private final Path dataFile;
    private final OutputStream data;
    private final MessageDigest blobSha = sha256();
    private final Codec codec;
    private final Compression compression;
    private final DigestAlgorithm digester;
    private final int blobIndex;
    // read by prepare() on worker threads (a hint only), written by commit() on the builder thread
    private final Map<Digest, ChunkRef> known = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<ChunkRef> chunks = new ArrayList<>();
    private long compressedEnd;
    private long uncompressedEnd;
    long chunksSeen, bytesSeen, dedupedChunks, dedupedBytes;

    BlobBuilder(Path workDir, Compression compression, DigestAlgorithm digester, int blobIndex, Map<Digest, ChunkRef> dict)
            throws IOException {
        this.dataFile = Files.createTempFile(workDir, "blob", ".tmp");
        this.data = new DigestOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(dataFile), 1 << 20), blobSha);
        this.compression = compression;
        this.codec = Codecs.of(compression);
        this.digester = digester;
        this.blobIndex = blobIndex;
        this.known.putAll(dict);
    }

    /** A chunk digested and compressed, not yet placed: the part of the work that runs in parallel. */
    record Prepared(byte[] data, int length, Digest digest, byte[] encoded, int encodedLength) {
        boolean compressed() {
            return encoded != null;
        }
    }

    /** Digests and compresses one chunk. Thread-safe; keeps the raw bytes only when compression does not pay. */
    Prepared prepare(byte[] chunk, int length) {
        ByteBuffer in = ByteBuffer.wrap(chunk, 0, length);
        Digest d = Digests.compute(digester, in);
        if (compression == Compression.NONE || known.containsKey(d)) return new Prepared(chunk, length, d, null, 0);
        ByteBuffer out = ByteBuffer.allocate(codec.maxEncodedLength(length));
        int n = codec.encode(in, out);
        // not worth it: store the chunk as is
        return n > 0 && n < length ? new Prepared(null, length, d, out.array(), n) : new Prepared(chunk, length, d, null, 0);
    }

    /** Places a prepared chunk, in file order: an existing chunk with the same digest, or a new one. */
    ChunkRef commit(Prepared p, long fileOffset) throws IOException {
        chunksSeen++;
        bytesSeen += p.length();
        ChunkRef existing = known.get(p.digest());
        if (existing != null) {
            dedupedChunks++;
            dedupedBytes += p.length();
            return existing;
        }
        if (p.compressed()) data.write(p.encoded(), 0, p.encodedLength());
        else data.write(p.data(), 0, p.length());
        int stored = p.compressed() ? p.encodedLength() : p.length();
        ChunkRef ref = new ChunkRef(blobIndex, chunks.size(), uncompressedEnd, p.length(), compressedEnd, stored, p.compressed(),
                p.digest().bytes(), fileOffset);
        compressedEnd += stored;
        uncompressedEnd = ChunkTable.roundUp(uncompressedEnd + p.length());
        chunks.add(ref);
        known.put(p.digest(), ref);
        return ref;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    List<ChunkRef> chunks() {
        return chunks;
    }

    /** The finished blob's facts, for the blob table. */
    record Written(String id, Path file, long compressedSize, long uncompressedSize, int chunkCount, long ciOffset,
                   long ciSize, long tocSize) {}

    /** Appends the metadata sections, names the blob by its sha256 and moves it to {@code blobDir/<id>}. */
    Written finish(Path blobDir) throws IOException {
        long imageBlobSize = compressedEnd;
        List<byte[]> toc = new ArrayList<>();
        toc.add(tocEntry("image.blob", null, 0, imageBlobSize, uncompressedEnd));
        writeTarHeader("image.blob", imageBlobSize);

        ByteBuffer ci = ByteBuffer.allocate(chunks.size() * 16).order(ByteOrder.LITTLE_ENDIAN);
        for (ChunkRef c : chunks) {
            long usize = c.uncompressedSize() - 1L, csize = c.compressedSize() - 1L;
            long uncompInfo = c.uncompressedOffset() | ((usize & 0xFFFFF) << 44) | (((usize >> 20) & 0xF) << 8);
            long compInfo = c.compressedOffset() | ((csize & 0xFFFFF) << 44) | (((csize >> 20) & 0xF) << 40);
            ci.putLong(uncompInfo).putLong(compInfo);
        }
        long ciOffset = imageBlobSize + 512;
        ByteBuffer header = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0, 0xb10bb10b).putInt(4, (int) FEATURES).putInt(8, Compression.NONE.onDiskValue())
                .putInt(12, chunks.size()).putLong(16, ciOffset).putLong(24, ci.capacity()).putLong(32, ci.capacity())
                .putInt(4092, 0xb10bb10b);
        data.write(ci.array());
        data.write(header.array());
        toc.add(tocEntry("blob.meta", ci.array(), ciOffset, ci.capacity(), ci.capacity()));
        toc.add(tocEntry("blob.meta.header", header.array(), ciOffset + ci.capacity(), 4096, 4096));
        writeTarHeader("blob.meta", ci.capacity() + 4096L);

        long digestOffset = ciOffset + ci.capacity() + 4096 + 512;
        byte[] digests = new byte[chunks.size() * 32];
        for (int i = 0; i < chunks.size(); i++) System.arraycopy(chunks.get(i).digest(), 0, digests, i * 32, 32);
        data.write(digests);
        toc.add(tocEntry("blob.digest", digests, digestOffset, digests.length, digests.length));
        writeTarHeader("blob.digest", digests.length);

        byte[] tocBytes = new byte[toc.size() * 128];
        for (int i = 0; i < toc.size(); i++) System.arraycopy(toc.get(i), 0, tocBytes, i * 128, 128);
        data.write(tocBytes);
        writeTarHeader("rafs.blob.toc", tocBytes.length);
        data.close();

        String id = HexFormat.of().formatHex(blobSha.digest());
        Path target = blobDir.resolve(id);
        Files.move(dataFile, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Written(id, target, Files.size(target), uncompressedEnd, chunks.size(), ciOffset, ci.capacity(),
                tocBytes.length + 512L);
    }

    /** A 128-byte ToC entry: flags, name, sha256 of the section, its offset and sizes. */
    private static byte[] tocEntry(String name, byte[] content, long offset, long compressedSize, long uncompressedSize) {
        ByteBuffer e = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        e.putInt(0, 1); // the section itself is stored uncompressed
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        e.put(8, n, 0, Math.min(16, n.length));
        // image.blob's digest would need a second pass over the data; nydus readers do not use it
        if (content != null) e.put(24, sha256().digest(content));
        e.putLong(56, offset).putLong(64, compressedSize).putLong(72, uncompressedSize);
        return e.array();
    }

    /** A GNU tar header (magic "ustar  ") placed after the content it names. */
    private void writeTarHeader(String name, long size) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        putOctal(h, 124, 12, size);
        putOctal(h, 136, 12, 0);
        h[156] = '0';
        System.arraycopy("ustar  \0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        putOctal(h, 148, 8, sum);
        data.write(h);
    }

    private static void putOctal(byte[] h, int off, int len, long value) {
        String s = String.format("%0" + (len - 1) + "o", value);
        System.arraycopy(s.getBytes(StandardCharsets.US_ASCII), 0, h, off, len - 1);
        h[off + len - 1] = 0;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        data.close();
        Files.deleteIfExists(dataFile);
    }
}
