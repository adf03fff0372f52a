package dev.swiftlet.fetch.registry;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** Waits at most {@code nanos} for the exchange's answer, body included. */
    default HttpResponse<T> await(CompletableFuture<HttpResponse<T>> answer, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        return answer.get(nanos, TimeUnit.NANOSECONDS);
    }

    /** The body as bytes, at most {@code limit} of them read (a longer body is cut there and seen as too long). */
    static BodyTarget<byte[]> bytes(long limit) {
        return () -> HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), limit);
    }
}
