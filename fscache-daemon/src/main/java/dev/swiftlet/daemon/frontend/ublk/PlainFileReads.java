package dev.swiftlet.daemon.frontend.ublk;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.ublk.UblkQueue;
import java.lang.foreign.MemorySegment;

/** Reads of a device whose bytes are all local (an image's bootstrap): pread, zeros past the end. */
final class PlainFileReads implements UblkQueue.ReadHandler {
    private static final System.Logger LOG = System.getLogger(PlainFileReads.class.getName());
    private final Fd file;
    private final String name;

    PlainFileReads(Fd file, String name) {
        this.file = file;
        this.name = name;
    }

    @Override
    public void read(UblkQueue.Request r) {
        MemorySegment buf = r.buffer();
        try {
            long got = file.preadFully(buf, r.offset());
            if (got < buf.byteSize()) buf.asSlice(got).fill((byte) 0);
            r.complete(r.length());
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.ERROR, "ublk read of " + name + " failed on " + r + ": " + e.getMessage());
            r.complete(-Errno.EIO);
        }
    }
}
