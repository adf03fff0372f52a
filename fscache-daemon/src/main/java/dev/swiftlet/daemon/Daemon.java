package dev.swiftlet.daemon;

import dev.swiftlet.daemon.api.AdminRouter;
import dev.swiftlet.daemon.api.AdminServer;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.registry.ImageRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The composition root: builds the registry, metrics, executors, the front end and the admin server,
 * passes them down and owns their lifecycle (no static singletons). Start order: front end, then API
 * socket (nobody can register an image before something serves it); stop order is the reverse.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    private final DaemonConfig config;
    private final DaemonMetrics metrics = new DaemonMetrics();
    private final ImageRegistry registry = new ImageRegistry();
    private final ExecutorService blocking;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private FrontEnd frontEnd;
    private Thread frontEndThread;
    private AdminServer admin;
    private volatile boolean failed;

    public Daemon(DaemonConfig config) {
        this.config = config;
        this.blocking = Executors.newFixedThreadPool(config.threads(), Thread.ofPlatform().name("swiftlet-worker-", 0).factory());
    }

    /** Starts the front end and the API; returns once the API socket accepts connections. */
    public synchronized void start() throws IOException {
        if (config.cacheDir() != null) Files.createDirectories(config.cacheDir());
        MountPlan.Planner planner = MountPlan::cachefiles;
        frontEnd = FrontEnds.create(config, registry, blocking, metrics);
        if (frontEnd instanceof MountPlan.Planner p) planner = p;
        if (frontEnd != null) {
            FrontEnd fe = frontEnd;
            frontEndThread = Thread.ofPlatform().name("swiftlet-" + fe.name()).start(() -> {
                try {
                    fe.serve();
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "front end " + fe.name() + " stopped", e);
                    failed = true;
                    stopped.countDown();
                }
            });
        }
        String feName = frontEnd == null ? "none" : frontEnd.name();
        try {
            admin = AdminServer.start(config.apiSocket(), new AdminRouter(registry, metrics, planner, config.id(), feName), blocking);
        } catch (IOException e) {
            close();
            throw e;
        }
        LOG.log(System.Logger.Level.INFO, "daemon {0} running: front end {1}, cache {2}, API {3}", config.id(), feName,
                config.cacheDir(), config.apiSocket());
    }

    public ImageRegistry registry() {
        return registry;
    }

    public DaemonMetrics metrics() {
        return metrics;
    }

    public DaemonConfig config() {
        return config;
    }

    /** Blocks until {@link #close()} or until the front end fails; true when it stopped because of a failure. */
    public boolean awaitStop() throws InterruptedException {
        stopped.await();
        return failed;
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0 && admin == null && frontEnd == null) return;
        LOG.log(System.Logger.Level.INFO, "daemon {0} stopping", config.id());
        if (admin != null) admin.close();
        admin = null;
        if (frontEnd != null) frontEnd.close();
        if (frontEndThread != null) {
            try {
                frontEndThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        frontEnd = null;
        registry.close();
        blocking.shutdown();
        stopped.countDown();
    }
}
