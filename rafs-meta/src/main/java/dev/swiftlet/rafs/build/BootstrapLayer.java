package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The bootstrap layer of a Nydus image in a registry: a (gzip) tar holding {@code image/image.boot}, as
 * {@link OciLayoutWriter} and nydusify write it and the snapshotter unpacks it.
 */
public final class BootstrapLayer {
    /** The entry the bootstrap is stored under. */
    public static final String ENTRY = "image/image.boot";

    private BootstrapLayer() {}

    /**
     * Extracts {@link #ENTRY} from the layer file {@code layer} (plain or gzip tar) into {@code out} (written through
     * a temporary file and moved, so {@code out} is never half written).
     */
    public static Path extract(Path layer, Path out) throws IOException {
        try (TarSource tar = TarSource.open(layer)) {
            for (SourceEntry e : tar.entries()) {
                if (!e.path().equals(ENTRY)) continue;
                if (e.type() != SourceEntry.Type.REGULAR) {
                    throw new FormatException(layer.toString(), -1, ENTRY + " is not a regular file in the bootstrap layer");
                }
                Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".image", ".boot.tmp");
                try (FileChannel src = FileChannel.open(e.content().file(), StandardOpenOption.READ);
                     FileChannel dst = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    long done = 0;
                    while (done < e.size()) {
                        long n = src.transferTo(e.content().offset() + done, e.size() - done, dst);
                        if (n <= 0) throw new FormatException(layer.toString(), e.content().offset() + done, "bootstrap entry truncated");
                        done += n;
                    }
                }
                return Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        throw new FormatException(layer.toString(), -1, "no " + ENTRY + " in the bootstrap layer");
    }

    /** Same, from a stream (saved to a temporary file next to {@code out} first). */
    public static Path extract(InputStream layer, Path out) throws IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".layer", ".tar.tmp");
        try {
            Files.copy(layer, tmp, StandardCopyOption.REPLACE_EXISTING);
            return extract(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
