package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.ondisk.ChunkIndex;
import dev.swiftlet.rafs.ondisk.DeviceSlot;
import dev.swiftlet.rafs.ondisk.Dirent;
import dev.swiftlet.rafs.ondisk.ImageBytes;
import dev.swiftlet.rafs.ondisk.InodeHeader;
import dev.swiftlet.rafs.ondisk.Superblock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file tree of a {@link RafsImage}: inodes, xattrs, directories, symlinks and where each file's bytes live
 * ({@link #extents}), and a walk over all of it. What the image tools ({@code image inspect}, {@code check},
 * {@code unpack-blob}) and {@link ImageDataReader} read; the daemon serves blobs from the image's tables and never
 * reads the tree. Every structure is validated as it is read: malformed input is a {@link FormatException}.
 */
public final class RafsTree {
    private static final int MAX_DEPTH = 4096;

    private final ImageBytes bytes;
    private final Superblock superblock;
    private final List<DeviceSlot> devices;
    private final List<BlobInfo> blobs;
    private final int deviceIdMask;

    public RafsTree(RafsImage image) {
        this.bytes = image.bytes();
        this.superblock = image.superblock();
        this.devices = image.devices();
        this.blobs = image.blobs();
        this.deviceIdMask = image.deviceIdMask();
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

    private static final String[] XATTR_PREFIXES = {
        null, "user.", "system.posix_acl_access", "system.posix_acl_default", "trusted.", "lustre.", "security."
    };

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
                    throw bytes.error(
                            inode.inlineOffset(), "inline tail of inode " + inode.nid() + " crosses a block boundary");
                }
                out.add(new Extent(head, tail, 0, inode.inlineOffset(), false));
            }
            case InodeHeader.LAYOUT_CHUNK_BASED -> chunkExtents(inode, out);
            default ->
                throw bytes.error(
                        inodeOffset(inode.nid()),
                        "inode " + inode.nid() + " uses data layout " + h.layout()
                                + " (compressed EROFS is not supported)");
        }
        return out;
    }

    private void chunkExtents(Inode inode, List<Extent> out) throws FormatException {
        InodeHeader h = inode.header();
        int format = (int) h.iu();
        boolean indexes = (format & ChunkIndex.FORMAT_INDEXES) != 0;
        int chunkBits = superblock.blockSizeBits() + (format & ChunkIndex.FORMAT_BLKBITS_MASK);
        if (chunkBits > 30)
            throw bytes.error(inodeOffset(inode.nid()) + 16, "chunk size 2^" + chunkBits + " is absurd");
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
            if (device > devices.size())
                throw bytes.error(pos + 2, "chunk refers to device " + device + " of " + devices.size());
            long devOff = blkaddr * bs;
            if (device == 0) {
                bytes.require(devOff, len, "chunk of inode " + inode.nid());
            } else if (blobs.get(device - 1).uncompressedSize() > 0
                    && devOff + len > blobs.get(device - 1).uncompressedSize()) {
                throw bytes.error(pos, "chunk of inode " + inode.nid() + " lies past the end of device " + device);
            }
            out.add(new Extent(fileOff, len, device, devOff, false));
        }
    }

    /** Bytes of a file whose data lives in the bootstrap itself (directories, symlinks). */
    public byte[] readLocal(Inode inode) throws FormatException {
        if (inode.size() > Integer.MAX_VALUE - 16)
            throw bytes.error(inodeOffset(inode.nid()) + 8, "inode too large for metadata");
        byte[] out = new byte[(int) inode.size()];
        for (Extent e : extents(inode)) {
            if (e.hole()) continue;
            if (e.device() != 0) {
                throw bytes.error(
                        inodeOffset(inode.nid()),
                        "metadata inode " + inode.nid() + " keeps data on device " + e.device());
            }
            ByteBuffer src = bytes.slice(e.deviceOffset(), e.length(), "data of inode " + inode.nid());
            src.get(out, (int) e.fileOffset(), (int) e.length());
        }
        return out;
    }

    public String readSymlink(Inode inode) throws FormatException {
        if (!inode.isSymlink()) throw new IllegalArgumentException("inode " + inode.nid() + " is not a symlink");
        if (inode.size() > 4096)
            throw bytes.error(inodeOffset(inode.nid()) + 8, "symlink target longer than 4096 bytes");
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
            if (blkLen < Dirent.SIZE)
                throw bytes.error(inodeOffset(dir.nid()), "directory " + dir.nid() + " has a truncated block");
            int first = Short.toUnsignedInt(b.getShort(blk + 8));
            if (first < Dirent.SIZE || first % Dirent.SIZE != 0 || first > blkLen) {
                throw bytes.error(
                        inodeOffset(dir.nid()),
                        "directory " + dir.nid() + " block " + blk / bs + ": bad first name offset " + first);
            }
            int count = first / Dirent.SIZE;
            for (int j = 0; j < count; j++) {
                int d = blk + j * Dirent.SIZE;
                long nid = b.getLong(d);
                int nameOff = Short.toUnsignedInt(b.getShort(d + 8));
                int type = Byte.toUnsignedInt(b.get(d + 10));
                int nameEnd = j + 1 < count ? Short.toUnsignedInt(b.getShort(d + Dirent.SIZE + 8)) : blkLen;
                if (nameOff < first || nameEnd > blkLen || nameEnd < nameOff) {
                    throw bytes.error(
                            inodeOffset(dir.nid()),
                            "directory " + dir.nid() + ": name offsets " + nameOff + ".." + nameEnd + " out of order");
                }
                int end = nameOff;
                while (end < nameEnd && data[blk + end] != 0) end++;
                if (end == nameOff)
                    throw bytes.error(inodeOffset(dir.nid()), "directory " + dir.nid() + " has an empty name");
                out.add(new DirEntry(
                        new String(data, blk + nameOff, end - nameOff, StandardCharsets.UTF_8), nid, type));
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
            if (!seenDirs.add(nid))
                throw bytes.error(inodeOffset(nid), "directory " + nid + " is reachable twice (loop)");
            if (depth >= MAX_DEPTH) throw bytes.error(inodeOffset(nid), "directory tree deeper than " + MAX_DEPTH);
            List<DirEntry> entries = readDir(inode);
            for (int i = entries.size() - 1; i >= 0; i--) {
                DirEntry e = entries.get(i);
                if (e.name().equals(".") || e.name().equals("..")) continue;
                if (e.name().contains("/"))
                    throw bytes.error(inodeOffset(nid), "directory " + nid + " has a name with '/'");
                stack.push(new Object[] {path.isEmpty() ? e.name() : path + "/" + e.name(), e.nid(), depth + 1});
            }
        }
    }
}
