package dev.swiftlet.daemon.digest;

import dev.swiftlet.rafs.codec.Blake3Engine;
import dev.swiftlet.rafs.codec.Blake3Provider;
import dev.swiftlet.sys.blake3.NativeBlake3;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Offers the reference C BLAKE3 (native-bindings) to rafs-meta's digests, which cannot see native code themselves:
 * rafs-meta stays free of Panama, the daemon's class path brings the faster engine.
 */
public final class NativeBlake3Provider implements Blake3Provider {
    private final NativeBlake3.Result loaded = NativeBlake3.load();

    @Override
    public Optional<Blake3Engine> engine() {
        return loaded.library().map(lib -> new Engine(lib, loaded.description()));
    }

    @Override
    public String unavailableReason() {
        return loaded.description();
    }

    private record Engine(NativeBlake3 lib, String description) implements Blake3Engine {
        @Override
        public void digest(ByteBuffer data, byte[] out) {
            lib.digest(data, out);
        }
    }
}
