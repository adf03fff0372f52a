package dev.swiftlet.fetch.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A streamed response body whose reads give up when no byte arrives for {@code idle}. The JDK's request timeout ends
 * with the response headers, so a registry that stalls in the middle of a layer would otherwise block the reading
 * thread for ever. One list of buffers is requested at a time, so at most one is held beyond what the reader takes.
 */
final class IdleLimitedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final Duration idle;
    private final String what;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> lists = List.<ByteBuffer>of().iterator();
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;
    private volatile boolean closed;

    private IdleLimitedBody(Duration idle, String what) {
        this.idle = idle;
        this.what = what;
    }

    /** Bodies as idle-limited streams; {@code what} names the download in the error. */
    static HttpResponse.BodyHandler<InputStream> handler(Duration idle, String what) {
        return info -> new IdleLimitedBody(idle, what);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (closed) s.cancel();
        else s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        arrived.add(item);
    }

    @Override
    public void onError(Throwable t) {
        arrived.add(t);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!next()) return -1;
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        return current.remaining();
    }

    /** Makes {@code current} hold bytes, waiting at most {@code idle} for more; false at the body's end. */
    private boolean next() throws IOException {
        if (closed) throw new IOException(what + ": stream closed");
        while (!current.hasRemaining()) {
            if (lists.hasNext()) {
                current = lists.next();
                continue;
            }
            if (ended) return false;
            Object got;
            try {
                got = arrived.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException(what + ": interrupted", e);
            }
            if (got == null) {
                close();
                throw new IOException(what + ": no bytes for " + idle.toSeconds() + " s; the download is given up");
            }
            if (got == END) {
                ended = true;
            } else if (got instanceof Throwable t) {
                ended = true;
                throw t instanceof IOException io ? io : new IOException(what + ": " + t, t);
            } else {
                @SuppressWarnings("unchecked")
                List<ByteBuffer> list = (List<ByteBuffer>) got;
                lists = list.iterator();
                subscription.request(1);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }
}
