package dev.swiftlet.fetch.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The body of a range goes into the caller's buffer only within the range, and never after it was given up. */
class RangeBodyTest {
    private static HttpResponse.ResponseInfo status(int code) {
        return answer(code, Map.of());
    }

    private static HttpResponse.ResponseInfo answer(int code, Map<String, List<String>> headers) {
        return new HttpResponse.ResponseInfo() {
            public int statusCode() {
                return code;
            }

            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (a, b) -> true);
            }

            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        };
    }

    /** A subscription that records whether the client was told to stop. */
    private static final class Sub implements Flow.Subscription {
        final AtomicBoolean cancelled = new AtomicBoolean();

        public void request(long n) {}

        public void cancel() {
            cancelled.set(true);
        }
    }

    private static HttpResponse.BodySubscriber<Long> open(RangeBody body, int status, Sub sub) {
        HttpResponse.BodySubscriber<Long> s = body.handler().apply(status(status));
        s.onSubscribe(sub);
        return s;
    }

    private static ByteBuffer bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (from + i);
        return ByteBuffer.wrap(b);
    }

    @Test
    void writesPiecesInOrderFromTheBuffersPositionWithoutMovingIt() throws Exception {
        ByteBuffer dst = ByteBuffer.allocateDirect(16).position(4);
        RangeBody body = new RangeBody(dst, 0, 10, null);
        HttpResponse.BodySubscriber<Long> s = open(body, 206, new Sub());
        s.onNext(List.of(bytes(1, 3), bytes(4, 2)));
        s.onNext(List.of(bytes(6, 5)));
        s.onComplete();
        assertEquals(10L, s.getBody().toCompletableFuture().get());
        assertEquals(4, dst.position(), "the caller moves the position once it checked the answer");
        byte[] got = new byte[16];
        dst.get(0, got);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0}, got);
    }

    @Test
    void aLongerBodyIsCountedNotWrittenPastTheRange() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(8);
        RangeBody body = new RangeBody(dst.duplicate().limit(4), 0, 4, null);
        Sub sub = new Sub();
        HttpResponse.BodySubscriber<Long> s = open(body, 200, sub);
        s.onNext(List.of(bytes(1, 3), bytes(4, 3)));
        assertEquals(6L, s.getBody().toCompletableFuture().get(), "seen as too long");
        assertTrue(sub.cancelled.get(), "the rest is not read");
        assertArrayEquals(
                new byte[] {1, 2, 3, 0, 0, 0, 0, 0}, dst.array(), "nothing past the range, nor the overlong piece");
    }

    @Test
    void anErrorStatusBodyIsDiscarded() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(4);
        HttpResponse.BodySubscriber<Long> s = open(new RangeBody(dst, 0, 4, null), 503, new Sub());
        s.onNext(List.of(bytes(1, 4)));
        s.onComplete();
        assertEquals(-1L, s.getBody().toCompletableFuture().get());
        assertArrayEquals(new byte[4], dst.array());
    }

    /**
     * Sends {@code pieces} on another thread, each after the waiting thread reported the one before (when
     * {@code reported} is given); returns the answer.
     */
    private static CompletableFuture<HttpResponse<Long>> send(
            HttpResponse.BodySubscriber<Long> s, List<Integer> reported, ByteBuffer... pieces) {
        s.onSubscribe(new Sub());
        Thread.ofPlatform().start(() -> {
            int sent = 0;
            for (ByteBuffer piece : pieces) {
                s.onNext(List.of(piece));
                sent += piece.limit();
                long until = System.nanoTime() + 2_000_000_000L;
                while (reported != null && System.nanoTime() < until && !reported.contains(sent)) Thread.onSpinWait();
            }
            s.onComplete();
        });
        return s.getBody().toCompletableFuture().thenApply(n -> null);
    }

    @Test
    void awaitReportsArrivalsOnTheWaitingThreadForAnAnswerNamingTheRange() throws Exception {
        ByteBuffer dst = ByteBuffer.allocateDirect(8);
        List<Integer> reported = new CopyOnWriteArrayList<>();
        List<Thread> on = new CopyOnWriteArrayList<>();
        RangeBody body = new RangeBody(dst, 100, 8, n -> {
            reported.add(n);
            on.add(Thread.currentThread());
        });
        var s = body.handler().apply(answer(206, Map.of("Content-Range", List.of("bytes 100-107/4096"))));
        body.await(send(s, reported, bytes(1, 3), bytes(4, 5)), 5_000_000_000L);
        assertEquals(List.of(3, 8), reported);
        assertTrue(on.stream().allMatch(t -> t == Thread.currentThread()));
        byte[] got = new byte[8];
        dst.get(0, got);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, got);
    }

    @Test
    void anAnswerForAnotherRangeIsNeverReported() throws Exception {
        List<Integer> reported = new CopyOnWriteArrayList<>();
        RangeBody body = new RangeBody(ByteBuffer.allocate(4), 100, 4, reported::add);
        var other = body.handler().apply(answer(206, Map.of("Content-Range", List.of("bytes 0-3/4096"))));
        body.await(send(other, null, bytes(1, 4)), 5_000_000_000L);
        var whole = body.handler().apply(status(200)); // the whole blob, but the range starts at 100
        body.await(send(whole, null, bytes(1, 4)), 5_000_000_000L);
        var error = body.handler().apply(status(503));
        body.await(send(error, null, bytes(1, 4)), 5_000_000_000L);
        assertEquals(List.of(), reported);
    }

    @Test
    void awaitGivesUpAtItsBound() {
        RangeBody body = new RangeBody(ByteBuffer.allocate(4), 0, 4, n -> {});
        body.handler();
        assertThrows(TimeoutException.class, () -> body.await(new CompletableFuture<>(), 50_000_000L));
    }

    @Test
    void anAbandonedExchangeNeverWritesAgainEvenAfterANewOneStarted() {
        ByteBuffer dst = ByteBuffer.allocate(4);
        RangeBody body = new RangeBody(dst, 0, 4, null);
        Sub first = new Sub();
        HttpResponse.BodySubscriber<Long> late = open(body, 206, first);
        late.onNext(List.of(bytes(1, 1)));
        body.abandon(); // the caller timed out: the buffer may be reused from here on
        late.onNext(List.of(bytes(2, 1)));
        assertTrue(first.cancelled.get());
        assertArrayEquals(new byte[] {1, 0, 0, 0}, dst.array());

        HttpResponse.BodySubscriber<Long> next = open(body, 206, new Sub()); // the same range over the next route
        late.onNext(List.of(bytes(9, 1)));
        next.onNext(List.of(bytes(5, 4)));
        assertArrayEquals(new byte[] {5, 6, 7, 8}, dst.array(), "only the current exchange writes");
    }
}
