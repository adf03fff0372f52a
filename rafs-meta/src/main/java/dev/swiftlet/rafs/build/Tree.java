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
        SourceEntry rootEntry = entries.stream().filter(e -> e.path().isEmpty()).findFirst()
                .orElse(implicitDir(""));
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
            if (target == null) throw new FormatException(l.path(), -1, "hard link to missing '" + l.linkTarget() + "'");
            if (target.inode.isDirectory()) throw new FormatException(l.path(), -1, "hard link to a directory");
            Node parent = t.parentOf(l.path());
            t.attach(parent, baseName(l.path()), target.inode);
        }
        t.countLinks(t.root);
        return t;
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
            SourceEntry wh = new SourceEntry(joined(e.path(), hidden), SourceEntry.Type.CHAR_DEVICE, 0, e.uid(), e.gid(),
                    e.mtimeSeconds(), e.mtimeNanos(), 0, null, 0, 0, Map.of(), null);
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
        if (name.getBytes(StandardCharsets.UTF_8).length > 255) throw new FormatException(name, -1, "name longer than 255 bytes");
        Node n = new Node(name, parent, inode);
        parent.children.put(name.getBytes(StandardCharsets.UTF_8), n); // a later entry replaces an earlier one, as tar does
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
        if (!p.inode.isDirectory()) throw new FormatException(path, -1, "parent '" + parentPath + "' is not a directory");
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
