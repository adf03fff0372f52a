package dev.swiftlet.fetch.registry;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a blob range, written as it arrives straight into the caller's buffer, from its position on: no
 * intermediate byte array per response (a multi-MiB array per range, copied once more into the buffer, cost the
 * daemon a copy and a large allocation per request). The body's value is the number of bytes the server sent; at most
 * {@code length} of them are written, so a longer body can be seen as too long without overrunning the buffer.
 *
 * <p>Only a {@code 206} or {@code 200} answer is written; any other status's body is discarded (its headers say what
 * went wrong) and its value is -1. The caller checks the status, the {@code Content-Range} and the count before it
 * takes anything from the buffer, and moves the buffer's position only then.
 *
 * <p>{@link #abandon()} fences the buffer off from the exchange in progress: one that timed out may still be delivering
 * bytes on the client's threads, and the buffer may already be back in a pool serving another read.
 */
final class RangeBody implements BodyTarget<Long> {
    private final ByteBuffer dst;
    private final int base;
    private final int length;
    /** Guards the buffer: held while bytes are copied into it, by {@link #abandon()} and by {@link #handler()}. */
    private final Object lock = new Object();
    /**
     * The exchange allowed to write: each handler (one per exchange: a retry over another route, a redirect, an auth
     * challenge) starts a new one, so a writer of an exchange given up earlier can never write again.
     */
    private int current;

    RangeBody(ByteBuffer dst, int length) {
        if (dst.remaining() < length) throw new IllegalArgumentException("buffer has " + dst.remaining() + " bytes, range " + length);
        this.dst = dst;
        this.base = dst.position();
        this.length = length;
    }

    @Override
    public HttpResponse.BodyHandler<Long> handler() {
        int exchange;
        synchronized (lock) {
            exchange = ++current;
        }
        return info -> info.statusCode() == 206 || info.statusCode() == 200
                ? new Writer(exchange)
                : HttpResponse.BodySubscribers.replacing(-1L);
    }

    @Override
    public void abandon() {
        synchronized (lock) {
            current++; // no writer holds this number: the one in progress can never write again
        }
    }

    /** Copies each delivered piece to the buffer at base + bytes so far; counts what does not fit without writing it. */
    private final class Writer implements HttpResponse.BodySubscriber<Long> {
        private final CompletableFuture<Long> body = new CompletableFuture<>();
        private final int exchange;
        private long received;
        private Flow.Subscription subscription;

        Writer(int exchange) {
            this.exchange = exchange;
        }

        @Override
        public CompletionStage<Long> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            synchronized (lock) {
                if (exchange != current) {
                    subscription.cancel();
                    return;
                }
                for (ByteBuffer b : items) {
                    int n = b.remaining();
                    if (received + n <= length) dst.put(base + (int) received, b, b.position(), n);
                    received += n;
                }
            }
            if (received > length) {
                // too long: the count says so; nothing past the range was written and the rest need not be read
                subscription.cancel();
                body.complete(received);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(received);
        }
    }
}
