package dev.swiftlet.daemon;

import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.AdminRouter;
import dev.swiftlet.daemon.api.AdminServer;
import dev.swiftlet.daemon.api.ApiException;
import dev.swiftlet.daemon.api.ApiSocket;
import dev.swiftlet.daemon.api.BlobCacheEntries;
import dev.swiftlet.daemon.api.DaemonControl;
import dev.swiftlet.daemon.api.DaemonState;
import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.CacheEvictor;
import dev.swiftlet.daemon.cache.CacheLimit;
import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.frontend.Culler;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.frontend.HandOver;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.frontend.Restorable;
import dev.swiftlet.daemon.frontend.cachefiles.CachefilesFrontEnd;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.fetch.registry.ClientWarmUp;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/**
 * The composition root: builds the image table, metrics, executors, the front end and the admin server,
 * passes them down and owns their lifecycle (no static singletons). Start order: front end, then API
 * socket (nobody can register an image before something serves it); stop order is the reverse.
 *
 * <p>States follow nydusd (see {@link DaemonState}): a normal start binds the front end and is RUNNING
 * before the API socket appears. With {@code --upgrade}, or with a supervisor when the API socket is left
 * over from a crashed daemon, no front end is bound: the daemon waits in INIT for {@code takeover} (READY:
 * images re-registered, the predecessor's descriptor adopted) and {@code start} (RUNNING: serving).
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());

    private final DaemonConfig config;
    private final DaemonMetrics metrics = new DaemonMetrics();
    /** Recency of chunks for the cache limit: advanced by the evictor, stamped by readers. */
    private final AccessEpoch epoch = new AccessEpoch();

    private final InstantSource clock;
    private CacheEvictor evictor;
    private final ImageTable registry = new ImageTable();
    private final BlobCacheEntries entries = new BlobCacheEntries(registry);
    /** Kernel requests (the admin API has threads of its own). */
    private final ExecutorService blocking;
    /** Read-ahead and prefetch: apart from {@code blocking}, so kernel requests never queue behind them. */
    private final ExecutorService background;
    /** The front end's share of both pools, counted so a stop can let taken kernel requests finish. */
    private final CountingExecutor kernelWork;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Lifecycle lifecycle = new Lifecycle();
    private FrontEnd frontEnd;
    private Thread frontEndThread;
    private AdminServer admin;
    private volatile boolean failed;
    private volatile DaemonState state = DaemonState.INIT;
    /** Without a HandOver front end: the descriptor taken over, or the cache directory, handed on by sendfd. */
    private Fd handOverFd;

    public Daemon(DaemonConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock time for the cache limit (recency epochs, the grace period for files found at start) */
    public Daemon(DaemonConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.blocking = WorkerPools.of(config.threads(), "swiftlet-worker-", WorkerPools.IDLE);
        this.background = WorkerPools.of(config.threads(), "swiftlet-background-", WorkerPools.IDLE);
        this.kernelWork = new CountingExecutor(blocking, background);
    }

    /** Starts the front end and the API; returns once the API socket accepts connections. */
    public void start() throws IOException {
        start(null);
    }

    /**
     * Starts the front end and the API on {@code apiSocket}, bound earlier for {@code config.apiSocket()} (null: bound
     * here, first, so that clients can connect and wait while the front end starts). The daemon owns the socket from
     * here on, also when the start fails.
     */
    public synchronized void start(ApiSocket apiSocket) throws IOException {
        ApiSocket bound = apiSocket;
        try {
            if (bound == null) bound = ApiSocket.bind(config.apiSocket());
            if (config.cacheDir() != null) Files.createDirectories(config.cacheDir());
        } catch (IOException | RuntimeException e) {
            closeQuietly(bound);
            throw e;
        }
        // nydusd's crash check: a supervisor, a left-over socket nobody accepts on, and (cachefiles) a device
        // that cannot be bound because the supervisor still holds the dead daemon's descriptor
        boolean crashed = config.supervisor() != null && bound.residualFound();
        boolean exclusiveDevice = config.frontEnd() == DaemonConfig.FrontEndKind.CACHEFILES;
        try {
            String waitReason = config.upgrade()
                    ? "upgrade mode"
                    : crashed && !exclusiveDevice ? "a previous daemon crashed" : null;
            if (waitReason == null) {
                try {
                    frontEnd = FrontEnds.create(config, registry, kernelWork, metrics, epoch);
                    withKeeperRestore(frontEnd);
                    startEvictor(frontEnd);
                    serveFrontEnd();
                    state = DaemonState.RUNNING;
                } catch (IOException e) {
                    if (!crashed) throw e;
                    waitReason = "a previous daemon crashed and its device is still held (" + e.getMessage() + ")";
                }
            }
            if (waitReason != null) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "daemon {0}: {1}; waiting in INIT for takeover from supervisor {2}",
                        config.id(),
                        waitReason,
                        config.supervisor());
            }
            if (config.configFile() != null) {
                int n = entries.addConfigFile(config.configFile());
                LOG.log(System.Logger.Level.INFO, "registered {0} images from {1}", n, config.configFile());
            }
            admin = AdminServer.start(
                    bound,
                    new AdminRouter(
                            entries,
                            registry,
                            metrics,
                            new FrontEndPlanner(),
                            lifecycle,
                            this::cull,
                            new AdminRouter.Identity(config.id(), frontEndName(), config.supervisor())));
        } catch (IOException | RuntimeException e) {
            if (admin == null) closeQuietly(bound);
            close();
            throw e;
        }
        LOG.log(
                System.Logger.Level.INFO,
                "daemon {0} {1}: front end {2}, cache {3}, API {4}",
                config.id(),
                state,
                frontEndName(),
                config.cacheDir(),
                config.apiSocket());
        warmApi(config.apiSocket());
        warmFetch = Thread.ofPlatform().daemon().name("swiftlet-fetch-warm-up").start(() -> {
            Exception e = ClientWarmUp.run();
            if (e != null) LOG.log(System.Logger.Level.DEBUG, "registry client warm-up: " + e);
        });
    }

    /**
     * A successor re-registers the images its predecessor served (fanotify with a keeper, ublk with recovered devices),
     * and the front end keeps the list of registered images for the next one.
     */
    private void withKeeperRestore(FrontEnd fe) {
        if (fe instanceof Restorable r) r.restoreWith(entries::add, entries::snapshot);
    }

    /**
     * With {@code --cache-size}: the evictor over the front end's cache directory (fanotify: chunks of every image and
     * whole unreferenced files; cachefiles: whole backing files of unreferenced blobs and bootstraps, culled).
     */
    private void startEvictor(FrontEnd fe) throws IOException {
        CacheLimit limit = config.cacheLimit();
        if (limit == null || evictor != null) return;
        CacheSpace space = fe == null ? null : fe.cacheSpace();
        if (space == null) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "--cache-size: the {0} front end keeps no cache directory to bound",
                    fe == null ? "none" : fe.name());
            return;
        }
        evictor = new CacheEvictor(limit, space, epoch, clock, metrics.eviction);
        evictor.start();
        LOG.log(
                System.Logger.Level.INFO,
                "cache limit {0} bytes (evicting down to {1}); files no image references are "
                        + "kept {2} s after start",
                limit.limitBytes(),
                limit.lowWaterBytes(),
                limit.orphanGrace().toSeconds());
    }

    /** The cache evictor, or null without {@code --cache-size} (or without a front end that supports it). */
    public synchronized CacheEvictor cacheEvictor() {
        return evictor;
    }

    private void serveFrontEnd() {
        if (frontEnd == null) return;
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

    private synchronized String frontEndName() {
        return frontEnd != null ? frontEnd.name() : config.frontEnd().name().toLowerCase(Locale.ROOT);
    }

    /** The API's planner: whatever front end serves now (it changes on takeover), cachefiles' plan without one. */
    private final class FrontEndPlanner implements MountPlan.Planner {
        private MountPlan.Planner current() {
            synchronized (Daemon.this) {
                return frontEnd instanceof MountPlan.Planner p ? p : null;
            }
        }

        @Override
        public MountPlan prepare(dev.swiftlet.daemon.images.ImageEntry image) throws IOException {
            MountPlan.Planner p = current();
            return p != null ? p.prepare(image) : MountPlan.cachefiles(image);
        }

        @Override
        public String mountSource(dev.swiftlet.daemon.images.ImageEntry image) {
            MountPlan.Planner p = current();
            return p != null ? p.mountSource(image) : null;
        }
    }

    private Culler.Culled cull(String blobId) throws IOException {
        FrontEnd fe;
        synchronized (this) {
            fe = frontEnd;
        }
        if (!(fe instanceof Culler c)) {
            throw ApiException.unsupported(
                    "culling cache files needs the cachefiles front end (this daemon runs " + frontEndName() + ")");
        }
        return c.cull(blobId);
    }

    /** nydusd's crash check: the API socket file exists but nobody accepts on it. */
    private static void closeQuietly(ApiSocket socket) {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove " + socket.path(), e);
        }
    }

    public ImageTable registry() {
        return registry;
    }

    public DaemonMetrics metrics() {
        return metrics;
    }

    public DaemonConfig config() {
        return config;
    }

    /** The state {@code GET /api/v1/daemon} reports. */
    public DaemonState state() {
        return state;
    }

    /**
     * Sends one request to this daemon's own API from a background thread. The first request a JVM serves loads and
     * links netty's HTTP codec, the router and the JSON mapping (0.15-0.65 s measured, against 13 ms for the next):
     * without this, that cost lands on the first {@code mount} a user or the snapshotter sends.
     */
    /** Started once the API is up: the registry client stack's first use, off the first bind's path. */
    private Thread warmFetch;

    private static void warmApi(Path socket) {
        Thread.ofPlatform().daemon().name("swiftlet-api-warm-up").start(() -> {
            try {
                new AdminClient(socket).request("GET", "/api/v1/daemon", null);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "API warm-up request on " + socket + ": " + e.getMessage());
            }
        });
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
        awaitWarmUp();
        if (admin != null) admin.close();
        admin = null;
        if (evictor != null) evictor.close();
        evictor = null;
        if (frontEnd != null) frontEnd.close();
        if (frontEndThread != null) {
            try {
                frontEndThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        frontEnd = null;
        awaitKernelWork(); // before the image table closes the backends those fills read from
        if (handOverFd != null) handOverFd.closeQuietly();
        handOverFd = null;
        registry.close();
        blocking.shutdown();
        background.shutdown();
        state = DaemonState.STOPPED;
        stopped.countDown();
    }

    /**
     * A daemon stopped right after its start (the AOT cache's training run) lets the warm-up finish, so the classes it
     * loads are in the cache; bounded, as the snapshotter waits for an exit.
     */
    private void awaitWarmUp() {
        if (warmFetch == null) return;
        try {
            warmFetch.join(WARM_UP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(5);

    /** How long a stopping daemon lets the kernel requests it took finish before it closes their backends. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);
    /**
     * How long {@code PUT /api/v1/daemon/exit} may wait for the kernel requests this daemon took before it answers:
     * the snapshotter gives every API call 30 s. Fills still running then go on after the answer, until
     * {@link #DRAIN_LIMIT} in {@link #close()}.
     */
    static final Duration EXIT_ANSWER_LIMIT = Duration.ofSeconds(15);

    private void awaitKernelWork() {
        awaitKernelWork(System.nanoTime() + DRAIN_LIMIT.toNanos());
    }

    /** Waits for the kernel requests taken until {@code deadline} (System.nanoTime); logs what is left. */
    private void awaitKernelWork(long deadline) {
        try {
            if (!kernelWork.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "daemon {0}: {1} kernel request fill(s) still running; going on without them",
                        config.id(),
                        kernelWork.running());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The lifecycle events of the admin API, on the daemon's lock. */
    private final class Lifecycle implements DaemonControl {
        @Override
        public DaemonState state() {
            return state;
        }

        @Override
        public void start() throws IOException {
            synchronized (Daemon.this) {
                if (state != DaemonState.READY) throw ApiException.unexpectedEvent("start", state);
                serveFrontEnd();
                state = DaemonState.RUNNING;
            }
            LOG.log(System.Logger.Level.INFO, "daemon {0} RUNNING", config.id());
        }

        @Override
        public void takeOver(Fd deviceFd) throws IOException {
            synchronized (Daemon.this) {
                if (state != DaemonState.INIT) throw ApiException.unexpectedEvent("takeover", state);
                frontEnd = adopt(deviceFd);
                state = DaemonState.READY;
            }
            LOG.log(System.Logger.Level.INFO, "daemon {0} READY: took over {1}", config.id(), frontEndName());
        }

        @Override
        public HandOver handOver() throws IOException {
            synchronized (Daemon.this) {
                if (frontEnd instanceof HandOver h) return h;
                if (handOverFd == null) handOverFd = Fd.openDirectory(config.cacheDir());
                int fd = handOverFd.intValue();
                return () -> fd;
            }
        }

        /**
         * Hot upgrade: the successor has taken over (restore) and waits for {@code start}. Stop reading the device
         * and let the fills already taken finish, so every READ this daemon took is completed by it, and every
         * object closes (the kernel then re-opens it to the successor, for the READs still queued).
         */
        @Override
        public void quiesce() {
            FrontEnd fe;
            Thread loop;
            CacheEvictor stoppedEvictor;
            synchronized (Daemon.this) {
                fe = frontEnd;
                loop = frontEndThread;
                frontEnd = null;
                stoppedEvictor = evictor; // the successor bounds the cache from now on
                evictor = null;
            }
            if (stoppedEvictor != null) stoppedEvictor.close();
            if (fe == null) return;
            long deadline = System.nanoTime() + EXIT_ANSWER_LIMIT.toNanos();
            LOG.log(
                    System.Logger.Level.INFO,
                    "daemon {0}: stops taking kernel requests, finishing {1} in flight",
                    config.id(),
                    kernelWork.running());
            fe.close();
            if (loop != null) {
                try {
                    loop.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            awaitKernelWork(deadline);
        }

        @Override
        public void exit() {
            LOG.log(System.Logger.Level.INFO, "daemon {0}: exit requested through the API", config.id());
            Thread.ofPlatform().name("swiftlet-exit").start(Daemon.this::close);
        }
    }

    /**
     * The front end for a descriptor received on takeover. cachefiles: the device fd, told {@code restore}
     * so the kernel re-queues what the predecessor left unanswered (Linux 6.8+); the device owns the number
     * from then on. fanotify: a fresh group (its cache files keep what was filled). none: nothing serves the
     * kernel; the descriptor is kept to be handed on again.
     */
    private FrontEnd adopt(Fd deviceFd) throws IOException {
        switch (config.frontEnd()) {
            case NONE -> {
                if (handOverFd != null) handOverFd.closeQuietly();
                handOverFd = deviceFd;
                return null;
            }
            case FANOTIFY, UBLK -> { // ublk: the devices wait in the kernel; the new front end recovers them
                deviceFd.closeQuietly();
                FrontEnd fe = FrontEnds.create(config, registry, kernelWork, metrics, epoch);
                withKeeperRestore(fe);
                startEvictor(fe);
                return fe;
            }
            default -> {
                CachefilesDevice device = CachefilesDevice.fromFd(deviceFd.intValue()); // ownership moves to the device
                try {
                    device.restore();
                } catch (IOException e) {
                    device.close();
                    throw new IOException(
                            "takeover: the received descriptor is not a bound /dev/cachefiles (" + e.getMessage() + ")",
                            e);
                }
                CachefilesFrontEnd fe = new CachefilesFrontEnd(
                        device, config.cacheDir(), registry, kernelWork, kernelWork.background(), metrics);
                startEvictor(fe);
                return fe;
            }
        }
    }
}
