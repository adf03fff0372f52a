package dev.swiftlet.daemon;

import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.frontend.cachefiles.CachefilesFrontEnd;
import dev.swiftlet.daemon.frontend.fanotify.FanotifyFrontEnd;
import dev.swiftlet.daemon.frontend.ublk.UblkFrontEnd;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * Chooses and builds the front end for {@code --frontend}. auto = cachefiles when /dev/cachefiles binds
 * in on-demand mode, else fanotify when the kernel accepts pre-content groups, else ublk when
 * /dev/ublk-control exists, else an error naming all three.
 */
final class FrontEnds {

    private FrontEnds() {}

    /** Kernel requests are filled on {@code work}, read-ahead and prefetch on {@code work.background()}. */
    static FrontEnd create(
            DaemonConfig c, ImageTable images, CountingExecutor work, DaemonMetrics metrics, AccessEpoch epoch)
            throws IOException {
        Parts p = new Parts(c, images, work, work.background(), metrics, epoch);
        return switch (c.frontEnd()) {
            case NONE -> null;
            case CACHEFILES -> cachefiles(p);
            case FANOTIFY -> fanotify(p);
            case UBLK -> ublk(p);
            case AUTO -> {
                IOException cf, fa;
                try {
                    yield cachefiles(p);
                } catch (IOException e) {
                    cf = e;
                }
                try {
                    yield fanotify(p);
                } catch (IOException e) {
                    fa = e;
                }
                try {
                    yield ublk(p);
                } catch (IOException e) {
                    throw new IOException(
                            "no front end available: cachefiles needs /dev/cachefiles with on-demand mode"
                                    + " (CONFIG_CACHEFILES_ONDEMAND) [" + cf.getMessage()
                                    + "]; fanotify needs Linux 6.14+ with"
                                    + " FAN_PRE_ACCESS and --fscache on ext4/xfs/btrfs [" + fa.getMessage()
                                    + "]; ublk needs /dev/ublk-control (CONFIG_BLK_DEV_UBLK, Linux 6.0+) ["
                                    + e.getMessage() + "]",
                            e);
                }
            }
        };
    }

    /** What every front end is built from. */
    private record Parts(
            DaemonConfig c,
            ImageTable images,
            Executor workers,
            Executor background,
            DaemonMetrics metrics,
            AccessEpoch epoch) {}

    /** The cachefiles front end on a device bound to {@code --fscache} with {@code --tag}. */
    private static FrontEnd cachefiles(Parts p) throws IOException {
        DaemonConfig c = p.c();
        CachefilesDevice device = CachefilesDevice.open();
        try {
            device.bind(c.cacheDir(), c.tag());
            return new CachefilesFrontEnd(device, c.cacheDir(), p.images(), p.workers(), p.background(), p.metrics());
        } catch (IOException | RuntimeException e) {
            try {
                device.close();
            } catch (Exception ignored) {
                // reporting the bind failure matters more
            }
            throw new IOException("cachefiles front end on " + c.cacheDir() + ": " + rootMessage(e), e);
        }
    }

    private static FrontEnd fanotify(Parts p) throws IOException {
        DaemonConfig c = p.c();
        try {
            return new FanotifyFrontEnd(
                    c.cacheDir(),
                    p.images(),
                    p.workers(),
                    p.background(),
                    p.metrics(),
                    p.epoch(),
                    c.cacheLimit() != null);
        } catch (IOException | RuntimeException e) {
            throw new IOException("fanotify front end on " + c.cacheDir() + ": " + rootMessage(e), e);
        }
    }

    private static FrontEnd ublk(Parts p) throws IOException {
        try {
            return new UblkFrontEnd(p.c().cacheDir(), p.images(), p.workers(), p.background(), p.metrics(), p.epoch());
        } catch (IOException | RuntimeException e) {
            throw new IOException("ublk front end on " + p.c().cacheDir() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        return String.valueOf(e.getMessage());
    }
}
