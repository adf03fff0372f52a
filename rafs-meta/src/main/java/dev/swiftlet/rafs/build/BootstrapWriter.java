package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.ondisk.BlobTableEntry;
import dev.swiftlet.rafs.ondisk.ChunkIndex;
import dev.swiftlet.rafs.ondisk.ChunkInfo;
import dev.swiftlet.rafs.ondisk.DeviceSlot;
import dev.swiftlet.rafs.ondisk.Dirent;
import dev.swiftlet.rafs.ondisk.InodeHeader;
import dev.swiftlet.rafs.ondisk.RafsSuperblockExt;
import dev.swiftlet.rafs.ondisk.Superblock;
import dev.swiftlet.rafs.ondisk.XattrEntry;
import dev.swiftlet.rafs.ondisk.XattrHeader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out and writes a RAFS v6 bootstrap (4 KiB blocks):
 * <pre>
 * block 0      superblock @1024, RAFS extended superblock @1152, device table @1408 (slot 11, 128 B per
 *              blob; past 21 blobs it runs on into the next blocks, which the kernel reads slot by slot)
 * next block   blob table (256 B per blob), 4 KiB aligned after the device table, as nydus-image places it;
 *              right after it the prefetch table (a u32 nid per file to prefetch, in order), if any
 * meta area    inodes (extended, 32-byte aligned; nid = offset/32 from the area start) with inline
 *              xattrs, inline symlink targets or chunk indexes; none crosses a block boundary
 * data blocks  directory blocks (dirents + names), long symlink targets
 * chunk table  80-byte chunk infos (with digests), 4 KiB aligned; the file ends 4 KiB aligned
 * </pre>
 */
final class BootstrapWriter {
    static final int BLOCK = 4096;
    /** nydus-image's bound (its blob index is a u8 in places, 255 reserved), so nydusd reads what this writes. */
    static final int MAX_BLOBS = 254;

    private static final int DEVICE_SLOT_OFFSET = 11;

    /** One blob of the new image's blob table (new or reused from a chunk dictionary). */
    record ImageBlob(
            String id,
            long chunkSize,
            long chunkCount,
            int compression,
            int digest,
            long features,
            long compressedSize,
            long uncompressedSize,
            long tocSize,
            long ciOffset,
            long ciCompressedSize,
            long ciUncompressedSize) {}

    private final Tree tree;
    private final List<ImageBlob> blobs;
    private final List<ChunkRef> chunkInfos;
    private final int chunkBits;
    private final long flags;
    private final List<Tree.InodeData> prefetch;

