package dev.swiftlet.daemon.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging behind System.Logger: one line per record at {@code --log-level}, on stderr or, with
 * {@code --log-file}, in that file (rotated by size with {@code --log-rotation-size}).
 */
public final class LogSetup {
    private LogSetup() {}

    public static void configure(String level) {
        try {
            configure(level, null, 0);
        } catch (IOException e) {
            throw new IllegalStateException("stderr logging cannot fail to open", e);
        }
    }

    /** {@code file} null logs to stderr; {@code rotationBytes} 0 never rotates. */
    public static void configure(String level, Path file, long rotationBytes) throws IOException {
        Level l = LogLevels.parse(level);
        Handler h;
        if (file == null) {
            h = new ConsoleHandler();
        } else {
            try {
                h = new RotatingLogFile(file, rotationBytes);
            } catch (IOException e) {
                throw new IOException("--log-file " + file + ": " + e.getMessage(), e);
            }
        }
        h.setFormatter(new OneLine());
        Logger root = Logger.getLogger("");
        for (var old : root.getHandlers()) {
            root.removeHandler(old);
            old.close();
        }
        root.addHandler(h);
        LogLevels.apply(l);
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null
                    ? ""
                    : r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1);
            StringBuilder sb = new StringBuilder()
                    .append(Instant.ofEpochMilli(r.getMillis()))
                    .append(' ')
                    .append(r.getLevel().getName())
                    .append(' ')
                    .append(name)
                    .append(": ")
                    .append(formatMessage(r));
            for (Throwable t = r.getThrown(); t != null; t = t.getCause())
                sb.append(" | ").append(t);
            return sb.append(System.lineSeparator()).toString();
        }
    }
}
