package dev.swiftlet.fetch.testing;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.FetchException;
import java.nio.ByteBuffer;

/**
 * The base of the tests' backend doubles: a real backend (local blob files) underneath, with the double overriding
 * {@code read} to count, hold, break or report what passes. Sizes, closing and the name come from here.
 */
public abstract class ForwardingBackend implements Backend {
    protected final Backend real;
    private final String name;

    protected ForwardingBackend(String name, Backend real) {
        this.name = name;
        this.real = real;
    }

    @Override
    public long size(String blobId) throws FetchException {
        return real.size(blobId);
    }

    @Override
    public void read(String blobId, long offset, ByteBuffer dst) throws FetchException {
        real.read(blobId, offset, dst);
    }

    @Override
    public String describe() {
        return name + "(" + real.describe() + ")";
    }

    @Override
    public void close() {
        real.close();
    }
}
