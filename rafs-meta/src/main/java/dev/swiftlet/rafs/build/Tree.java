package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tree an image is built from: entries assembled under their parents (implicit parents added),
 * hard links sharing one {@link Node#inode}, and OCI whiteouts turned into their overlayfs form
 * ({@code .wh.NAME} → a 0/0 character device NAME; {@code .wh..wh..opq} → {@code trusted.overlay.opaque=y}
 * on the directory), which is how a mounted layer shows them to overlayfs.
 */
final class Tree {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    /** What an inode holds; shared by every name of a hard-linked file. */
    static final class InodeData {
        SourceEntry entry;
        Map<String, byte[]> xattrs;
        int nlink;
        long nid = -1;
        List<ChunkRef> chunks = new ArrayList<>();

        InodeData(SourceEntry entry) {
            this.entry = entry;
            this.xattrs = new LinkedHashMap<>(entry.xattrs());
        }

        boolean isDirectory() {
            return entry.type() == SourceEntry.Type.DIRECTORY;
        }
    }

    /** A name in the tree. Children are kept in byte order of their names, as EROFS directories must be. */
    static final class Node {
        final String name;
        final Node parent;
        final InodeData inode;
        final TreeMap<byte[], Node> children = new TreeMap<>(Arrays::compareUnsigned);
        /** In a merge: the layer that last wrote this name (an opaque directory hides names of lower layers). */
        int layer;

        Node(String name, Node parent, InodeData inode) {
            this.name = name;
            this.parent = parent;
            this.inode = inode;
        }
    }

    final Node root;
    private final Map<String, Node> byPath = new LinkedHashMap<>();

    private Tree(Node root) {
        this.root = root;
        byPath.put("", root);
    }

    static Tree of(List<SourceEntry> entries) throws FormatException {
        SourceEntry rootEntry =
                entries.stream().filter(e -> e.path().isEmpty()).findFirst().orElse(implicitDir(""));
        Tree t = new Tree(new Node("", null, new InodeData(rootEntry)));
        List<SourceEntry> links = new ArrayList<>();
        for (SourceEntry e : entries) {
            if (e.path().isEmpty()) continue;
            if (e.type() == SourceEntry.Type.HARDLINK) {
                links.add(e);
                continue;
            }
            t.put(e);
        }
        for (SourceEntry l : links) {
            Node target = t.byPath.get(l.linkTarget());
            if (target == null)
                throw new FormatException(l.path(), -1, "hard link to missing '" + l.linkTarget() + "'");
            if (target.inode.isDirectory()) throw new FormatException(l.path(), -1, "hard link to a directory");
            Node parent = t.parentOf(l.path());
            t.attach(parent, baseName(l.path()), target.inode);
        }
        t.countLinks(t.root);
        return t;
    }

    /** An empty tree that layers are {@linkplain #merge merged} into, lowest first; {@link #sealMerge} ends it. */
    static Tree emptyForMerge() {
        return new Tree(new Node("", null, new InodeData(implicitDir(""))));
    }

    /**
     * Applies one entry of layer {@code layer} (layers counted from 0 at the bottom, entries in archive order) as
     * the merged view of the layers shows it, the way nydus-image merges layer bootstraps and overlayfs stacks
     * layers: {@code .wh.NAME} deletes NAME of a lower layer, {@code .wh..wh..opq} hides everything lower layers put
     * in its directory, an entry replaces a lower one of the same name (a directory over a directory keeps the lower
     * directory's other names), and a hard link may name a file of this layer or of a lower one. Whiteouts leave no
     * trace in the merged tree. Returns the inode whose content follows for a regular file, else null.
     */
    InodeData merge(SourceEntry e, int layer) throws FormatException {
        if (e.path().isEmpty()) {
            if (e.type() != SourceEntry.Type.DIRECTORY)
                throw new FormatException(e.path(), -1, "the root is not a directory");
            root.inode.entry = e;
            root.inode.xattrs = new LinkedHashMap<>(e.xattrs());
            return null;
        }
        Node parent = mergedParent(e.path(), layer);
        String base = baseName(e.path());
        if (base.equals(OPAQUE)) {
            hideLower(parent, layer);
            return null;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            byte[] hidden = base.substring(WHITEOUT_PREFIX.length()).getBytes(StandardCharsets.UTF_8);
            Node victim = parent.children.get(hidden);
            if (victim != null && victim.layer < layer) parent.children.remove(hidden); // never this layer's own name
            return null;
        }
        if (e.type() == SourceEntry.Type.HARDLINK) {
            Node target = lookup(e.linkTarget());
            if (target == null)
                throw new FormatException(e.path(), -1, "hard link to missing '" + e.linkTarget() + "'");
            if (target.inode.isDirectory()) throw new FormatException(e.path(), -1, "hard link to a directory");
            link(parent, base, target.inode, layer);
            return null;
        }
        Node existing = parent.children.get(base.getBytes(StandardCharsets.UTF_8));
        if (existing != null && existing.inode.isDirectory() && e.type() == SourceEntry.Type.DIRECTORY) {
            existing.inode.entry = e; // the upper layer's metadata, the names below merged
            existing.inode.xattrs = new LinkedHashMap<>(e.xattrs());
            existing.layer = layer;
            return null;
        }
        InodeData in = new InodeData(e);
        link(parent, base, in, layer);
        return e.type() == SourceEntry.Type.REGULAR ? in : null;
    }

    /** Counts links once every layer is merged. */
    void sealMerge() {
        countLinks(root);
    }

    /** An opaque directory: names of lower layers go, also below subdirectories this layer wrote again. */
    private static void hideLower(Node dir, int layer) {
        dir.children.values().removeIf(c -> c.layer < layer);
        for (Node c : dir.children.values()) if (c.inode.isDirectory()) hideLower(c, layer);
    }

    /** The node at {@code path} (relative, {@code /}-separated), or null. */
    Node lookup(String path) {
        Node n = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) continue;
            n = n.children.get(part.getBytes(StandardCharsets.UTF_8));
            if (n == null) return null;
        }
        return n;
    }

    /** The parent directory of {@code path}, made (as an implicit directory of this layer) where missing or not one. */
    private Node mergedParent(String path, int layer) throws FormatException {
        Node n = root;
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            Node c = n.children.get(parts[i].getBytes(StandardCharsets.UTF_8));
            if (c == null || !c.inode.isDirectory()) {
                c = link(n, parts[i], new InodeData(implicitDir(String.join("/", Arrays.copyOf(parts, i + 1)))), layer);
            }
            n = c;
        }
        return n;
    }

    private static Node link(Node parent, String name, InodeData inode, int layer) throws FormatException {
        if (name.getBytes(StandardCharsets.UTF_8).length > 255)
            throw new FormatException(name, -1, "name longer than 255 bytes");
        Node n = new Node(name, parent, inode);
        n.layer = layer;
        parent.children.put(name.getBytes(StandardCharsets.UTF_8), n);
        return n;
    }

    private void put(SourceEntry e) throws FormatException {
        Node parent = parentOf(e.path());
        String base = baseName(e.path());
        if (base.equals(OPAQUE)) {
            parent.inode.xattrs.put("trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX)) {
            String hidden = base.substring(WHITEOUT_PREFIX.length());
            SourceEntry wh = new SourceEntry(
                    joined(e.path(), hidden),
                    SourceEntry.Type.CHAR_DEVICE,
                    0,
                    e.uid(),
                    e.gid(),
                    e.mtimeSeconds(),
                    e.mtimeNanos(),
                    0,
                    null,
                    0,
                    0,
                    Map.of(),
                    null);
            attach(parent, hidden, new InodeData(wh));
            return;
        }
        Node existing = parent.children.get(base.getBytes(StandardCharsets.UTF_8));
        if (existing != null && existing.inode.isDirectory() && e.type() == SourceEntry.Type.DIRECTORY) {
            existing.inode.entry = e; // an implicit parent met its real entry: take its metadata
            existing.inode.xattrs.putAll(e.xattrs());
            return;
        }
        attach(parent, base, new InodeData(e));
    }

    private Node attach(Node parent, String name, InodeData inode) throws FormatException {
        if (name.getBytes(StandardCharsets.UTF_8).length > 255)
            throw new FormatException(name, -1, "name longer than 255 bytes");
        Node n = new Node(name, parent, inode);
        parent.children.put(
                name.getBytes(StandardCharsets.UTF_8), n); // a later entry replaces an earlier one, as tar does
        String path = parent == root ? name : pathOf(parent) + "/" + name;
        byPath.put(path, n);
        return n;
    }

    private Node parentOf(String path) throws FormatException {
        int slash = path.lastIndexOf('/');
        if (slash < 0) return root;
        String parentPath = path.substring(0, slash);
        Node p = byPath.get(parentPath);
        if (p == null) {
            Node grand = parentOf(parentPath);
            p = attach(grand, baseName(parentPath), new InodeData(implicitDir(parentPath)));
        }
        if (!p.inode.isDirectory())
            throw new FormatException(path, -1, "parent '" + parentPath + "' is not a directory");
        return p;
    }

    private static String pathOf(Node n) {
        return n.parent == null || n.parent.parent == null ? n.name : pathOf(n.parent) + "/" + n.name;
    }

    private void countLinks(Node n) {
        n.inode.nlink++;
        if (n.inode.isDirectory()) {
            n.inode.nlink++; // "." (and the parent's entry counted above)
            for (Node c : n.children.values()) {
                if (c.inode.isDirectory()) n.inode.nlink++; // each child's ".."
                countLinks(c);
            }
        }
    }

    static SourceEntry implicitDir(String path) {
        return new SourceEntry(path, SourceEntry.Type.DIRECTORY, 0755, 0, 0, 0, 0, 0, null, 0, 0, Map.of(), null);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String joined(String path, String name) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? name : path.substring(0, slash + 1) + name;
    }

    /** The regular files among {@code paths} that exist, in that order, each inode once. */
    List<InodeData> regularFiles(List<String> paths) {
        List<InodeData> out = new ArrayList<>();
        java.util.Set<InodeData> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (String p : paths) {
            Node n = lookup(p);
            if (n != null && n.inode.entry.type() == SourceEntry.Type.REGULAR && seen.add(n.inode)) out.add(n.inode);
        }
        return out;
    }

    /** Every node, parents before children, depth-first in name order. */
    List<Node> nodes() {
        List<Node> out = new ArrayList<>();
        java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            out.add(n);
            List<Node> kids = new ArrayList<>(n.children.values());
            for (int i = kids.size() - 1; i >= 0; i--) stack.push(kids.get(i));
        }
        return out;
    }
}
