package dev.swiftlet.daemon.logging;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * nydusd's log level names ({@code trace, debug, info, warn, error}) on java.util.logging, which backs
 * System.Logger: used by {@code --log-level} and by {@code PUT /api/v2/daemon {"log_level":…}} at runtime.
 */
public final class LogLevels {
    private LogLevels() {}

    /** The JUL level for a nydusd level name (case-insensitive); IllegalArgumentException names the choices. */
    public static Level parse(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default ->
                throw new IllegalArgumentException(
                        "log level must be trace, debug, info, warn or error, got '" + name + "'");
        };
    }

    /** Sets the root logger and its handlers to {@code level}; netty stays at info or quieter. */
    public static void apply(Level level) {
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (var h : root.getHandlers()) h.setLevel(level);
        Logger.getLogger("io.netty").setLevel(Level.INFO.intValue() < level.intValue() ? level : Level.INFO);
    }
}
