package dev.swiftlet.fetch.registry;

import dev.swiftlet.fetch.Sleeper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which way a registry request goes, in order of preference: the healthy mirrors, then the Dragonfly proxy if it is
 * healthy (or if falling back is off), then the registry itself. Health is learnt from failures and from a periodic
 * check in a virtual thread (GET of the ping URL; any 2xx is healthy), so a proxy that went down is used again once
 * it answers. The checker waits its interval on a {@link Sleeper}, so a test can let one check round run at a time.
 */
final class Routes implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Routes.class.getName());

    /**
     * One way to send a request: its clients, a URL rewrite (to a mirror's {@code base}, or to {@code scheme} alone)
     * and extra headers.
     */
    record Route(
            String name, SchemeClients clients, URI base, String scheme, Map<String, String> headers, Health health) {
        URI rewrite(URI url) {
            if (base == null && scheme == null) return url;
            String s = base != null ? base.getScheme() : scheme;
            String authority = base != null ? base.getRawAuthority() : url.getRawAuthority();
            return URI.create(s + "://" + authority + url.getRawPath()
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
        }

        /**
         * Whether a response is the route's own failure rather than the registry's answer: a mirror or proxy 5xx, or
         * an error dfdaemon marks as its own ({@code X-Dragonfly-Error-Type: proxy|dfdaemon}, e.g. its 429 rate
         * limit), so the request goes on to the next route instead of failing.
         */
        boolean failedWith(HttpResponse<?> r) {
            if (health == null) return false;
            if (r.statusCode() >= 500) return true;
            String type = r.headers().firstValue("X-Dragonfly-Error-Type").orElse("");
            return r.statusCode() >= 400 && (type.equalsIgnoreCase("proxy") || type.equalsIgnoreCase("dfdaemon"));
        }
    }

    /** Health of a proxy or mirror: failures up to a limit mark it down until a check succeeds. */
    static final class Health {
        private final String name;
        private final int failureLimit;
        private final AtomicInteger failures = new AtomicInteger();
        private volatile boolean up = true;

        Health(String name, int failureLimit) {
            this.name = name;
            this.failureLimit = failureLimit;
        }

        boolean up() {
            return up;
        }

        void failed(String why) {
            if (failures.incrementAndGet() >= failureLimit && up) {
                up = false;
                LOG.log(System.Logger.Level.WARNING, "{0} marked down: {1}", name, why);
            }
        }

        void checked(boolean ok) {
            if (ok) {
                failures.set(0);
                if (!up) LOG.log(System.Logger.Level.INFO, "{0} is healthy again", name);
                up = true;
            } else if (up) {
                up = false;
                LOG.log(System.Logger.Level.WARNING, "{0} failed its health check", name);
            }
        }
    }

    private final List<Route> mirrors = new ArrayList<>();
    private final Route proxy;
    private final boolean proxyFallback;
    private final Route direct;
    private final List<Thread> checkers = new ArrayList<>();
    private final Sleeper sleeper;
    private volatile boolean closed;

    Routes(
            RegistryConfig config,
            SchemeClients directClient,
            java.util.function.Function<URI, SchemeClients> proxyClient,
            Sleeper sleeper) {
        this.sleeper = sleeper;
        direct = new Route("registry " + config.host(), directClient, null, null, Map.of(), null);
        for (RegistryConfig.Mirror m : config.mirrors()) {
            Health h = new Health("mirror " + m.host(), m.failureLimit());
            mirrors.add(new Route("mirror " + m.host(), directClient, m.host(), null, m.headers(), h));
            startChecker(h, directClient, m.pingUrl(), m.healthCheckInterval());
        }
        if (config.proxy() != null) {
            Health h = new Health("proxy " + config.proxy().url(), 1);
            proxy = new Route(
                    "proxy " + config.proxy().url(),
                    proxyClient.apply(config.proxy().url()),
                    null,
                    config.proxy().useHttp() ? "http" : null,
                    Map.of("X-Dragonfly-Use-P2P", "true", "X-Dragonfly-Priority", "6"),
                    h);
            proxyFallback = config.proxy().fallback();
            startChecker(
                    h, directClient, config.proxy().pingUrl(), config.proxy().checkInterval());
        } else {
            proxy = null;
            proxyFallback = true;
        }
    }

    /** The routes to try for one request, best first; the registry itself is last unless the proxy must be used. */
    List<Route> plan() {
        List<Route> out = new ArrayList<>(mirrors.size() + 2);
        for (Route m : mirrors) if (m.health().up()) out.add(m);
        if (proxy != null) {
            if (proxy.health().up() || !proxyFallback) out.add(proxy);
            if (!proxyFallback) return out;
        }
        out.add(direct);
        return out;
    }

    private void startChecker(Health health, SchemeClients clients, URI pingUrl, Duration interval) {
        checkers.add(Thread.ofVirtual().name("health " + pingUrl).start(() -> {
            while (!closed) {
                try {
                    sleeper.sleep(interval.toNanos());
                } catch (InterruptedException e) {
                    return;
                }
                boolean ok;
                try {
                    HttpResponse<Void> r = clients.forUri(pingUrl)
                            .send(
                                    HttpRequest.newBuilder(pingUrl)
                                            .timeout(interval)
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding());
                    ok = r.statusCode() / 100 == 2;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    ok = false;
                }
                health.checked(ok);
            }
        }));
    }

    /** Stops the health checks and closes the proxy's client (the direct client belongs to the backend). */
    @Override
    public void close() {
        closed = true;
        checkers.forEach(Thread::interrupt);
        if (proxy != null) proxy.clients().close();
    }
}
