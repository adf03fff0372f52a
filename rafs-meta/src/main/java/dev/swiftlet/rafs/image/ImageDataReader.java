package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.codec.Codec;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.codec.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads file contents and blob ranges of an image in userspace, from local blob files: chunks are
 * decompressed with the blob's codec and every chunk digest is verified before a byte is returned.
 * This is what {@code image check} and {@code image unpack-blob} use, and what the kernel path must agree
 * with. Not thread-safe.
 */
public final class ImageDataReader implements AutoCloseable {
    private final RafsImage image;
    private final RafsTree tree;
    private final Function<BlobInfo, Path> blobPath;
    private final Map<Integer, FileChannel> channels = new HashMap<>();
    // the last decoded chunk: files read in order hit it for every extent inside one chunk
    private int cachedBlob = -1, cachedChunk = -1;
    private byte[] cachedData;

    /** {@code blobPath} locates a blob's file (RAFS: by id; raw images: by device tag or name). */
    public ImageDataReader(RafsImage image, Function<BlobInfo, Path> blobPath) {
        this.image = image;
        this.tree = new RafsTree(image);
        this.blobPath = blobPath;
    }

    /** Blobs named by id (or device tag) inside one directory, as the localfs backend keeps them. */
    public static ImageDataReader fromBlobDir(RafsImage image, Path blobDir) {
        return new ImageDataReader(image, blob -> BlobFiles.resolve(blobDir, blob.id()));
    }

    /** Streams the whole content of a regular file. */
    public void readFile(Inode inode, OutputStream out) throws IOException {
        if (!inode.isRegular()) throw new IllegalArgumentException("inode " + inode.nid() + " is not a regular file");
        byte[] zeros = null;
        for (Extent e : tree.extents(inode)) {
            if (e.hole()) {
                if (zeros == null) zeros = new byte[65536];
                for (long left = e.length(); left > 0; left -= zeros.length)
                    out.write(zeros, 0, (int) Math.min(left, zeros.length));
            } else if (e.device() == 0) {
                out.write(image.readLocalRange(e.deviceOffset(), e.length()));
            } else {
                readDevice(e.device() - 1, e.deviceOffset(), e.length(), out);
            }
        }
    }

    /** Writes {@code [offset, offset+length)} of blob {@code blobIndex}'s uncompressed address space. */
    public void readDevice(int blobIndex, long offset, long length, OutputStream out) throws IOException {
        BlobInfo blob = image.blobs().get(blobIndex);
        if (offset < 0 || length < 0 || (blob.uncompressedSize() > 0 && offset + length > blob.uncompressedSize())) {
            throw new FormatException(blob.id(), offset, "range of " + length + " bytes is outside the blob");
        }
        if (blob.raw()) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(length, 1 << 20));
            long done = 0;
            while (done < length) {
                buf.clear().limit((int) Math.min(buf.capacity(), length - done));
                readFully(blob, buf, offset + done);
                out.write(buf.array(), 0, buf.limit());
                done += buf.limit();
            }
            return;
        }
        ChunkTable table = image.chunkTable(blobIndex);
        long pos = offset, end = offset + length;
        long range = table.covering(offset, length);
        for (int c = ChunkTable.first(range); c < ChunkTable.end(range) && pos < end; c++) {
            long start = table.uncompressedOffset(c);
            if (pos < start) { // bytes between chunks are padding
                out.write(new byte[(int) Math.min(start, end) - (int) pos]);
                pos = Math.min(start, end);
                if (pos >= end) break;
            }
            byte[] data = chunk(blob, table, c);
            long slotEnd = table.alignedUncompressedEnd(c);
            long dataEnd = start + data.length;
            long copyEnd = Math.min(end, dataEnd);
            if (pos < copyEnd) {
                out.write(data, (int) (pos - start), (int) (copyEnd - pos));
                pos = copyEnd;
            }
            long padEnd = Math.min(end, slotEnd);
            if (pos < padEnd) {
                out.write(new byte[(int) (padEnd - pos)]);
                pos = padEnd;
            }
        }
        if (pos < end) out.write(new byte[(int) (end - pos)]);
    }

    /** Writes the blob's whole uncompressed cache file: every chunk at its aligned offset, zero padded. */
    public void unpackBlob(int blobIndex, Path output) throws IOException {
        BlobInfo blob = image.blobs().get(blobIndex);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            readDevice(blobIndex, 0, blob.uncompressedSize(), out);
        }
    }

    private byte[] chunk(BlobInfo blob, ChunkTable table, int c) throws IOException {
        if (cachedBlob == blob.index() && cachedChunk == c) return cachedData;
        ByteBuffer stored = ByteBuffer.allocate(table.compressedSize(c));
        readFully(blob, stored, table.compressedOffset(c));
        stored.flip();
        byte[] data = new byte[table.uncompressedSize(c)];
        String where = blob.id() + " chunk " + c;
        if (table.isCompressed(c)) {
            Codec codec = Codecs.of(blob.compression());
            codec.decode(stored, ByteBuffer.wrap(data), where);
        } else {
            if (stored.remaining() != data.length) {
                throw new FormatException(
                        where, table.compressedOffset(c), "stored chunk size differs from its uncompressed size");
            }
            stored.get(data);
        }
        if (table.hasDigests() && !Digests.matches(table.digest(c), ByteBuffer.wrap(data))) {
            throw new FormatException(
                    blob.id(),
                    table.compressedOffset(c),
                    "chunk " + c + " digest mismatch: expected " + table.digest(c) + ", got "
                            + Digests.compute(table.digestAlgorithm(), ByteBuffer.wrap(data)));
        }
        cachedBlob = blob.index();
        cachedChunk = c;
        cachedData = data;
        return data;
    }

    private void readFully(BlobInfo blob, ByteBuffer dst, long offset) throws IOException {
        FileChannel ch = channels.get(blob.index());
        if (ch == null) {
            ch = BlobFiles.open(blobPath.apply(blob), blob);
            channels.put(blob.index(), ch);
        }
        long pos = offset;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) throw new FormatException(blob.id(), pos, "blob file ends before the chunk it should hold");
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        for (FileChannel ch : channels.values()) ch.close();
        channels.clear();
    }
}
