package dev.swiftlet.fetch.registry;

import java.net.http.HttpResponse;

/**
 * Where one HTTP exchange puts the response body, and how it is stopped when the exchange is given up (a timeout,
 * an interrupt). A new handler is asked for per exchange: an auth challenge or a redirect makes another one.
 */
interface BodyTarget<T> {
    HttpResponse.BodyHandler<T> handler();

    /**
     * Called when the caller stops waiting for the exchange: once this returns, the client's threads write nothing
     * more anywhere the caller owns (a buffer handed back to a pool must stay untouched).
     */
    default void abandon() {}

    /** The body as bytes, at most {@code limit} of them read (a longer body is cut there and seen as too long). */
    static BodyTarget<byte[]> bytes(long limit) {
        return () -> HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), limit);
    }
}
