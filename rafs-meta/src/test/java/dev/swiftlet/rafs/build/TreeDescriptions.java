package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.image.ImageDataReader;
import dev.swiftlet.rafs.image.Inode;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.image.RafsTree;
import dev.swiftlet.rafs.testing.Sha256;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One line per path describing content and metadata, from a source directory (or a kernel mount of it)
 * and from an image read in userspace: equal maps mean the image reproduces the tree.
 */
final class TreeDescriptions {
    private TreeDescriptions() {}

    static Map<String, String> ofDirectory(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) continue;
                Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                String content = switch (mode & 0170000) {
                    case 0100000 -> Sha256.hex(Files.readAllBytes(p));
                    case 0120000 -> "->" + Files.readSymbolicLink(p);
                    case 0020000, 0060000 -> "rdev=" + a.get("rdev");
                    default -> "";
                };
                long mtime = ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
                boolean dir = (mode & 0170000) == 0040000;
                String meta = String.format(
                        "mode=%o uid=%s gid=%s nlink=%s%s",
                        mode,
                        a.get("uid"),
                        a.get("gid"),
                        a.get("nlink"),
                        (mode & 0170000) == 0120000 ? "" : " mtime=" + mtime);
                out.put(root.relativize(p).toString(), content + " " + meta + xattrs(p, mode) + (dir ? "" : ""));
            }
        }
        return out;
    }

    private static String xattrs(Path p, int mode) throws Exception {
        int t = mode & 0170000;
        if (t != 0100000 && t != 0040000) return "";
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        Map<String, String> m = new TreeMap<>();
        for (String n : v.list()) {
            ByteBuffer b = ByteBuffer.allocate(v.size(n));
            v.read(n, b);
            m.put("user." + n, Sha256.hex(b.array()).substring(0, 12));
        }
        return m.isEmpty() ? "" : " xattrs=" + m;
    }

    static Map<String, String> ofImage(RafsImage img, Path blobDir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (ImageDataReader r = ImageDataReader.fromBlobDir(img, blobDir)) {
            RafsTree tree = new RafsTree(img);
            tree.walk((path, inode) -> {
                try {
                    out.put(path, describe(tree, r, inode));
                } catch (Exception e) {
                    throw new java.io.IOException(path + ": " + e, e);
                }
            });
        }
        return out;
    }

    private static String describe(RafsTree tree, ImageDataReader r, Inode inode) throws Exception {
        String content = "";
        if (inode.isRegular()) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (OutputStream o = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                r.readFile(inode, o);
            }
            content = HexFormat.of().formatHex(md.digest());
        } else if (inode.isSymlink()) {
            content = "->" + tree.readSymlink(inode);
        } else if (inode.isDevice()) {
            content = "rdev=" + decodeDev(inode.rdev());
        }
        Map<String, String> x = new TreeMap<>();
        inode.xattrs().forEach((k, v) -> x.put(k, Sha256.hex(v).substring(0, 12)));
        return content
                + String.format(
                        " mode=%o uid=%d gid=%d nlink=%d%s",
                        inode.header().mode(),
                        inode.header().uid(),
                        inode.header().gid(),
                        inode.header().nlink(),
                        inode.isSymlink() ? "" : " mtime=" + inode.header().mtime())
                + (x.isEmpty() ? "" : " xattrs=" + x);
    }

    /** EROFS new_encode_dev back to the st_rdev value Java reports (glibc makedev). */
    private static long decodeDev(long dev) {
        long major = (dev & 0xfff00) >> 8, minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
        return ((major & 0xfff) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xff) | ((minor & ~0xffL) << 12);
    }
}
