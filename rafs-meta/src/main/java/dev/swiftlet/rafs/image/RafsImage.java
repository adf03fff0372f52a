package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.ondisk.BlobTableEntry;
import dev.swiftlet.rafs.ondisk.ChunkInfo;
import dev.swiftlet.rafs.ondisk.DeviceSlot;
import dev.swiftlet.rafs.ondisk.ImageBytes;
import dev.swiftlet.rafs.ondisk.RafsSuperblockExt;
import dev.swiftlet.rafs.ondisk.Superblock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bootstrap: a RAFS v6 image (EROFS plus the RAFS extended superblock, blob table and chunk table) or a
 * raw EROFS image from mkfs.erofs whose devices are plain uncompressed files. Holds the tables the daemon serves
 * from (devices, blobs, chunk tables); the file tree, which only the image tools read, is {@link RafsTree}.
 * Immutable after {@link #open}; every structure is validated as it is read, and every malformed input ends in a
 * {@link FormatException} that names the image and the byte offset.
 */
public final class RafsImage {
    /** What the image's devices hold. */
    public enum Kind {
        RAFS,
        RAW
    }

    /** Bootstraps are metadata only; a larger file is refused rather than read into memory. */
    public static final long MAX_BOOTSTRAP_SIZE = 1L << 30;

    /**
     * The whole bootstrap, for the file tree and the chunk info entries; null once {@link #openTables} has validated
     * the image (a daemon serves from the tables alone and would otherwise keep every mounted image's bootstrap).
     */
    private ImageBytes bytes;

    private final String resource;
    private final long size;
    private final Superblock superblock;
    private final RafsSuperblockExt extended;
    private final Kind kind;
    private final List<DeviceSlot> devices;
    private final List<BlobInfo> blobs;
    private final Map<Integer, ChunkTable> chunkTables;
    private final Map<Integer, List<ChunkInfo>> chunkInfos = new LinkedHashMap<>();
    private final int deviceIdMask;

    private RafsImage(ImageBytes b) throws FormatException {
        this.bytes = b;
        this.resource = b.resource();
        this.size = b.size();
        this.superblock = Superblock.read(b);
        Superblock sb = superblock;
        if (sb.blockSize() > b.size()) throw b.error(0, "image of " + b.size() + " bytes is smaller than one block");
        if (sb.hasChecksum()) {
            long computed = Superblock.checksumOf(b, sb.blockSize());
            if (computed != sb.checksum()) {
                throw b.error(
                        Superblock.OFFSET + 4,
                        String.format("superblock checksum 0x%08x, computed 0x%08x", sb.checksum(), computed));
            }
        }
        long unsupported = sb.featureIncompat() & ~Superblock.INCOMPAT_SUPPORTED;
        if (unsupported != 0) {
            throw b.error(
                    Superblock.OFFSET + 80,
                    "unsupported EROFS incompat features 0x" + Long.toHexString(unsupported)
                            + " (compressed EROFS images are not served)");
        }
        this.kind = sb.isRafs() ? Kind.RAFS : Kind.RAW;
        this.devices = readDevices(b, sb);
        this.deviceIdMask = Integer.highestOneBit(Math.max(1, devices.size() + 1) * 2 - 1) - 1;
        if (kind == Kind.RAFS) {
            if (sb.blockSize() != 4096) throw b.error(Superblock.OFFSET + 12, "RAFS v6 needs 4 KiB blocks");
            this.extended = RafsSuperblockExt.read(b);
            this.blobs = readBlobTable(b, extended);
            if (blobs.size() != devices.size()) {
                throw b.error(
                        RafsSuperblockExt.OFFSET + 8,
                        blobs.size() + " blobs in the blob table but " + devices.size()
                                + " devices in the device table");
            }
            for (int i = 0; i < blobs.size(); i++) {
                if (!blobs.get(i).id().equals(devices.get(i).tag())) {
                    throw b.error(
                            deviceSlotOffset(sb, i),
                            "device " + i + " tag '" + devices.get(i).tag() + "' differs from blob " + i + " id "
                                    + blobs.get(i).id());
                }
            }
            this.chunkTables = readChunkTables(b, extended, blobs, chunkInfos);
        } else {
            this.extended = null;
            List<BlobInfo> raw = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                long size = devices.get(i).blocks() * sb.blockSize();
                raw.add(new BlobInfo(
                        devices.get(i).tag(), i, true, Compression.NONE, null, 0, 0, size, size, 0, 0, 0, 0, 0, 0));
            }
            this.blobs = List.copyOf(raw);
            this.chunkTables = Map.of();
        }
        if (sb.inodeCount() == 0) throw b.error(Superblock.OFFSET + 16, "image has no inodes");
        if (!new RafsTree(this).inode(sb.rootNid()).isDirectory()) {
            throw b.error(Superblock.OFFSET + 14, "root inode is not a directory");
        }
    }

    /** Reads and validates a bootstrap file. */
    public static RafsImage open(Path bootstrap) throws IOException {
        return of(ByteBuffer.wrap(readBootstrap(bootstrap)), bootstrap.toString());
    }

    /**
     * Reads and validates a bootstrap file as {@link #open} does, then keeps only what the daemon serves from: the
     * superblocks, devices, blobs and chunk tables, not the bootstrap's bytes (its inodes and directories, which the
     * kernel reads from the file itself) nor the chunk info entries. A daemon keeps its images for hours, and the
     * scale benchmark's 50 images (3.2 MiB of bootstrap each, for 16 MiB of small files) held 175 MiB of heap that
     * way (benchmarks/RESULTS.md, "Scale"). {@link RafsTree}, {@link #readLocalRange} and {@link #chunkInfos} are
     * refused on the result.
     */
    public static RafsImage openTables(Path bootstrap) throws IOException {
        RafsImage image = open(bootstrap);
        image.prefetchRanges(); // the prefetch table's extents are served from too: read while the tree is here
        image.bytes = null;
        image.chunkInfos.clear();
        return image;
    }

    private static byte[] readBootstrap(Path bootstrap) throws IOException {
        if (!Files.isRegularFile(bootstrap)) {
            throw new java.nio.file.NoSuchFileException(bootstrap.toString(), null, "bootstrap is not a regular file");
        }
        long size = Files.size(bootstrap);
        if (size > MAX_BOOTSTRAP_SIZE) {
            throw new FormatException(
                    bootstrap.toString(), 0, "bootstrap of " + size + " bytes exceeds " + MAX_BOOTSTRAP_SIZE);
        }
        return Files.readAllBytes(bootstrap);
    }

    public static RafsImage of(ByteBuffer bootstrap, String resource) throws FormatException {
        return new RafsImage(new ImageBytes(bootstrap, resource));
    }

    private static long deviceSlotOffset(Superblock sb, int i) {
        return (long) sb.deviceTableSlotOffset() * DeviceSlot.SIZE + (long) i * DeviceSlot.SIZE;
    }

    private static List<DeviceSlot> readDevices(ImageBytes b, Superblock sb) throws FormatException {
        if (sb.extraDevices() == 0) return List.of();
        if ((sb.featureIncompat() & Superblock.INCOMPAT_DEVICE_TABLE) == 0) {
            throw b.error(Superblock.OFFSET + 86, sb.extraDevices() + " extra devices but no device table feature");
        }
        b.require(deviceSlotOffset(sb, 0), (long) sb.extraDevices() * DeviceSlot.SIZE, "device table");
        List<DeviceSlot> out = new ArrayList<>();
        for (int i = 0; i < sb.extraDevices(); i++) {
            DeviceSlot d = DeviceSlot.read(b, deviceSlotOffset(sb, i));
            // mkfs.erofs --blobdev leaves blocks at 0: the kernel then takes the device file's size
            if (d.blocks() == 0 && sb.isRafs())
                throw b.error(deviceSlotOffset(sb, i) + 64, "device " + i + " has no blocks");
            out.add(d);
        }
        return List.copyOf(out);
    }

    private static List<BlobInfo> readBlobTable(ImageBytes b, RafsSuperblockExt ext) throws FormatException {
        List<BlobInfo> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (long i = 0; i < ext.blobTableSize() / BlobTableEntry.SIZE; i++) {
            long off = ext.blobTableOffset() + i * BlobTableEntry.SIZE;
            BlobTableEntry e = BlobTableEntry.read(b, off);
            if (e.blobIndex() != i) throw b.error(off + 64, "blob " + i + " says it has index " + e.blobIndex());
            if (e.chunkSize() != ext.chunkSize()) {
                throw b.error(
                        off + 68, "blob chunk size " + e.chunkSize() + " differs from the image's " + ext.chunkSize());
            }
            if (!ids.add(e.blobId())) throw b.error(off, "duplicate blob id " + e.blobId());
            Compression c;
            DigestAlgorithm d;
            try {
                c = Compression.fromOnDisk(e.compressionAlgo());
                d = DigestAlgorithm.fromOnDisk(e.digestAlgo());
            } catch (IllegalArgumentException ex) {
                throw b.error(off + 76, ex.getMessage());
            }
            out.add(new BlobInfo(
                    e.blobId(),
                    (int) i,
                    false,
                    c,
                    d,
                    e.chunkSize(),
                    e.chunkCount(),
                    e.compressedSize(),
                    e.uncompressedSize(),
                    e.features(),
                    e.ciOffset(),
                    e.ciCompressedSize(),
                    e.ciUncompressedSize(),
                    e.ciCompressor(),
                    e.tocSize()));
        }
        return List.copyOf(out);
    }

    /** Chunk tables per blob, from the bootstrap's chunk info table (which carries the digests). */
    private static Map<Integer, ChunkTable> readChunkTables(
            ImageBytes b, RafsSuperblockExt ext, List<BlobInfo> blobs, Map<Integer, List<ChunkInfo>> infosOut)
            throws FormatException {
        Map<Integer, Map<Long, ChunkInfo>> byBlob = new LinkedHashMap<>();
        long count = ext.chunkTableSize() / ChunkInfo.SIZE;
        for (long i = 0; i < count; i++) {
            long off = ext.chunkTableOffset() + i * ChunkInfo.SIZE;
            ChunkInfo c = ChunkInfo.read(b, off);
            if (c.blobIndex() >= blobs.size())
                throw b.error(off + 32, "chunk refers to blob " + c.blobIndex() + " of " + blobs.size());
            BlobInfo blob = blobs.get((int) c.blobIndex());
            if (c.index() >= blob.chunkCount())
                throw b.error(off + 72, "chunk index " + c.index() + " >= chunk count " + blob.chunkCount());
            if (c.uncompressedSize() == 0 || c.uncompressedSize() > blob.chunkSize() || c.compressedSize() == 0) {
                throw b.error(
                        off + 40, "chunk sizes " + c.compressedSize() + "/" + c.uncompressedSize() + " are not valid");
            }
            if (c.uncompressedOffset() + c.uncompressedSize() > blob.uncompressedSize()
                    || c.compressedOffset() + c.compressedSize() > blob.compressedSize()) {
                throw b.error(off + 48, "chunk lies outside its blob " + blob.id());
            }
            ChunkInfo prev = byBlob.computeIfAbsent((int) c.blobIndex(), k -> new LinkedHashMap<>())
                    .putIfAbsent(c.index(), c);
            if (prev != null
                    && (prev.uncompressedOffset() != c.uncompressedOffset()
                            || prev.compressedOffset() != c.compressedOffset())) {
                throw b.error(off, "two different chunks share index " + c.index() + " of blob " + blob.id());
            }
        }
        Map<Integer, ChunkTable> tables = new LinkedHashMap<>();
        for (BlobInfo blob : blobs) {
            List<ChunkInfo> chunks =
                    new ArrayList<>(byBlob.getOrDefault(blob.index(), Map.of()).values());
            chunks.sort(Comparator.comparingLong(ChunkInfo::uncompressedOffset));
            infosOut.put(blob.index(), List.copyOf(chunks));
            ChunkTable.Builder t = ChunkTable.builder(chunks.size(), blob.digestAlgorithm());
            for (ChunkInfo c : chunks) {
                try {
                    t.add(
                            c.uncompressedOffset(),
                            (int) c.uncompressedSize(),
                            c.compressedOffset(),
                            (int) c.compressedSize(),
                            c.isCompressed(),
                            c.digest());
                } catch (IllegalArgumentException e) {
                    throw b.error(ext.chunkTableOffset(), "blob " + blob.id() + ": " + e.getMessage());
                }
            }
            tables.put(blob.index(), t.build());
        }
        return Collections.unmodifiableMap(tables);
    }

    public String resource() {
        return resource;
    }

    public Kind kind() {
        return kind;
    }

    public Superblock superblock() {
        return superblock;
    }

    /** The RAFS extended superblock, or null for a raw image. */
    public RafsSuperblockExt extended() {
        return extended;
    }

    public List<DeviceSlot> devices() {
        return devices;
    }

    public List<BlobInfo> blobs() {
        return blobs;
    }

    /** Size of the bootstrap: the cachefiles {@code copen} size of the primary cookie. */
    public long size() {
        return size;
    }

    /** The chunk table of a RAFS blob (raw devices have none: they are identity-mapped). */
    public ChunkTable chunkTable(int blobIndex) {
        ChunkTable t = chunkTables.get(blobIndex);
        if (t == null)
            throw new IllegalArgumentException("no chunk table for blob " + blobIndex + " (" + kind + " image)");
        return t;
    }

    /** The bootstrap's chunk info entries of a RAFS blob (with their ci indexes), by uncompressed offset. */
    public List<ChunkInfo> chunkInfos(int blobIndex) {
        tablesOnlyCheck("chunk info entries");
        return chunkInfos.getOrDefault(blobIndex, List.of());
    }

    /**
     * The prefetch table: nids of the files the image's builder listed to be fetched first, in its order (nydus-image
     * {@code --prefetch-policy fs}); empty when it has none, or for a raw image.
     */
    public List<Long> prefetchNids() throws FormatException {
        List<Long> known = prefetchNids;
        if (known != null) return known;
        if (extended == null || extended.prefetchTableSize() == 0) return prefetchNids = List.of();
        tablesOnlyCheck("prefetch table");
        long offset = extended.prefetchTableOffset(), size = extended.prefetchTableSize();
        if (size % 4 != 0)
            throw bytes.error(RafsSuperblockExt.OFFSET + 48, "prefetch table size " + size + " is not a multiple of 4");
        bytes.require(offset, size, "prefetch table");
        List<Long> nids = new ArrayList<>();
        for (long i = 0; i < size / 4; i++) nids.add(bytes.u32(offset + 4 * i, "prefetch table entry " + i));
        return prefetchNids = List.copyOf(nids);
    }

    private volatile List<Long> prefetchNids;

    /** blob index → {offset, length} of the prefetch table's files in it, in table order; read on first use. */
    private volatile Map<Integer, List<long[]>> prefetchRanges;

    /**
     * Where the prefetch table's files lie in blob {@code blobIndex} (uncompressed offset and length in its cache
     * file), in the table's order, adjacent ones merged into pieces of at most {@code maxPiece} bytes; empty without a
     * table.
     */
    public List<long[]> prefetchPieces(int blobIndex, long maxPiece) throws FormatException {
        List<long[]> pieces = new ArrayList<>();
        for (long[] r : prefetchRanges().getOrDefault(blobIndex, List.of())) {
            long[] last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
            long lastEnd = last == null ? -1 : (last[0] + last[1] + 4095) / 4096 * 4096;
            if (last != null && r[0] >= last[0] && r[0] <= lastEnd && r[0] + r[1] - last[0] <= maxPiece) {
                last[1] = Math.max(last[1], r[0] + r[1] - last[0]);
            } else {
                pieces.add(new long[] {r[0], r[1]});
            }
        }
        return pieces;
    }

    /** The prefetch table's files' extents by blob: each listed inode read by its nid (no walk of the tree). */
    private Map<Integer, List<long[]>> prefetchRanges() throws FormatException {
        Map<Integer, List<long[]>> r = prefetchRanges;
        if (r != null) return r;
        synchronized (this) {
            if (prefetchRanges == null) {
                Map<Integer, List<long[]>> byBlob = new LinkedHashMap<>();
                List<Long> nids = prefetchNids();
                if (!nids.isEmpty()) {
                    RafsTree tree = new RafsTree(this);
                    for (long nid : nids) {
                        Inode inode = tree.inode(nid);
                        if (!inode.isRegular()) continue;
                        for (Extent e : tree.extents(inode)) {
                            if (e.hole() || e.device() == 0) continue;
                            byBlob.computeIfAbsent(e.device() - 1, k -> new ArrayList<>())
                                    .add(new long[] {e.deviceOffset(), e.length()});
                        }
                    }
                }
                prefetchRanges = byBlob;
            }
            return prefetchRanges;
        }
    }

    /** Bytes {@code [offset, offset+length)} of the bootstrap itself (device 0). */
    public byte[] readLocalRange(long offset, long length) throws FormatException {
        tablesOnlyCheck("bootstrap data");
        if (length > Integer.MAX_VALUE) throw bytes.error(offset, "range too large");
        return bytes.bytes(offset, (int) length, "bootstrap data");
    }

    ImageBytes bytes() {
        tablesOnlyCheck("file tree");
        return bytes;
    }

    private void tablesOnlyCheck(String what) {
        if (bytes == null) {
            throw new IllegalStateException(
                    resource + " was opened for its tables only (RafsImage.openTables): its " + what + " is not kept");
        }
    }

    /** Masks a chunk index's device id to the device table's width (nydus-image keeps flags in the high bits). */
    int deviceIdMask() {
        return deviceIdMask;
    }
}
