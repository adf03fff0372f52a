package dev.swiftlet.daemon;

import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import dev.swiftlet.daemon.registry.ImageRegistry;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * Chooses and builds the front end for {@code --frontend}. auto = cachefiles when /dev/cachefiles binds
 * in on-demand mode, else fanotify when the kernel accepts pre-content groups, else an error naming both.
 */
final class FrontEnds {
    private static final System.Logger LOG = System.getLogger(FrontEnds.class.getName());
    private static final String CACHEFILES = "dev.swiftlet.daemon.frontend.cachefiles.CachefilesFrontEnd";
    private static final String FANOTIFY = "dev.swiftlet.daemon.frontend.fanotify.FanotifyFrontEnd";

    private FrontEnds() {}

    static FrontEnd create(DaemonConfig c, ImageRegistry registry, Executor workers, DaemonMetrics metrics) throws IOException {
        return switch (c.frontEnd()) {
            case NONE -> null;
            case CACHEFILES -> cachefiles(c, registry, workers, metrics);
            case FANOTIFY -> fanotify(c, registry, workers, metrics);
            case AUTO -> {
                IOException cf;
                try {
                    yield cachefiles(c, registry, workers, metrics);
                } catch (IOException e) {
                    cf = e;
                }
                try {
                    yield fanotify(c, registry, workers, metrics);
                } catch (IOException e) {
                    throw new IOException("no front end available: cachefiles needs /dev/cachefiles with on-demand mode"
                            + " (CONFIG_CACHEFILES_ONDEMAND) [" + cf.getMessage() + "]; fanotify needs Linux 6.14+ with"
                            + " FAN_PRE_ACCESS and --fscache on ext4/xfs/btrfs [" + e.getMessage() + "]", e);
                }
            }
        };
    }

    /**
     * The cachefiles front end is written by another module owner; it is looked up by name so the daemon
     * builds before it lands. Constructor: {@code (CachefilesDevice, ImageRegistry, Executor, DaemonMetrics)}
     * on a device already bound to {@code --fscache} with {@code --tag}.
     */
    private static FrontEnd cachefiles(DaemonConfig c, ImageRegistry registry, Executor workers, DaemonMetrics metrics)
            throws IOException {
        Class<?> type = load(CACHEFILES, "cachefiles");
        CachefilesDevice device = CachefilesDevice.open();
        try {
            device.bind(c.cacheDir(), c.tag());
            return (FrontEnd) type.getConstructor(CachefilesDevice.class, ImageRegistry.class, Executor.class, DaemonMetrics.class)
                    .newInstance(device, registry, workers, metrics);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            try {
                device.close();
            } catch (Exception ignored) {
                // reporting the bind failure matters more
            }
            throw new IOException("cachefiles front end on " + c.cacheDir() + ": " + rootMessage(e), e);
        }
    }

    private static FrontEnd fanotify(DaemonConfig c, ImageRegistry registry, Executor workers, DaemonMetrics metrics)
            throws IOException {
        Class<?> type = load(FANOTIFY, "fanotify");
        try {
            return (FrontEnd) type.getConstructor(Path.class, ImageRegistry.class, Executor.class, DaemonMetrics.class)
                    .newInstance(c.cacheDir(), registry, workers, metrics);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("fanotify front end on " + c.cacheDir() + ": " + rootMessage(e), e);
        }
    }

    private static Class<?> load(String name, String what) throws IOException {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            LOG.log(System.Logger.Level.DEBUG, "{0} missing", name);
            throw new IOException("the " + what + " front end is not part of this build (" + name + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        return String.valueOf(t.getMessage());
    }
}
