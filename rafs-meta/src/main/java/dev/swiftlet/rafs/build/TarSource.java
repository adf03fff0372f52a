package dev.swiftlet.rafs.build;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A tar archive (ustar, GNU long names, PAX headers with SCHILY.xattr.*). File contents stay in the
 * archive: entries point at their offset. A gzip archive is first inflated to a temporary file.
 */
final class TarSource implements TreeSource {
    private final Path tar;
    private final Path tempCopy;

    private TarSource(Path tar, Path tempCopy) {
        this.tar = tar;
        this.tempCopy = tempCopy;
    }

    static TarSource open(Path src) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(src)) {
            if (in.readNBytes(magic, 0, 2) == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                Path tmp = Files.createTempFile("swiftlet-tar", ".tar");
                try (InputStream gz = new GZIPInputStream(Files.newInputStream(src), 1 << 16);
                        OutputStream out = Files.newOutputStream(tmp)) {
                    gz.transferTo(out);
                }
                return new TarSource(tmp, tmp);
            }
        }
        return new TarSource(src, null);
    }

    @Override
    public List<SourceEntry> entries() throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ);
                InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 1 << 16)) {
            TarStream stream = new TarStream(in, tar.toString(), ch.size());
            for (SourceEntry e; (e = stream.next()) != null; ) {
                // contents stay in the archive: a regular file points at its data
                out.add(
                        e.type() != SourceEntry.Type.REGULAR
                                ? e
                                : new SourceEntry(
                                        e.path(),
                                        e.type(),
                                        e.permissions(),
                                        e.uid(),
                                        e.gid(),
                                        e.mtimeSeconds(),
                                        e.mtimeNanos(),
                                        e.size(),
                                        e.linkTarget(),
                                        e.devMajor(),
                                        e.devMinor(),
                                        e.xattrs(),
                                        new SourceEntry.Content(tar, stream.dataOffset())));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        if (tempCopy != null) Files.deleteIfExists(tempCopy);
    }
}
