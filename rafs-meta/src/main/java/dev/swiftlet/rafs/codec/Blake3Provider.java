package dev.swiftlet.rafs.codec;

import java.util.Optional;

/**
 * A source of a {@link Blake3Engine}, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.swiftlet.rafs.codec.Blake3Provider}). Providers whose engine cannot run here (no
 * native library, wrong CPU) return empty and say why in {@link #unavailableReason()}.
 */
public interface Blake3Provider {
    Optional<Blake3Engine> engine();

    /** Why {@link #engine()} is empty; read only then. */
    String unavailableReason();
}
