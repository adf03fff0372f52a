package dev.swiftlet.fetch.backend;

/**
 * A validated backend configuration, as parsed by {@link Backends} from the nydusd JSON. Each backend's
 * {@code Config} record implements it; {@link Backends#open} turns it into a live backend.
 */
public interface BackendSpec {
    /** The nydusd backend type this spec configures: {@code localfs}, {@code registry}. */
    String type();
}
