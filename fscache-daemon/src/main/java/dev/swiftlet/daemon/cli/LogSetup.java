package dev.swiftlet.daemon.cli;

import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** java.util.logging behind System.Logger: one line per record, on stderr, at {@code --log-level}. */
final class LogSetup {
    private LogSetup() {}

    static void configure(String level) {
        Level l = switch (level.toLowerCase(java.util.Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> throw new IllegalArgumentException("--log-level must be trace, debug, info, warn or error, got " + level);
        };
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler h = new ConsoleHandler();
        h.setLevel(l);
        h.setFormatter(new OneLine());
        root.addHandler(h);
        root.setLevel(l);
        Logger.getLogger("io.netty").setLevel(Level.INFO.intValue() < l.intValue() ? l : Level.INFO);
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
            StringBuilder sb = new StringBuilder().append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(r.getLevel().getName()).append(' ').append(name).append(": ").append(formatMessage(r));
            for (Throwable t = r.getThrown(); t != null; t = t.getCause()) sb.append(" | ").append(t);
            return sb.append(System.lineSeparator()).toString();
        }
    }
}
