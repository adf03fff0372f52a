package dev.swiftlet.rafs.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A RAFS image's files as a container's start meets them: which file holds each chunk (to turn the chunks a daemon
 * served into the file list {@code --prefetch-files} takes), and where the files of the prefetch table lie in their
 * blobs (what a daemon fetches first).
 */
public final class StartupFiles {
    private final RafsImage image;
    /** (blob index, chunk) → the first file, in walk order, whose data lies in that chunk. */
    private final Map<Long, String> ownerOfChunk = new HashMap<>();
    /** nid → its data extents in blobs. */
    private final Map<Long, List<Extent>> extentsOf = new HashMap<>();

    private StartupFiles(RafsImage image) {
        this.image = image;
    }

    /** Reads the tree once (a RAFS image; a raw one has no chunk tables). */
    public static StartupFiles of(RafsImage image) throws IOException {
        StartupFiles s = new StartupFiles(image);
        RafsTree tree = new RafsTree(image);
        tree.walk((path, inode) -> {
            if (!inode.isRegular() || s.extentsOf.containsKey(inode.nid())) return;
            List<Extent> extents = new ArrayList<>();
            for (Extent e : tree.extents(inode)) {
                if (e.hole() || e.device() == 0) continue;
                extents.add(e);
                ChunkTable table = image.chunkTable(e.device() - 1);
                long covering = table.covering(e.deviceOffset(), e.length());
                for (int c = ChunkTable.first(covering); c < ChunkTable.end(covering); c++)
                    s.ownerOfChunk.putIfAbsent(key(e.device() - 1, c), path);
            }
            s.extentsOf.put(inode.nid(), extents);
        });
        return s;
    }

    private static long key(int blobIndex, int chunk) {
        return ((long) blobIndex << 32) | (chunk & 0xFFFF_FFFFL);
    }

    /** The file whose data lies in chunk {@code chunk} of blob {@code blobIndex}, or null. */
    public String fileOf(int blobIndex, int chunk) {
        return ownerOfChunk.get(key(blobIndex, chunk));
    }

    /** The files holding {@code chunks} ({blob index, chunk} pairs, in order), each once, in that order. */
    public List<String> filesOf(List<int[]> chunks) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int[] c : chunks) {
            String f = fileOf(c[0], c[1]);
            if (f != null) out.add(f);
        }
        return List.copyOf(out);
    }

    /**
     * The ranges of blob {@code blobIndex} (uncompressed offset and length, in its cache file) that hold the prefetch
     * table's files, in the table's order; empty when the image has no table.
     */
    public List<long[]> prefetchRanges(int blobIndex) throws IOException {
        List<long[]> out = new ArrayList<>();
        for (long nid : image.prefetchNids()) {
            for (Extent e : extentsOf.getOrDefault(nid, List.of())) {
                if (e.device() - 1 == blobIndex) out.add(new long[] {e.deviceOffset(), e.length()});
            }
        }
        return out;
    }
}
