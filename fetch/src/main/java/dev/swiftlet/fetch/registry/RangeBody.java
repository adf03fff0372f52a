package dev.swiftlet.fetch.registry;

import dev.swiftlet.fetch.Backend;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *
 * <p>With a {@link Backend.Progress}, {@link #await} tells it on the waiting thread how much of the range has arrived,
 * while the client's threads write the rest further on: the caller decodes a large range's first chunks while its
 * later ones are still on the wire. Only an answer whose headers name exactly this range (a {@code 206} with its
 * {@code Content-Range}, or a {@code 200} for a range from 0) is reported.
 */
final class RangeBody implements BodyTarget<Long> {
    /** At most 18 digits per number, so a hostile header cannot overflow {@code Long.parseLong} into an unchecked error. */
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    private final ByteBuffer dst;
    private final int base;
    private final long offset;
    private final int length;
    private final Backend.Progress progress;
    /** Guards the buffer: held while bytes are copied into it, by {@link #abandon()} and by {@link #handler()}. */
    private final Object lock = new Object();
    /**
     * The exchange allowed to write: each handler (one per exchange: a retry over another route, a redirect, an auth
     * challenge) starts a new one, so a writer of an exchange given up earlier can never write again.
     */
    private int current;
    /** Bytes of the range the current exchange has written, once its headers proved it is this range; else 0. */
    private int arrived;

    /**
     * A body for the range at {@code offset}, whose arrival {@link #await} reports to {@code progress}; with none, the
     * caller checks the body once complete and nothing is reported before that.
     */
    RangeBody(ByteBuffer dst, long offset, int length, Backend.Progress progress) {
        if (dst.remaining() < length)
            throw new IllegalArgumentException("buffer has " + dst.remaining() + " bytes, range " + length);
        this.dst = dst;
        this.base = dst.position();
        this.offset = offset;
        this.length = length;
        this.progress = progress;
    }

    /** Whether {@code contentRange} names exactly {@code length} bytes from {@code offset}. */
    static boolean names(String contentRange, long offset, long length) {
        Matcher m = CONTENT_RANGE.matcher(contentRange);
        return m.matches() && Long.parseLong(m.group(1)) == offset && Long.parseLong(m.group(2)) == offset + length - 1;
    }

    @Override
    public HttpResponse.BodyHandler<Long> handler() {
        int exchange;
        synchronized (lock) {
            exchange = ++current;
            arrived = 0;
        }
        return info -> {
            if (info.statusCode() != 206 && info.statusCode() != 200)
                return HttpResponse.BodySubscribers.replacing(-1L);
            boolean thisRange = info.statusCode() == 206
                    ? names(info.headers().firstValue("Content-Range").orElse(""), offset, length)
                    : offset == 0;
            return new Writer(exchange, progress != null && thisRange);
        };
    }

    /**
     * Waits for the exchange's answer, bounded by {@code nanos} for the whole of it, reporting arrived bytes to the
     * progress on this thread as they come. The client's threads only ever write past what was reported.
     */
    @Override
    public HttpResponse<Long> await(CompletableFuture<HttpResponse<Long>> answer, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (progress == null) return answer.get(nanos, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + nanos;
        answer.whenComplete((r, e) -> {
            synchronized (lock) {
                lock.notifyAll();
            }
        });
        int reported = 0;
        while (true) {
            int ready;
            synchronized (lock) {
                long left;
                while ((ready = arrived) <= reported && !answer.isDone() && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            }
            if (ready > reported) { // reported before the answer is returned, the last piece's bytes too
                progress.arrived(ready);
                reported = ready;
            } else if (answer.isDone()) {
                return answer.get();
            } else {
                throw new TimeoutException();
            }
        }
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
        /** Whether what this exchange writes is reported as arrived: its headers named the range, and someone listens. */
        private final boolean reports;

        private long received;
        private Flow.Subscription subscription;

        Writer(int exchange, boolean reports) {
            this.exchange = exchange;
            this.reports = reports;
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
                if (reports && received <= length) {
                    arrived = (int) received;
                    lock.notifyAll();
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
