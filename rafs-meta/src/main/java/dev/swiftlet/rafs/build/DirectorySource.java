package dev.swiftlet.rafs.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory on disk. Metadata comes from the {@code unix:} attribute view; hard links are found by
 * (device, inode). Extended attributes: the JDK exposes only the {@code user.} namespace, so only those
 * are carried (trusted/security xattrs of a directory source are not; a tar carries all of them).
 */
final class DirectorySource implements TreeSource {
    private final Path root;

    DirectorySource(Path root) {
        this.root = root;
    }

    @Override
    public List<SourceEntry> entries() throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        Map<String, String> firstPathOfInode = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                out.add(entry(dir, firstPathOfInode));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                out.add(entry(file, firstPathOfInode));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private SourceEntry entry(Path p, Map<String, String> firstPathOfInode) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
        String rel = root.relativize(p).toString().replace('\\', '/');
        int mode = (Integer) a.get("mode");
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        long sec = Math.floorDiv(mtime.to(java.util.concurrent.TimeUnit.NANOSECONDS), 1_000_000_000L);
        int nsec = (int) Math.floorMod(mtime.to(java.util.concurrent.TimeUnit.NANOSECONDS), 1_000_000_000L);
        long uid = ((Number) a.get("uid")).longValue(), gid = ((Number) a.get("gid")).longValue();
        long rdev = ((Number) a.get("rdev")).longValue();
        int type = mode & 0170000;
        int perm = mode & 07777;
        Map<String, byte[]> xattrs = xattrs(p, type);
        if (type != 0040000 && ((Number) a.get("nlink")).intValue() > 1) {
            String key = a.get("dev") + ":" + a.get("ino");
            String first = firstPathOfInode.putIfAbsent(key, rel);
            if (first != null) {
                return new SourceEntry(
                        rel, SourceEntry.Type.HARDLINK, perm, uid, gid, sec, nsec, 0, first, 0, 0, Map.of(), null);
            }
        }
        return switch (type) {
            case 0100000 ->
                new SourceEntry(
                        rel,
                        SourceEntry.Type.REGULAR,
                        perm,
                        uid,
                        gid,
                        sec,
                        nsec,
                        (Long) a.get("size"),
                        null,
                        0,
                        0,
                        xattrs,
                        new SourceEntry.Content(p, 0));
            case 0040000 ->
                new SourceEntry(
                        rel, SourceEntry.Type.DIRECTORY, perm, uid, gid, sec, nsec, 0, null, 0, 0, xattrs, null);
            case 0120000 ->
                new SourceEntry(
                        rel,
                        SourceEntry.Type.SYMLINK,
                        perm,
                        uid,
                        gid,
                        sec,
                        nsec,
                        0,
                        Files.readSymbolicLink(p).toString(),
                        0,
                        0,
                        Map.of(),
                        null);
            case 0020000, 0060000 ->
                new SourceEntry(
                        rel,
                        type == 0020000 ? SourceEntry.Type.CHAR_DEVICE : SourceEntry.Type.BLOCK_DEVICE,
                        perm,
                        uid,
                        gid,
                        sec,
                        nsec,
                        0,
                        null,
                        (int) (((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffL)),
                        (int) ((rdev & 0xff) | ((rdev >> 12) & ~0xffL)),
                        xattrs,
                        null);
            case 0010000 ->
                new SourceEntry(rel, SourceEntry.Type.FIFO, perm, uid, gid, sec, nsec, 0, null, 0, 0, xattrs, null);
            case 0140000 ->
                new SourceEntry(rel, SourceEntry.Type.SOCKET, perm, uid, gid, sec, nsec, 0, null, 0, 0, xattrs, null);
            default -> throw new IOException(p + ": unknown file type 0" + Integer.toOctalString(type));
        };
    }

    private static Map<String, byte[]> xattrs(Path p, int type) throws IOException {
        if (type != 0100000 && type != 0040000) return Map.of();
        UserDefinedFileAttributeView v =
                Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (v == null) return Map.of();
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            for (String name : v.list()) {
                ByteBuffer b = ByteBuffer.allocate(v.size(name));
                v.read(name, b);
                out.put("user." + name, b.array());
            }
        } catch (IOException | UnsupportedOperationException e) {
            return Map.of(); // a filesystem without user xattrs
        }
        return out;
    }

    @Override
    public void close() {}
}
