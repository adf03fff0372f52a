package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.ondisk.BlobMetaHeader;
import dev.swiftlet.rafs.ondisk.ChunkInfo;
import dev.swiftlet.rafs.ondisk.ChunkMeta;
import dev.swiftlet.rafs.ondisk.ImageBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The chunk info ("ci") array and 4096-byte header that a RAFS blob carries at {@code ci_offset}: the blob's own
 * record of where each chunk lies. nydusd in fscache mode refuses blobs without it; Swiftlet reads it to
 * check that a blob belongs to its bootstrap ({@link #crossCheck}) before serving it.
 */
public record BlobMeta(BlobMetaHeader header, List<ChunkMeta> chunks) {
    /** {@code BlobFeatures.CHUNK_INFO_V2}: entries are 24 bytes instead of 16. */
    public static final long FEATURE_CHUNK_INFO_V2 = 0x4;
    /** ci arrays larger than this cannot describe at most 2^24 chunks of 24 bytes. */
    private static final long MAX_CI_SIZE = (1L << 24) * ChunkMeta.V2_SIZE;

    /** Reads the blob meta from a whole blob held in memory. */
    public static BlobMeta read(ByteBuffer blob, BlobInfo info) throws FormatException {
        ImageBytes b = new ImageBytes(blob, info.id());
        long length = regionLength(info, b.size());
        return parse(b.slice(info.ciOffset(), length, "blob meta"), info);
    }

    /** Reads only the blob meta region {@code [ci_offset, +ci_compressed_size+4096)} from a blob file. */
    public static BlobMeta read(FileChannel blob, BlobInfo info) throws IOException {
        long length = regionLength(info, blob.size());
        ByteBuffer region = ByteBuffer.allocate((int) length);
        while (region.hasRemaining()) {
            if (blob.read(region, info.ciOffset() + region.position()) < 0) {
                throw new FormatException(
                        info.id(), info.ciOffset() + region.position(), "blob ends inside its blob meta");
            }
        }
        return parse(region.flip(), info);
    }

    private static long regionLength(BlobInfo info, long blobSize) throws FormatException {
        if (info.raw()) throw new FormatException(info.id(), 0, "a raw EROFS device has no blob meta");
        if (info.ciCompressedSize() <= 0
                || info.ciCompressedSize() > MAX_CI_SIZE
                || info.ciUncompressedSize() <= 0
                || info.ciUncompressedSize() > MAX_CI_SIZE) {
            throw new FormatException(
                    info.id(),
                    info.ciOffset(),
                    "blob table gives implausible ci sizes " + info.ciCompressedSize() + "/"
                            + info.ciUncompressedSize());
        }
        long length = info.ciCompressedSize() + BlobMetaHeader.SIZE;
        if (info.ciOffset() < 0 || info.ciOffset() > blobSize - length) {
            throw new FormatException(
                    info.id(),
                    info.ciOffset(),
                    "blob meta (" + length + " bytes) lies outside the blob of " + blobSize + " bytes");
        }
        return length;
    }

    /** {@code region} holds the (possibly compressed) ci array followed by the plain header. */
    private static BlobMeta parse(ByteBuffer region, BlobInfo info) throws FormatException {
        String res = info.id();
        long base = info.ciOffset();
        ImageBytes r = new ImageBytes(region, res);
        int ciLen = (int) info.ciCompressedSize();
        BlobMetaHeader h;
        try {
            h = BlobMetaHeader.read(r, ciLen);
        } catch (FormatException e) {
            throw new FormatException(res, base + ciLen, "blob meta header: " + e.getMessage(), e);
        }
        long headerAt = base + ciLen;
        check(res, headerAt + 8, "s_ci_compressor", h.ciCompressor(), info.ciCompressor());
        check(res, headerAt + 16, "s_ci_offset", h.ciOffset(), info.ciOffset());
        check(res, headerAt + 24, "s_ci_compressed_size", h.ciCompressedSize(), info.ciCompressedSize());
        check(res, headerAt + 32, "s_ci_uncompressed_size", h.ciUncompressedSize(), info.ciUncompressedSize());
        check(res, headerAt + 12, "s_ci_entries", h.ciEntries(), info.chunkCount());
        boolean v2 = (h.features() & FEATURE_CHUNK_INFO_V2) != 0;
        int entrySize = v2 ? ChunkMeta.V2_SIZE : ChunkMeta.V1_SIZE;
        if (h.ciEntries() * entrySize > h.ciUncompressedSize()) {
            throw new FormatException(
                    res,
                    headerAt + 12,
                    h.ciEntries() + " ci entries of " + entrySize + " bytes do not fit in " + h.ciUncompressedSize()
                            + " bytes");
        }

        ByteBuffer ci = ByteBuffer.allocate((int) h.ciUncompressedSize());
        ByteBuffer src = region.slice(0, ciLen);
        Compression ciCompression;
        try {
            ciCompression = Compression.fromOnDisk(h.ciCompressor());
            Codecs.of(ciCompression).decode(src, ci, res + " ci array");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new FormatException(res, headerAt + 8, "ci compressor " + h.ciCompressor() + ": " + e.getMessage());
        }
        ImageBytes c = new ImageBytes(ci, res + " ci array");
        List<ChunkMeta> chunks = new ArrayList<>((int) h.ciEntries());
        for (int i = 0; i < h.ciEntries(); i++) {
            chunks.add(v2 ? ChunkMeta.readV2(c, (long) i * entrySize) : ChunkMeta.readV1(c, (long) i * entrySize));
        }
        return new BlobMeta(h, List.copyOf(chunks));
    }

    private static void check(String res, long at, String field, long got, long expected) throws FormatException {
        if (got != expected) {
            throw new FormatException(
                    res,
                    at,
                    "blob meta header " + field + " is " + got + " but the bootstrap's blob table says " + expected);
        }
    }

    /**
     * Fails unless every chunk the bootstrap's chunk info table places in this blob sits exactly where the
     * blob's own ci array says (matched by ci index, so a chunk-dictionary blob whose bootstrap uses only
     * some of its chunks passes): a blob that does not match its bootstrap would otherwise serve wrong bytes.
     */
    public void crossCheck(List<ChunkInfo> bootstrapChunks, String blobId) throws FormatException {
        for (ChunkInfo b : bootstrapChunks) {
            long i = b.index();
            if (i < 0 || i >= chunks.size()) {
                throw new FormatException(
                        blobId,
                        header.ciOffset(),
                        "the bootstrap names ci index " + i + " but the blob meta lists " + chunks.size() + " chunks");
            }
            ChunkMeta m = chunks.get((int) i);
            if (m.uncompressedOffset() != b.uncompressedOffset()
                    || m.uncompressedSize() != b.uncompressedSize()
                    || m.compressedOffset() != b.compressedOffset()
                    || m.compressedSize() != b.compressedSize()
                    || m.isCompressed() != b.isCompressed()) {
                throw new FormatException(
                        blobId,
                        header.ciOffset(),
                        "chunk " + i + " differs between blob meta " + m
                                + " and bootstrap [u 0x" + Long.toHexString(b.uncompressedOffset()) + "+"
                                + b.uncompressedSize()
                                + ", c 0x" + Long.toHexString(b.compressedOffset()) + "+" + b.compressedSize() + "]");
            }
        }
    }
}