    BootstrapWriter(
            Tree tree,
            List<ImageBlob> blobs,
            List<ChunkRef> chunkInfos,
            int chunkSize,
            long flags,
            List<Tree.InodeData> prefetch) {
        if (blobs.size() > MAX_BLOBS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_BLOBS + " blobs fit a RAFS v6 image, not " + blobs.size());
        }
        this.tree = tree;
        this.blobs = blobs;
        this.chunkInfos = chunkInfos;
        this.chunkBits = Integer.numberOfTrailingZeros(chunkSize);
        this.flags = flags;
        this.prefetch = prefetch;
    }

    private record Placed(
            Tree.InodeData inode,
            long offset,
            int layout,
            int xattrSize,
            byte[] inline,
            long dataBlock,
            long size,
            boolean extended) {
        int headerSize() {
            return extended ? InodeHeader.EXTENDED_SIZE : InodeHeader.COMPACT_SIZE;
        }
    }

    /** The (seconds, nanos) mtime most inodes share: the superblock's build time, so those inodes can be compact. */
    private static long[] commonMtime(List<Tree.Node> nodes) {
        Map<List<Long>, Integer> counts = new java.util.HashMap<>();
        java.util.Set<Tree.InodeData> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Tree.Node n : nodes) {
            if (seen.add(n.inode))
                counts.merge(List.of(n.inode.entry.mtimeSeconds(), (long) n.inode.entry.mtimeNanos()), 1, Integer::sum);
        }
        List<Long> best = counts.entrySet().stream()
                .max(Map.Entry.<List<Long>, Integer>comparingByValue()
                        .thenComparing(en -> -en.getKey().get(0)))
                .map(Map.Entry::getKey)
                .orElse(List.of(0L, 0L));
        return new long[] {best.get(0), best.get(1)};
    }

    /**
     * Compact (32-byte) inodes carry no mtime (the kernel uses the build time plus a 32-bit delta we leave 0),
     * 16-bit uid/gid/nlink and a 32-bit size; anything else needs the 64-byte extended form.
     */
    private static boolean fitsCompact(Tree.InodeData in, long[] epoch) {
        SourceEntry e = in.entry;
        return e.mtimeSeconds() == epoch[0]
                && e.mtimeNanos() == epoch[1]
                && e.uid() >= 0
                && e.uid() <= 0xFFFF
                && e.gid() >= 0
                && e.gid() <= 0xFFFF
                && in.nlink <= 0xFFFF
                && (e.type() != SourceEntry.Type.REGULAR || e.size() <= 0xFFFF_FFFFL);
    }

    /** Where the blob table starts: the first block boundary after the device table. */
    private long blobTableOffset() {
        long deviceTableEnd = (long) DEVICE_SLOT_OFFSET * DeviceSlot.SIZE + (long) blobs.size() * DeviceSlot.SIZE;
        return (deviceTableEnd + BLOCK - 1) / BLOCK * BLOCK;
    }

    byte[] write() {
        long blobTable = blobTableOffset();
        long prefetchTable = blobTable + blobs.size() * (long) BlobTableEntry.SIZE;
        long prefetchTableSize = prefetch.size() * 4L;
        long metaBlock = (prefetchTable + prefetchTableSize + BLOCK - 1) / BLOCK;
        long metaBase = metaBlock * BLOCK;
        // 1. inode placement: unique inodes in tree order, the root first (its nid must fit in 16 bits)
        List<Tree.Node> nodes = tree.nodes();
        Map<Tree.InodeData, Placed> placed = new LinkedHashMap<>();
        long[] epoch = commonMtime(nodes);
        long cursor = metaBase;
        for (Tree.Node n : nodes) {
            Tree.InodeData in = n.inode;
            if (placed.containsKey(in)) continue;
            byte[] xattrs = xattrArea(in.xattrs);
            boolean extended = !fitsCompact(in, epoch);
            int fixed = (extended ? InodeHeader.EXTENDED_SIZE : InodeHeader.COMPACT_SIZE) + xattrs.length;
            byte[] inline = null;
            int layout = InodeHeader.LAYOUT_FLAT_PLAIN;
            int tail = 0;
            switch (in.entry.type()) {
                case SYMLINK -> {
                    inline = in.entry.linkTarget().getBytes(StandardCharsets.UTF_8);
                    if (fixed + inline.length <= BLOCK) {
                        layout = InodeHeader.LAYOUT_FLAT_INLINE;
                        tail = inline.length;
                    }
                }
                case REGULAR -> {
                    if (!in.chunks.isEmpty()) {
                        layout = InodeHeader.LAYOUT_CHUNK_BASED;
                        tail = (int) (((fixed + 7) & ~7L) - fixed) + in.chunks.size() * ChunkIndex.SIZE;
                    }
                }
                default -> {}
            }
            if (fixed > BLOCK) throw new IllegalArgumentException(n.name + ": xattrs too large for one block");
            // the inode, its xattrs and inline tail stay inside one block; chunk indexes may run on
            long need = layout == InodeHeader.LAYOUT_CHUNK_BASED ? fixed : fixed + tail;
            if (cursor % BLOCK + need > BLOCK) cursor = (cursor + BLOCK - 1) / BLOCK * BLOCK;
            if ((cursor - metaBase) / 32 > 0xFFFF && placed.isEmpty())
                throw new IllegalStateException("root nid overflow");
            in.nid = (cursor - metaBase) / 32;
            placed.put(in, new Placed(in, cursor, layout, xattrs.length, inline, -1, 0, extended));
            cursor += fixed + tail;
            cursor = (cursor + 31) & ~31L;
        }
        long dataBlock = (cursor + BLOCK - 1) / BLOCK;
        // 2. directory blocks and long symlink targets, now that every nid is known
        ByteArrayOutputStream dataArea = new ByteArrayOutputStream();
        Map<Tree.InodeData, long[]> dataOf = new LinkedHashMap<>(); // {block, size}
        for (Tree.Node n : nodes) {
            Tree.InodeData in = n.inode;
            if (dataOf.containsKey(in)) continue;
            byte[] content = null;
            if (in.isDirectory()) content = dirBlocks(n);
            else if (in.entry.type() == SourceEntry.Type.SYMLINK
                    && placed.get(in).layout() == InodeHeader.LAYOUT_FLAT_PLAIN) {
                content = placed.get(in).inline();
            }
            if (content == null) continue;
            long block = dataBlock + dataArea.size() / BLOCK;
            dataArea.writeBytes(content);
            int pad = (BLOCK - dataArea.size() % BLOCK) % BLOCK;
            dataArea.writeBytes(new byte[pad]);
            // a directory's size ends at its last name (dirBlocks trims the last block), a symlink's at its target
            dataOf.put(in, new long[] {block, content.length});
        }
        long chunkTableOffset = (dataBlock * BLOCK + dataArea.size() + BLOCK - 1) / BLOCK * BLOCK;
        long chunkTableSize = (long) chunkInfos.size() * ChunkInfo.SIZE;
        long total = (chunkTableOffset + chunkTableSize + BLOCK - 1) / BLOCK * BLOCK;

        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        // superblocks and device table
        Superblock sb = new Superblock(
                0,
                Superblock.COMPAT_RAFS_V6,
                12,
                (int) tree.root.inode.nid,
                placed.size(),
                epoch[0],
                epoch[1],
                total / BLOCK,
                metaBlock,
                0,
                new byte[16],
                "",
                Superblock.INCOMPAT_CHUNKED_FILE | Superblock.INCOMPAT_DEVICE_TABLE,
                blobs.size(),
                DEVICE_SLOT_OFFSET);
        sb.write(out);
        new RafsSuperblockExt(
                        flags,
                        blobTable,
                        (long) blobs.size() * BlobTableEntry.SIZE,
                        1L << chunkBits,
                        chunkTableOffset,
                        chunkTableSize,
                        prefetch.isEmpty() ? 0 : prefetchTable,
                        prefetchTableSize)
                .write(out);
        for (int i = 0; i < prefetch.size(); i++) out.putInt((int) prefetchTable + 4 * i, (int) prefetch.get(i).nid);
        for (int i = 0; i < blobs.size(); i++) {
            ImageBlob b = blobs.get(i);
            new DeviceSlot(b.id(), b.uncompressedSize() / BLOCK, 0)
                    .write(out, DEVICE_SLOT_OFFSET * DeviceSlot.SIZE + i * DeviceSlot.SIZE);
            new BlobTableEntry(
                            b.id(),
                            i,
                            b.chunkSize(),
                            b.chunkCount(),
                            b.compression(),
                            b.digest(),
                            b.features(),
                            b.compressedSize(),
                            b.uncompressedSize(),
                            b.tocSize(),
                            0,
                            b.ciOffset(),
                            b.ciCompressedSize(),
                            b.ciUncompressedSize())
                    .write(out, (int) blobTable + i * BlobTableEntry.SIZE);
        }
        // inodes
        long ino = 1;
        for (Placed p : placed.values()) writeInode(out, p, ino++, dataOf.get(p.inode()), xattrArea(p.inode().xattrs));
        out.put((int) (dataBlock * BLOCK), dataArea.toByteArray());
        // chunk info table
        int c = (int) chunkTableOffset;
        for (ChunkRef ref : chunkInfos) {
            new ChunkInfo(
                            ref.digest(),
                            ref.blobIndex(),
                            ref.compressed() ? ChunkInfo.FLAG_COMPRESSED : 0,
                            ref.compressedSize(),
                            ref.uncompressedSize(),
                            ref.compressedOffset(),
                            ref.uncompressedOffset(),
                            ref.fileOffset(),
                            ref.ciIndex())
                    .write(out, c);
            c += ChunkInfo.SIZE;
        }
        return out.array();
    }

    private void writeInode(ByteBuffer out, Placed p, long ino, long[] data, byte[] xattrs) {
        Tree.InodeData in = p.inode();
        SourceEntry e = in.entry;
        int o = (int) p.offset();
        long size = switch (e.type()) {
            case REGULAR -> e.size();
            case SYMLINK -> p.inline().length;
            case DIRECTORY -> data[1];
            default -> 0;
        };
        long iu = switch (e.type()) {
            case REGULAR ->
                p.layout() == InodeHeader.LAYOUT_CHUNK_BASED ? ChunkIndex.FORMAT_INDEXES | (chunkBits - 12) : 0;
            case CHAR_DEVICE, BLOCK_DEVICE -> encodeDev(e.devMajor(), e.devMinor());
            case DIRECTORY -> data[0];
            case SYMLINK -> data != null ? data[0] : 0;
            default -> 0;
        };
        int type = switch (e.type()) {
            case REGULAR -> 0100000;
            case DIRECTORY -> 0040000;
            case SYMLINK -> 0120000;
            case CHAR_DEVICE -> 0020000;
            case BLOCK_DEVICE -> 0060000;
            case FIFO -> 0010000;
            case SOCKET -> 0140000;
            case HARDLINK -> throw new IllegalStateException("hard links are resolved in the tree");
        };
        int perm = e.type() == SourceEntry.Type.SYMLINK ? 0777 : e.permissions();
        out.putShort(o, (short) ((p.extended() ? 1 : 0) | (p.layout() << 1)));
        out.putShort(o + 2, (short) (xattrs.length == 0 ? 0 : (xattrs.length - 12) / 4 + 1));
        out.putShort(o + 4, (short) (type | perm));
        if (p.extended()) {
            out.putLong(o + 8, size).putInt(o + 16, (int) iu).putInt(o + 20, (int) ino);
            out.putInt(o + 24, (int) e.uid()).putInt(o + 28, (int) e.gid());
            out.putLong(o + 32, e.mtimeSeconds()).putInt(o + 40, e.mtimeNanos()).putInt(o + 44, in.nlink);
        } else {
            if (size > 0xFFFF_FFFFL)
                throw new IllegalStateException(e.path() + ": size " + size + " does not fit a compact inode");
            out.putShort(o + 6, (short) in.nlink)
                    .putInt(o + 8, (int) size)
                    .putInt(o + 16, (int) iu)
                    .putInt(o + 20, (int) ino);
            out.putShort(o + 24, (short) e.uid()).putShort(o + 26, (short) e.gid());
        }
        out.put(o + p.headerSize(), xattrs);
        int after = o + p.headerSize() + xattrs.length;
        if (p.layout() == InodeHeader.LAYOUT_FLAT_INLINE) out.put(after, p.inline());
        if (p.layout() == InodeHeader.LAYOUT_CHUNK_BASED) {
            int pos = (after + 7) & ~7;
            for (ChunkRef c : in.chunks) {
                out.putShort(pos, (short) (c.ciIndex() & 0xFFFF));
                out.putShort(pos + 2, (short) ((c.blobIndex() + 1) | ((c.ciIndex() >>> 16) << 8)));
                out.putInt(pos + 4, (int) (c.uncompressedOffset() / BLOCK));
                pos += ChunkIndex.SIZE;
            }
        }
    }

    /** The kernel's new_encode_dev. */
    static long encodeDev(int major, int minor) {
        return (minor & 0xffL) | ((long) (major & 0xfff) << 8) | ((long) (minor & ~0xff) << 12);
    }

    /** Inline xattr area: ibody header (no name filter, no shared xattrs), then 4-aligned entries, prefix as an index. */
    static byte[] xattrArea(Map<String, byte[]> xattrs) {
        if (xattrs.isEmpty()) return new byte[0];
        List<Map.Entry<String, byte[]>> sorted = new ArrayList<>(xattrs.entrySet());
        sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        List<XattrEntry> heads = new ArrayList<>();
        List<byte[]> names = new ArrayList<>();
        int total = XattrHeader.SIZE;
        for (Map.Entry<String, byte[]> x : sorted) {
            String[][] prefixes = {
                {"user.", "1"},
                {"trusted.", "4"},
                {"security.", "6"},
                {"system.posix_acl_access", "2"},
                {"system.posix_acl_default", "3"}
            };
            int index = -1;
            String suffix = null;
            for (String[] p : prefixes) {
                if (x.getKey().startsWith(p[0])) {
                    index = Integer.parseInt(p[1]);
                    suffix = x.getKey().substring(p[0].length());
                    break;
                }
            }
            if (index < 0) throw new IllegalArgumentException("xattr '" + x.getKey() + "' has no EROFS name prefix");
            byte[] name = suffix.getBytes(StandardCharsets.UTF_8);
            if (name.length > 255 || x.getValue().length > 65535)
                throw new IllegalArgumentException("xattr '" + x.getKey() + "' too large");
            XattrEntry head = new XattrEntry(name.length, index, x.getValue().length);
            heads.add(head);
            names.add(name);
            total += head.alignedSize();
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        new XattrHeader(0, 0).write(out, 0);
        int pos = XattrHeader.SIZE;
        for (int i = 0; i < heads.size(); i++) {
            heads.get(i).write(out, pos);
            out.put(pos + XattrEntry.SIZE, names.get(i))
                    .put(
                            pos + XattrEntry.SIZE + names.get(i).length,
                            sorted.get(i).getValue());
            pos += heads.get(i).alignedSize();
        }
        return out.array();
    }

    /** Directory data: blocks of dirents then names, "." and ".." first, the rest in byte order. */
    private byte[] dirBlocks(Tree.Node dir) {
        List<Object[]> entries = new ArrayList<>(); // {name bytes, nid, type}
        entries.add(new Object[] {".".getBytes(StandardCharsets.US_ASCII), dir.inode.nid, Dirent.FT_DIR});
        Tree.Node parent = dir.parent == null ? dir : dir.parent;
        entries.add(new Object[] {"..".getBytes(StandardCharsets.US_ASCII), parent.inode.nid, Dirent.FT_DIR});
        for (Map.Entry<byte[], Tree.Node> c : dir.children.entrySet()) {
            entries.add(new Object[] {
                c.getKey(),
                c.getValue().inode.nid,
                fileType(c.getValue().inode.entry.type())
            });
        }
        entries.sort((a, b) -> java.util.Arrays.compareUnsigned((byte[]) a[0], (byte[]) b[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < entries.size()) {
            int used = 0, j = i;
            while (j < entries.size() && used + Dirent.SIZE + ((byte[]) entries.get(j)[0]).length <= BLOCK) {
                used += Dirent.SIZE + ((byte[]) entries.get(j)[0]).length;
                j++;
            }
            ByteBuffer blk = ByteBuffer.allocate(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
            int nameOff = (j - i) * Dirent.SIZE;
            for (int k = i; k < j; k++) {
                byte[] name = (byte[]) entries.get(k)[0];
                int d = (k - i) * Dirent.SIZE;
                blk.putLong(d, (Long) entries.get(k)[1])
                        .putShort(d + 8, (short) nameOff)
                        .put(d + 10, (byte) (int) (Integer) entries.get(k)[2]);
                blk.put(nameOff, name);
                nameOff += name.length;
            }
            boolean last = j == entries.size();
            out.writeBytes(last ? java.util.Arrays.copyOf(blk.array(), nameOff) : blk.array());
            i = j;
        }
        return out.toByteArray();
    }

    private static int fileType(SourceEntry.Type t) {
        return switch (t) {
            case REGULAR, HARDLINK -> Dirent.FT_REG_FILE;
            case DIRECTORY -> Dirent.FT_DIR;
            case SYMLINK -> Dirent.FT_SYMLINK;
            case CHAR_DEVICE -> Dirent.FT_CHRDEV;
            case BLOCK_DEVICE -> Dirent.FT_BLKDEV;
            case FIFO -> Dirent.FT_FIFO;
            case SOCKET -> Dirent.FT_SOCK;
        };
    }
}
