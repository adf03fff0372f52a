package dev.swiftlet.fetch.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another stream ahead on a thread of its own, in blocks handed over through a small queue: a layer's
 * download, digest and decompression then run beside the tar parsing and chunking that read from here, instead of in
 * series with them on one thread (a gzip layer's inflate alone is about a third of a conversion's CPU). At most
 * {@code depth} blocks wait; the reader's failure is thrown where its bytes would have been; {@link #close} stops it.
 */
final class ReadAheadStream extends InputStream {
    private static final byte[] END = new byte[0];

    private record Block(byte[] bytes, int length, IOException failure) {}

    private final BlockingQueue<Block> ready;
    private final BlockingQueue<byte[]> spare;
    private final Thread reader;
    private Block current;
    private int position;
    private volatile boolean closed;

    ReadAheadStream(InputStream source, String name, int blockSize, int depth) {
        this.ready = new ArrayBlockingQueue<>(depth);
        this.spare = new ArrayBlockingQueue<>(depth + 2);
        for (int i = 0; i < depth + 2; i++) spare.add(new byte[blockSize]);
        this.reader = Thread.ofPlatform().daemon().name("read-ahead " + name).start(() -> pump(source));
    }

    private void pump(InputStream source) {
        try {
            while (!closed) {
                byte[] b = spare.take();
                int n = 0;
                IOException failure = null;
                try {
                    for (int k; n < b.length && (k = source.read(b, n, b.length - n)) >= 0; ) n += k;
                } catch (IOException e) {
                    failure = e; // the bytes read before it still go first
                }
                if (n > 0) ready.put(new Block(b, n, null));
                if (failure != null || n < b.length) {
                    offerQuietly(new Block(END, 0, failure));
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void offerQuietly(Block b) {
        try {
            if (closed) ready.offer(b); // nobody waits: never block on a full queue
            else ready.put(b);
        } catch (InterruptedException ignored) {
            // closed while failing: nobody reads any more
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (current == null || position == current.length()) {
            if (current != null && current.bytes() != END) spare.add(current.bytes());
            if (current != null && current.bytes() == END) return endOf(current);
            try {
                current = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading ahead");
            }
            position = 0;
            if (current.bytes() == END) return endOf(current);
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.bytes(), position, b, off, n);
        position += n;
        return n;
    }

    private static int endOf(Block end) throws IOException {
        if (end.failure() != null) throw end.failure();
        return -1;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
    }
}
