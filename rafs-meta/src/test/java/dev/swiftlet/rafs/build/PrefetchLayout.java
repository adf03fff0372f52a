package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.image.Extent;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.RafsTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a built image says about its prefetch list: the table's files, and where each file's bytes start. */
final class PrefetchLayout {
    final List<String> tableFiles = new ArrayList<>();
    /** Path → {device, offset in the device of the file's first byte}; regular files with data only. */
    final Map<String, long[]> firstByte = new HashMap<>();
    /** Path → offset in its device just past its last byte. */
    final Map<String, Long> endByte = new HashMap<>();
    /** Path → where each of its extents starts in its device. */
    final Map<String, List<Long>> extentStarts = new HashMap<>();

    PrefetchLayout(RafsImage image) throws Exception {
        RafsTree tree = new RafsTree(image);
        Map<Long, String> pathOf = new HashMap<>();
        tree.walk((path, inode) -> {
            pathOf.put(inode.nid(), path);
            if (!inode.isRegular()) return;
            List<Extent> extents = tree.extents(inode);
            if (extents.isEmpty() || extents.get(0).device() == 0) return;
            Extent first = extents.get(0), last = extents.get(extents.size() - 1);
            firstByte.put(path, new long[] {first.device(), first.deviceOffset()});
            endByte.put(path, last.deviceOffset() + last.length());
            extentStarts.put(path, extents.stream().map(Extent::deviceOffset).toList());
        });
        for (long nid : image.prefetchNids()) tableFiles.add(pathOf.get(nid));
    }
}
