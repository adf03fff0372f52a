package dev.swiftlet.rafs.codec;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.ServiceLoader;
import org.bouncycastle.crypto.digests.Blake3Digest;

/** Chooses the process's BLAKE3 engine once: the first provider that has one, else BouncyCastle. */
public final class Blake3Engines {
    private static final System.Logger LOG = System.getLogger(Blake3Engines.class.getName());

    private Blake3Engines() {}

    private static final class Holder {
        static final Blake3Engine ACTIVE = choose();
    }

    /** The engine every BLAKE3 digest in this process uses. */
    public static Blake3Engine active() {
        return Holder.ACTIVE;
    }

    /** The pure-Java engine, whatever is installed: the reference the native one is tested against. */
    public static Blake3Engine bouncyCastle() {
        return BouncyCastleBlake3.INSTANCE;
    }

    private static Blake3Engine choose() {
        for (Blake3Provider provider : ServiceLoader.load(Blake3Provider.class, Blake3Engines.class.getClassLoader())) {
            Optional<Blake3Engine> engine = provider.engine();
            if (engine.isPresent()) {
                LOG.log(Level.INFO, "chunk digests: BLAKE3 by {0}", engine.get().description());
                return engine.get();
            }
            LOG.log(
                    Level.INFO,
                    "chunk digests: BLAKE3 by BouncyCastle (pure Java, slower): {0}",
                    provider.unavailableReason());
        }
        return BouncyCastleBlake3.INSTANCE;
    }

    private enum BouncyCastleBlake3 implements Blake3Engine {
        INSTANCE;

        private static final int COPY_SLICE = 64 * 1024;

        @Override
        public void digest(ByteBuffer data, byte[] out) {
            ByteBuffer in = data.duplicate();
            Blake3Digest d = new Blake3Digest(256);
            if (in.hasArray()) {
                d.update(in.array(), in.arrayOffset() + in.position(), in.remaining());
            } else {
                byte[] slice = new byte[Math.min(COPY_SLICE, in.remaining())];
                while (in.hasRemaining()) {
                    int n = Math.min(slice.length, in.remaining());
                    in.get(slice, 0, n);
                    d.update(slice, 0, n);
                }
            }
            d.doFinal(out, 0);
        }

        @Override
        public String description() {
            return "BouncyCastle (pure Java)";
        }
    }
}
