package dev.swiftlet.rafs.image;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Which file of a RAFS image holds each chunk: turns the chunks a daemon served into the file list
 * {@code --prefetch-files} takes.
 */
public final class StartupFiles {
    /** (blob index, chunk) → the first file, in walk order, whose data lies in that chunk. */
    private final Map<Long, String> ownerOfChunk = new HashMap<>();

    private final java.util.Set<Long> seen = new java.util.HashSet<>();

    private StartupFiles() {}

    /** Reads the tree once (a RAFS image; a raw one has no chunk tables). */
    public static StartupFiles of(RafsImage image) throws IOException {
        StartupFiles s = new StartupFiles();
        RafsTree tree = new RafsTree(image);
        tree.walk((path, inode) -> {
            if (!inode.isRegular() || !s.seen.add(inode.nid())) return;
            for (Extent e : tree.extents(inode)) {
                if (e.hole() || e.device() == 0) continue;
                ChunkTable table = image.chunkTable(e.device() - 1);
                long covering = table.covering(e.deviceOffset(), e.length());
                for (int c = ChunkTable.first(covering); c < ChunkTable.end(covering); c++)
                    s.ownerOfChunk.putIfAbsent(key(e.device() - 1, c), path);
            }
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
}
