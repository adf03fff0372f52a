package dev.swiftlet.fetch;

/**
 * A validated backend configuration, as parsed by {@link dev.swiftlet.fetch.backend.Backends} from the nydusd JSON. Each backend's
 * {@code Config} record implements it; {@link dev.swiftlet.fetch.backend.Backends#open} turns it into a live backend.
 */
public interface BackendSpec {
    /** The nydusd backend type this spec configures: {@code localfs}, {@code registry}. */
    String type();
}
