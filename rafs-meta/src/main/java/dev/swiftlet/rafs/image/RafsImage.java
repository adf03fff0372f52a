package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.ondisk.BlobTableEntry;
import dev.swiftlet.rafs.ondisk.ChunkIndex;
import dev.swiftlet.rafs.ondisk.ChunkInfo;
import dev.swiftlet.rafs.ondisk.DeviceSlot;
import dev.swiftlet.rafs.ondisk.Dirent;
import dev.swiftlet.rafs.ondisk.ImageBytes;
import dev.swiftlet.rafs.ondisk.InodeHeader;
import dev.swiftlet.rafs.ondisk.RafsSuperblockExt;
import dev.swiftlet.rafs.ondisk.Superblock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bootstrap: a RAFS v6 image (EROFS plus the RAFS extended superblock, blob table and chunk table) or a
 * raw EROFS image from mkfs.erofs whose devices are plain uncompressed files. Immutable after
 * {@link #open}; every structure is validated as it is read, and every malformed input ends in a
 * {@link FormatException} that names the image and the byte offset.
 */
public final class RafsImage {
    /** What the image's devices hold. */
    public enum Kind { RAFS, RAW }

    /** Bootstraps are metadata only; a larger file is refused rather than read into memory. */
    public static final long MAX_BOOTSTRAP_SIZE = 1L << 30;
    private static final int MAX_DEPTH = 4096;

    private final ImageBytes bytes;
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
        this.superblock = Superblock.read(b);
        Superblock sb = superblock;
        if (sb.blockSize() > b.size()) throw b.error(0, "image of " + b.size() + " bytes is smaller than one block");
        if (sb.hasChecksum()) {
            long computed = Superblock.checksumOf(b, sb.blockSize());
            if (computed != sb.checksum()) {
                throw b.error(Superblock.OFFSET + 4, String.format("superblock checksum 0x%08x, computed 0x%08x",
                        sb.checksum(), computed));
            }
        }
        long unsupported = sb.featureIncompat() & ~Superblock.INCOMPAT_SUPPORTED;
        if (unsupported != 0) {
            throw b.error(Superblock.OFFSET + 80, "unsupported EROFS incompat features 0x" + Long.toHexString(unsupported)
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
                throw b.error(RafsSuperblockExt.OFFSET + 8, blobs.size() + " blobs in the blob table but "
                        + devices.size() + " devices in the device table");
            }
            for (int i = 0; i < blobs.size(); i++) {
                if (!blobs.get(i).id().equals(devices.get(i).tag())) {
                    throw b.error(deviceSlotOffset(sb, i), "device " + i + " tag '" + devices.get(i).tag()
                            + "' differs from blob " + i + " id " + blobs.get(i).id());
                }
            }
            this.chunkTables = readChunkTables(b, extended, blobs, chunkInfos);
        } else {
            this.extended = null;
            List<BlobInfo> raw = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                long size = devices.get(i).blocks() * sb.blockSize();
                raw.add(new BlobInfo(devices.get(i).tag(), i, true, Compression.NONE, null, 0, 0, size, size, 0, 0, 0, 0, 0, 0));
            }
            this.blobs = List.copyOf(raw);
            this.chunkTables = Map.of();
        }
        if (sb.inodeCount() == 0) throw b.error(Superblock.OFFSET + 16, "image has no inodes");
        if (!inode(sb.rootNid()).isDirectory()) throw b.error(Superblock.OFFSET + 14, "root inode is not a directory");
    }

    /** Reads and validates a bootstrap file. */
    public static RafsImage open(Path bootstrap) throws IOException {
        if (!Files.isRegularFile(bootstrap)) {
            throw new java.nio.file.NoSuchFileException(bootstrap.toString(), null, "bootstrap is not a regular file");
        }
        long size = Files.size(bootstrap);
        if (size > MAX_BOOTSTRAP_SIZE) {
            throw new FormatException(bootstrap.toString(), 0, "bootstrap of " + size + " bytes exceeds " + MAX_BOOTSTRAP_SIZE);
        }
        return of(ByteBuffer.wrap(Files.readAllBytes(bootstrap)), bootstrap.toString());
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
            if (d.blocks() == 0 && sb.isRafs()) throw b.error(deviceSlotOffset(sb, i) + 64, "device " + i + " has no blocks");
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
                throw b.error(off + 68, "blob chunk size " + e.chunkSize() + " differs from the image's " + ext.chunkSize());
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
            out.add(new BlobInfo(e.blobId(), (int) i, false, c, d, e.chunkSize(), e.chunkCount(), e.compressedSize(),
                    e.uncompressedSize(), e.features(), e.ciOffset(), e.ciCompressedSize(), e.ciUncompressedSize(),
                    e.ciCompressor(), e.tocSize()));
        }
        return List.copyOf(out);
    }

    /** Chunk tables per blob, from the bootstrap's chunk info table (which carries the digests). */
    private static Map<Integer, ChunkTable> readChunkTables(ImageBytes b, RafsSuperblockExt ext, List<BlobInfo> blobs,
                                                            Map<Integer, List<ChunkInfo>> infosOut) throws FormatException {
        Map<Integer, Map<Long, ChunkInfo>> byBlob = new LinkedHashMap<>();
        long count = ext.chunkTableSize() / ChunkInfo.SIZE;
        for (long i = 0; i < count; i++) {
            long off = ext.chunkTableOffset() + i * ChunkInfo.SIZE;
            ChunkInfo c = ChunkInfo.read(b, off);
            if (c.blobIndex() >= blobs.size()) throw b.error(off + 32, "chunk refers to blob " + c.blobIndex() + " of " + blobs.size());
            BlobInfo blob = blobs.get((int) c.blobIndex());
            if (c.index() >= blob.chunkCount()) throw b.error(off + 72, "chunk index " + c.index() + " >= chunk count " + blob.chunkCount());
            if (c.uncompressedSize() == 0 || c.uncompressedSize() > blob.chunkSize() || c.compressedSize() == 0) {
                throw b.error(off + 40, "chunk sizes " + c.compressedSize() + "/" + c.uncompressedSize() + " are not valid");
            }
            if (c.uncompressedOffset() + c.uncompressedSize() > blob.uncompressedSize()
                    || c.compressedOffset() + c.compressedSize() > blob.compressedSize()) {
                throw b.error(off + 48, "chunk lies outside its blob " + blob.id());
            }
            ChunkInfo prev = byBlob.computeIfAbsent((int) c.blobIndex(), k -> new LinkedHashMap<>()).putIfAbsent(c.index(), c);
            if (prev != null && (prev.uncompressedOffset() != c.uncompressedOffset() || prev.compressedOffset() != c.compressedOffset())) {
                throw b.error(off, "two different chunks share index " + c.index() + " of blob " + blob.id());
            }
        }
        Map<Integer, ChunkTable> tables = new LinkedHashMap<>();
        for (BlobInfo blob : blobs) {
            List<ChunkInfo> chunks = new ArrayList<>(byBlob.getOrDefault(blob.index(), Map.of()).values());
            chunks.sort(Comparator.comparingLong(ChunkInfo::uncompressedOffset));
            infosOut.put(blob.index(), List.copyOf(chunks));
            ChunkTable.Builder t = ChunkTable.builder(chunks.size(), blob.digestAlgorithm());
            for (ChunkInfo c : chunks) {
                try {
                    t.add(c.uncompressedOffset(), (int) c.uncompressedSize(), c.compressedOffset(), (int) c.compressedSize(),
                            c.isCompressed(), c.digest());
                } catch (IllegalArgumentException e) {
                    throw b.error(ext.chunkTableOffset(), "blob " + blob.id() + ": " + e.getMessage());
                }
            }
            tables.put(blob.index(), t.build());
        }
        return Collections.unmodifiableMap(tables);
    }

    public String resource() {
        return bytes.resource();
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
        return bytes.size();
    }

    /** The chunk table of a RAFS blob (raw devices have none: they are identity-mapped). */
    public ChunkTable chunkTable(int blobIndex) {
        ChunkTable t = chunkTables.get(blobIndex);
        if (t == null) throw new IllegalArgumentException("no chunk table for blob " + blobIndex + " (" + kind + " image)");
        return t;
    }

    /** The bootstrap's chunk info entries of a RAFS blob (with their ci indexes), by uncompressed offset. */
    public List<ChunkInfo> chunkInfos(int blobIndex) {
        return chunkInfos.getOrDefault(blobIndex, List.of());
    }

    public long rootNid() {
        return superblock.rootNid();
    }

    private long inodeOffset(long nid) {
        return superblock.metaBlockAddr() * superblock.blockSize() + nid * 32;
    }

    public Inode inode(long nid) throws FormatException {
        long off = inodeOffset(nid);
        InodeHeader h = InodeHeader.read(bytes, off, superblock.buildTime(), superblock.buildTimeNsec());
        long after = off + h.inodeSize();
        Map<String, byte[]> xattrs = h.xattrICount() == 0 ? Map.of() : readXattrs(after, h.xattrSize());
        return new Inode(nid, h, xattrs, after + h.xattrSize());
    }

    private static final String[] XATTR_PREFIXES = {null, "user.", "system.posix_acl_access", "system.posix_acl_default",
            "trusted.", "lustre.", "security."};

    private Map<String, byte[]> readXattrs(long off, int size) throws FormatException {
        bytes.require(off, size, "inline xattrs");
        Map<String, byte[]> out = new LinkedHashMap<>();
        int shared = bytes.u8(off + 4, "h_shared_count");
        long pos = off + 12;
        long end = off + size;
        if (pos + shared * 4L > end) throw bytes.error(off + 4, shared + " shared xattrs overflow the xattr area");
        for (int i = 0; i < shared; i++) {
            long id = bytes.u32(pos + i * 4L, "shared xattr id");
            readXattrEntry(superblock.xattrBlockAddr() * superblock.blockSize() + id * 4, out);
        }
        pos += shared * 4L;
        while (pos + 4 <= end) {
            pos += readXattrEntry(pos, out);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Reads one xattr entry into {@code out}; returns its size, aligned to 4. */
    private long readXattrEntry(long pos, Map<String, byte[]> out) throws FormatException {
        int nameLen = bytes.u8(pos, "e_name_len");
        int index = bytes.u8(pos + 1, "e_name_index");
        int valueSize = bytes.u16(pos + 2, "e_value_size");
        if (index >= XATTR_PREFIXES.length) {
            throw bytes.error(pos + 1, "xattr name index " + index + " is not supported");
        }
        String prefix = XATTR_PREFIXES[index] == null ? "" : XATTR_PREFIXES[index];
        String name = new String(bytes.bytes(pos + 4, nameLen, "xattr name"), StandardCharsets.UTF_8);
        out.put(prefix + name, bytes.bytes(pos + 4 + nameLen, valueSize, "xattr value"));
        return (4L + nameLen + valueSize + 3) & ~3L;
    }

    /** Where the file's bytes live, in file order; holes included. */
    public List<Extent> extents(Inode inode) throws FormatException {
        InodeHeader h = inode.header();
        long size = h.size();
        int bs = superblock.blockSize();
        List<Extent> out = new ArrayList<>();
        if (size == 0) return out;
        switch (h.layout()) {
            case InodeHeader.LAYOUT_FLAT_PLAIN -> {
                long start = h.iu() * bs;
                bytes.require(start, size, "flat data of inode " + inode.nid());
                out.add(new Extent(0, size, 0, start, false));
            }
            case InodeHeader.LAYOUT_FLAT_INLINE -> {
                long blocks = (size + bs - 1) / bs;
                long head = (blocks - 1) * bs;
                if (head > 0) {
                    bytes.require(h.iu() * bs, head, "data blocks of inode " + inode.nid());
                    out.add(new Extent(0, head, 0, h.iu() * bs, false));
                }
                long tail = size - head;
                bytes.require(inode.inlineOffset(), tail, "inline tail of inode " + inode.nid());
                if (inode.inlineOffset() % bs + tail > bs) {
                    throw bytes.error(inode.inlineOffset(), "inline tail of inode " + inode.nid() + " crosses a block boundary");
                }
                out.add(new Extent(head, tail, 0, inode.inlineOffset(), false));
            }
            case InodeHeader.LAYOUT_CHUNK_BASED -> chunkExtents(inode, out);
            default -> throw bytes.error(inodeOffset(inode.nid()), "inode " + inode.nid() + " uses data layout "
                    + h.layout() + " (compressed EROFS is not supported)");
        }
        return out;
    }

    private void chunkExtents(Inode inode, List<Extent> out) throws FormatException {
        InodeHeader h = inode.header();
        int format = (int) h.iu();
        boolean indexes = (format & ChunkIndex.FORMAT_INDEXES) != 0;
        int chunkBits = superblock.blockSizeBits() + (format & ChunkIndex.FORMAT_BLKBITS_MASK);
        if (chunkBits > 30) throw bytes.error(inodeOffset(inode.nid()) + 16, "chunk size 2^" + chunkBits + " is absurd");
        long chunkSize = 1L << chunkBits;
        long count = (h.size() + chunkSize - 1) >>> chunkBits;
        int unit = indexes ? ChunkIndex.SIZE : 4;
        long base = (inode.inlineOffset() + unit - 1) & -unit;
        bytes.require(base, count * unit, "chunk indexes of inode " + inode.nid());
        int bs = superblock.blockSize();
        for (long i = 0; i < count; i++) {
            long pos = base + i * unit;
            long fileOff = i * chunkSize;
            long len = Math.min(chunkSize, h.size() - fileOff);
            long blkaddr;
            int device;
            if (indexes) {
                device = bytes.u16(pos + 2, "chunk device id") & deviceIdMask;
                blkaddr = bytes.u32(pos + 4, "chunk blkaddr");
            } else {
                device = 0;
                blkaddr = bytes.u32(pos, "chunk blkaddr");
            }
            if (blkaddr == ChunkIndex.NULL_ADDR) {
                out.add(new Extent(fileOff, len, 0, 0, true));
                continue;
            }
            if (device > devices.size()) throw bytes.error(pos + 2, "chunk refers to device " + device + " of " + devices.size());
            long devOff = blkaddr * bs;
            if (device == 0) {
                bytes.require(devOff, len, "chunk of inode " + inode.nid());
            } else if (blobs.get(device - 1).uncompressedSize() > 0 && devOff + len > blobs.get(device - 1).uncompressedSize()) {
                throw bytes.error(pos, "chunk of inode " + inode.nid() + " lies past the end of device " + device);
            }
            out.add(new Extent(fileOff, len, device, devOff, false));
        }
    }

    /** Bytes of a file whose data lives in the bootstrap itself (directories, symlinks). */
    public byte[] readLocal(Inode inode) throws FormatException {
        if (inode.size() > Integer.MAX_VALUE - 16) throw bytes.error(inodeOffset(inode.nid()) + 8, "inode too large for metadata");
        byte[] out = new byte[(int) inode.size()];
        for (Extent e : extents(inode)) {
            if (e.hole()) continue;
            if (e.device() != 0) {
                throw bytes.error(inodeOffset(inode.nid()), "metadata inode " + inode.nid() + " keeps data on device " + e.device());
            }
            ByteBuffer src = bytes.slice(e.deviceOffset(), e.length(), "data of inode " + inode.nid());
            src.get(out, (int) e.fileOffset(), (int) e.length());
        }
        return out;
    }

    /** Bytes {@code [offset, offset+length)} of the bootstrap itself (device 0). */
    public byte[] readLocalRange(long offset, long length) throws FormatException {
        if (length > Integer.MAX_VALUE) throw bytes.error(offset, "range too large");
        return bytes.bytes(offset, (int) length, "bootstrap data");
    }

    public String readSymlink(Inode inode) throws FormatException {
        if (!inode.isSymlink()) throw new IllegalArgumentException("inode " + inode.nid() + " is not a symlink");
        if (inode.size() > 4096) throw bytes.error(inodeOffset(inode.nid()) + 8, "symlink target longer than 4096 bytes");
        return new String(readLocal(inode), StandardCharsets.UTF_8);
    }

    /** The entries of a directory, "." and ".." included, as stored (sorted by name). */
    public List<DirEntry> readDir(Inode dir) throws FormatException {
        if (!dir.isDirectory()) throw new IllegalArgumentException("inode " + dir.nid() + " is not a directory");
        byte[] data = readLocal(dir);
        ByteBuffer b = ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int bs = superblock.blockSize();
        List<DirEntry> out = new ArrayList<>();
        for (int blk = 0; blk < data.length; blk += bs) {
            int blkLen = Math.min(bs, data.length - blk);
            if (blkLen < Dirent.SIZE) throw bytes.error(inodeOffset(dir.nid()), "directory " + dir.nid() + " has a truncated block");
            int first = Short.toUnsignedInt(b.getShort(blk + 8));
            if (first < Dirent.SIZE || first % Dirent.SIZE != 0 || first > blkLen) {
                throw bytes.error(inodeOffset(dir.nid()), "directory " + dir.nid() + " block " + blk / bs
                        + ": bad first name offset " + first);
            }
            int count = first / Dirent.SIZE;
            for (int j = 0; j < count; j++) {
                int d = blk + j * Dirent.SIZE;
                long nid = b.getLong(d);
                int nameOff = Short.toUnsignedInt(b.getShort(d + 8));
                int type = Byte.toUnsignedInt(b.get(d + 10));
                int nameEnd = j + 1 < count ? Short.toUnsignedInt(b.getShort(d + Dirent.SIZE + 8)) : blkLen;
                if (nameOff < first || nameEnd > blkLen || nameEnd < nameOff) {
                    throw bytes.error(inodeOffset(dir.nid()), "directory " + dir.nid() + ": name offsets "
                            + nameOff + ".." + nameEnd + " out of order");
                }
                int end = nameOff;
                while (end < nameEnd && data[blk + end] != 0) end++;
                if (end == nameOff) throw bytes.error(inodeOffset(dir.nid()), "directory " + dir.nid() + " has an empty name");
                out.add(new DirEntry(new String(data, blk + nameOff, end - nameOff, StandardCharsets.UTF_8), nid, type));
            }
        }
        return out;
    }

    /** Called for every inode below the root, parents before children; paths have no leading "/". */
    @FunctionalInterface
    public interface Visitor {
        void visit(String path, Inode inode) throws IOException;
    }

    /**
     * Walks the tree depth-first in name order. A directory reached twice (a loop or a hard-linked
     * directory) or a tree deeper than 4096 levels is a FormatException, so the walk always ends.
     */
    public void walk(Visitor visitor) throws IOException {
        Set<Long> seenDirs = new HashSet<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {"", rootNid(), 0});
        long visited = 0;
        long limit = superblock.inodeCount() * 4 + 1024;
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            String path = (String) top[0];
            long nid = (Long) top[1];
            int depth = (Integer) top[2];
            if (++visited > limit) throw bytes.error(0, "more entries than the inode count allows: a corrupt tree");
            Inode inode = inode(nid);
            if (!path.isEmpty()) visitor.visit(path, inode);
            if (!inode.isDirectory()) continue;
            if (!seenDirs.add(nid)) throw bytes.error(inodeOffset(nid), "directory " + nid + " is reachable twice (loop)");
            if (depth >= MAX_DEPTH) throw bytes.error(inodeOffset(nid), "directory tree deeper than " + MAX_DEPTH);
            List<DirEntry> entries = readDir(inode);
            for (int i = entries.size() - 1; i >= 0; i--) {
                DirEntry e = entries.get(i);
                if (e.name().equals(".") || e.name().equals("..")) continue;
                if (e.name().contains("/")) throw bytes.error(inodeOffset(nid), "directory " + nid + " has a name with '/'");
                stack.push(new Object[] {path.isEmpty() ? e.name() : path + "/" + e.name(), e.nid(), depth + 1});
            }
        }
    }
}
