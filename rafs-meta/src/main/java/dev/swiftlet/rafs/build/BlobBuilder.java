package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.codec.Codec;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.codec.Digests;
import dev.swiftlet.rafs.image.ChunkTable;
import dev.swiftlet.rafs.ondisk.BlobMetaHeader;
import dev.swiftlet.rafs.ondisk.ChunkMeta;
import dev.swiftlet.rafs.ondisk.TarHeader;
import dev.swiftlet.rafs.ondisk.TocEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
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
    static final long FEATURES = BlobFeatures.ALIGNED
            | BlobFeatures.INLINED_CHUNK_DIGEST
            | BlobFeatures.HAS_TAR_HEADER
            | BlobFeatures.HAS_TOC
            | BlobFeatures.CAP_TAR_TOC;

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
    // each compressing thread's output buffer (worst-case size); the result is copied out at its real size
    private final ThreadLocal<byte[]> encodeScratch = ThreadLocal.withInitial(() -> new byte[0]);
    private long compressedEnd;
    private long uncompressedEnd;
    long chunksSeen, bytesSeen, dedupedChunks, dedupedBytes;

    BlobBuilder(
            Path workDir, Compression compression, DigestAlgorithm digester, int blobIndex, Map<Digest, ChunkRef> dict)
            throws IOException {
        this.dataFile = Files.createTempFile(workDir, "blob", ".tmp");
        this.data = new DigestOutputStream(
                new java.io.BufferedOutputStream(Files.newOutputStream(dataFile), 1 << 20), blobSha);
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
        byte[] scratch = encodeScratch.get();
        if (scratch.length < codec.maxEncodedLength(length)) {
            scratch = new byte[codec.maxEncodedLength(length)];
            encodeScratch.set(scratch);
        }
        int n = codec.encode(in, ByteBuffer.wrap(scratch));
        // not worth it: store the chunk as is
        return n > 0 && n < length
                ? new Prepared(null, length, d, Arrays.copyOf(scratch, n), n)
                : new Prepared(chunk, length, d, null, 0);
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
        ChunkRef ref = new ChunkRef(
                blobIndex,
                chunks.size(),
                uncompressedEnd,
                p.length(),
                compressedEnd,
                stored,
                p.compressed(),
                p.digest().bytes(),
                fileOffset);
        compressedEnd += stored;
        uncompressedEnd = ChunkTable.roundUp(uncompressedEnd + p.length());
        chunks.add(ref);
        known.put(p.digest(), ref);
        return ref;
    }

    /**
     * Moves {@code cold}'s chunks in behind this blob's: its data appended, its chunks numbered on from this blob's and
     * their offsets moved by this blob's ends. Returns each of {@code cold}'s chunks in its new form (by identity), for
     * the files that refer to them. Both must use the same codec and digester, and neither may be finished.
     */
    Map<ChunkRef, ChunkRef> append(BlobBuilder cold) throws IOException {
        cold.data.flush();
        Files.copy(cold.dataFile, data);
        Map<ChunkRef, ChunkRef> moved = new java.util.IdentityHashMap<>();
        for (ChunkRef c : cold.chunks) {
            ChunkRef n = new ChunkRef(
                    blobIndex,
                    chunks.size(),
                    uncompressedEnd + c.uncompressedOffset(),
                    c.uncompressedSize(),
                    compressedEnd + c.compressedOffset(),
                    c.compressedSize(),
                    c.compressed(),
                    c.digest(),
                    c.fileOffset());
            chunks.add(n);
            known.putIfAbsent(new Digest(digester, c.digest()), n);
            moved.put(c, n);
        }
        compressedEnd += cold.compressedEnd;
        uncompressedEnd += cold.uncompressedEnd;
        chunksSeen += cold.chunksSeen;
        bytesSeen += cold.bytesSeen;
        dedupedChunks += cold.dedupedChunks;
        dedupedBytes += cold.dedupedBytes;
        return moved;
    }

    boolean isEmpty() {
        return chunks.isEmpty();
    }

    List<ChunkRef> chunks() {
        return chunks;
    }

    /** The finished blob's facts, for the blob table. */
    record Written(
            String id,
            Path file,
            long compressedSize,
            long uncompressedSize,
            int chunkCount,
            long ciOffset,
            long ciSize,
            long tocSize) {}

    /** Appends the metadata sections, names the blob by its sha256 and moves it to {@code blobDir/<id>}. */
    Written finish(Path blobDir) throws IOException {
        long imageBlobSize = compressedEnd;
        List<TocEntry> toc = new ArrayList<>();
        // image.blob's digest would need a second pass over the data; nydus readers do not use it
        toc.add(tocEntry("image.blob", null, 0, imageBlobSize, uncompressedEnd));
        writeTarHeader("image.blob", imageBlobSize);

        ByteBuffer ci = ByteBuffer.allocate(chunks.size() * ChunkMeta.V1_SIZE);
        for (int i = 0; i < chunks.size(); i++) {
            ChunkRef c = chunks.get(i);
            new ChunkMeta(
                            c.compressedOffset(),
                            c.compressedSize(),
                            c.uncompressedOffset(),
                            c.uncompressedSize(),
                            c.compressed() ? ChunkMeta.FLAG_COMPRESSED : 0,
                            0)
                    .writeV1(ci, i * ChunkMeta.V1_SIZE);
        }
        long ciOffset = imageBlobSize + TarHeader.SIZE;
        ByteBuffer header = ByteBuffer.allocate(BlobMetaHeader.SIZE);
        new BlobMetaHeader(
                        FEATURES,
                        Compression.NONE.onDiskValue(),
                        chunks.size(),
                        ciOffset,
                        ci.capacity(),
                        ci.capacity(),
                        0,
                        0,
                        0)
                .write(header, 0);
        data.write(ci.array());
        data.write(header.array());
        toc.add(tocEntry("blob.meta", ci.array(), ciOffset, ci.capacity(), ci.capacity()));
        toc.add(tocEntry(
                "blob.meta.header",
                header.array(),
                ciOffset + ci.capacity(),
                BlobMetaHeader.SIZE,
                BlobMetaHeader.SIZE));
        writeTarHeader("blob.meta", ci.capacity() + (long) BlobMetaHeader.SIZE);

        long digestOffset = ciOffset + ci.capacity() + BlobMetaHeader.SIZE + TarHeader.SIZE;
        byte[] digests = new byte[chunks.size() * 32];
        for (int i = 0; i < chunks.size(); i++) System.arraycopy(chunks.get(i).digest(), 0, digests, i * 32, 32);
        data.write(digests);
        toc.add(tocEntry("blob.digest", digests, digestOffset, digests.length, digests.length));
        writeTarHeader("blob.digest", digests.length);

        ByteBuffer tocBytes = ByteBuffer.allocate(toc.size() * TocEntry.SIZE);
        for (int i = 0; i < toc.size(); i++) toc.get(i).write(tocBytes, i * TocEntry.SIZE);
        data.write(tocBytes.array());
        writeTarHeader("rafs.blob.toc", tocBytes.capacity());
        data.close();

        String id = HexFormat.of().formatHex(blobSha.digest());
        Path target = blobDir.resolve(id);
        Files.move(dataFile, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Written(
                id,
                target,
                Files.size(target),
                uncompressedEnd,
                chunks.size(),
                ciOffset,
                ci.capacity(),
                tocBytes.capacity() + (long) TarHeader.SIZE);
    }

    /** A ToC entry for a section stored uncompressed: the sha256 of its bytes (zeros when not given), offset, sizes. */
    private static TocEntry tocEntry(
            String name, byte[] content, long offset, long compressedSize, long uncompressedSize) {
        byte[] digest = content == null ? new byte[32] : sha256().digest(content);
        return new TocEntry(TocEntry.FLAG_NONE, name, digest, offset, compressedSize, uncompressedSize, null);
    }

    /** A GNU tar header placed after the content it names (regular file, type '0'). */
    private void writeTarHeader(String name, long size) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(TarHeader.SIZE);
        new TarHeader(name, size, '0').write(h, 0);
        data.write(h.array());
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
