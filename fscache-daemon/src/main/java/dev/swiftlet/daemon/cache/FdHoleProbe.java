package dev.swiftlet.daemon.cache;

import dev.swiftlet.sys.Fd;
import java.io.IOException;

/** {@link HoleProbe} over an open cache file: lseek(2) with SEEK_DATA / SEEK_HOLE. */
public record FdHoleProbe(Fd fd) implements HoleProbe {
    @Override
    public long nextData(long offset) throws IOException {
        return fd.seekData(offset);
    }

    @Override
    public long nextHole(long offset) throws IOException {
        return fd.seekHole(offset);
    }
}
