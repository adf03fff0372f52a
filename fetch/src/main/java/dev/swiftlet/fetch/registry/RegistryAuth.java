package dev.swiftlet.fetch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's auth flow (spec §E.1): anonymous until a 401; then {@code Basic} with the configured credentials,
 * or for a {@code Bearer realm=…,service=…,scope=…} challenge a token from the realm (with the credentials, if any),
 * cached until it expires and fetched again on the next 401. Token requests go straight to the realm, never
 * through a proxy or mirror. The credentials can be replaced while requests are running ({@link #replaceCredentials}:
 * nydusd's runtime {@code registry_auth}, sent by nydus-snapshotter when they rotate).
 */
final class RegistryAuth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    /** Tokens without {@code expires_in} live this long (the distribution spec's minimum). */
    private static final long DEFAULT_TOKEN_SECONDS = 60;

    private static final long MAX_TOKEN_SECONDS = 86_400;
    /** Token responses are small JSON objects; anything longer is refused rather than buffered. */
    private static final long MAX_TOKEN_RESPONSE = 256 * 1024;

    /** {@code Basic <base64 user:pass>}, or null; replaced at runtime by {@link #replaceCredentials}. */
    private volatile String basic;

    private final SchemeClients clients;
    private final Duration timeout;
    /** Tells when a token has expired; a test passes one it moves by hand. */
    private final InstantSource clock;

    private volatile String header;
    /** When the bearer {@link #header} stops being sent; null while it does not expire. */
    private volatile Instant expiresAt;

    RegistryAuth(RegistryConfig config, SchemeClients clients) {
        this(config, clients, InstantSource.system());
    }

    RegistryAuth(RegistryConfig config, SchemeClients clients, InstantSource clock) {
        this.clock = clock;
        this.basic = config.auth() == null || config.auth().isEmpty() ? null : "Basic " + config.auth();
        this.clients = clients;
        this.timeout = config.timeout();
        if (config.registryToken() != null && !config.registryToken().isEmpty())
            header = "Bearer " + config.registryToken();
    }

    /**
     * Replaces the credentials ({@code base64(user:password)}, null or empty for none) and drops whatever was obtained
     * with the old ones (a cached Basic header, a bearer token, the configured {@code registry_token}): the next request
     * goes out anonymously and the registry's challenge is answered with the new credentials. A token request already
     * under way finishes first (it holds the lock), and its token is dropped here.
     */
    synchronized void replaceCredentials(String auth) {
        if (auth != null && !auth.matches("[A-Za-z0-9+/=]*")) {
            throw new IllegalArgumentException("registry credentials must be base64 of user:password");
        }
        basic = auth == null || auth.isEmpty() ? null : "Basic " + auth;
        set(null, null);
    }

    /** The Authorization value to send now, or null. */
    String header() {
        String h = header;
        Instant until = expiresAt;
        if (h != null && until != null && clock.instant().isAfter(until)) return null;
        return h;
    }

    /**
     * Answers a 401: works out new credentials from the challenge. Returns true when the request should be sent
     * again (once), false when there is nothing new to try (the 401 stands).
     */
    synchronized boolean challenged(String wwwAuthenticate, String sentHeader) throws IOException {
        String current = header();
        if (current != null && !current.equals(sentHeader)) return true; // another request already renewed it
        if (wwwAuthenticate == null) return false;
        String scheme = wwwAuthenticate.trim().split("\\s+", 2)[0];
        if (scheme.equalsIgnoreCase("Basic")) {
            if (basic == null || basic.equals(sentHeader)) return false;
            set(basic, null);
            return true;
        }
        if (!scheme.equalsIgnoreCase("Bearer")) return false;
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(wwwAuthenticate);
        while (m.find()) params.put(m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2));
        String realm = params.get("realm");
        if (realm == null || realm.isEmpty())
            throw new IOException("bearer challenge without a realm: " + wwwAuthenticate);
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
        url.append("client_id=swiftlet");
        for (String key : new String[] {"service", "scope"}) {
            if (params.containsKey(key)) {
                url.append('&')
                        .append(key)
                        .append('=')
                        .append(URLEncoder.encode(params.get(key), StandardCharsets.UTF_8));
            }
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.toString()))
                .timeout(timeout)
                .GET()
                .header("User-Agent", RegistryBackend.USER_AGENT);
        if (basic != null) req.header("Authorization", basic);
        HttpResponse<byte[]> resp;
        // bounded like blob reads: a hostile or stuck token endpoint gets MAX_TOKEN_RESPONSE bytes and twice the
        // timeout
        HttpRequest request = req.build();
        var pending = clients.forUri(request.uri())
                .sendAsync(
                        request,
                        HttpResponse.BodyHandlers.limiting(
                                HttpResponse.BodyHandlers.ofByteArray(), MAX_TOKEN_RESPONSE));
        try {
            resp = pending.get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching a token from " + realm);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException("token endpoint " + realm + " gave no complete answer within "
                    + timeout.multipliedBy(2).toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException("token endpoint " + realm + ": " + e.getCause(), e.getCause());
        }
        int status = resp.statusCode();
        if (status == 401 || status == 403) {
            throw new TokenRefusedException(
                    "token endpoint " + realm + " answered HTTP " + status + " (credentials refused)");
        }
        if (status != 200) throw new IOException("token endpoint " + realm + " answered HTTP " + status);
        JsonNode t = JSON.readTree(resp.body());
        String token = t.path("token").asText(t.path("access_token").asText(""));
        if (token.isEmpty()) throw new IOException("token endpoint " + realm + " returned no token");
        // it becomes a header value: anything but visible ASCII would break the request (or smuggle a header)
        if (!token.matches("[\\x21-\\x7e]{1,16384}"))
            throw new IOException("token endpoint " + realm + " returned a malformed token");
        // clamped: a lifetime of years (or past a long in nanoseconds) is as good as a day
        long seconds = Math.min(t.path("expires_in").asLong(DEFAULT_TOKEN_SECONDS), MAX_TOKEN_SECONDS);
        // renew a little early so a request does not leave with a token that expires on the way
        Duration lifetime = Duration.ofSeconds(Math.max(1, seconds - Math.min(10, seconds / 10)));
        set("Bearer " + token, clock.instant().plus(lifetime));
        return true;
    }

    /** The token endpoint refused the credentials: another attempt with the same ones cannot succeed. */
    static final class TokenRefusedException extends IOException {
        TokenRefusedException(String message) {
            super(message);
        }
    }

    private void set(String value, Instant until) {
        expiresAt = until;
        header = value;
    }
}
