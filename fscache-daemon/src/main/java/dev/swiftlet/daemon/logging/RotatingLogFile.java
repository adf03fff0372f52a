package dev.swiftlet.daemon.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * {@code --log-file F --log-rotation-size MB}: records appended to exactly {@code F} (where nydus-snapshotter
 * and operators look), and when it would pass the size limit it is renamed {@code F.1} (older ones shift to
 * {@code F.2} … {@code F.<keep>}, the oldest dropped) and a new {@code F} begins. Size 0 never rotates.
 * JUL's FileHandler is not used because with rotation it writes {@code F.0} and keeps a {@code F.lck}.
 */
final class RotatingLogFile extends Handler {
    static final int KEEP = 5;

    private final Path file;
    private final long limitBytes;
    private OutputStream out;
    private long size;

    RotatingLogFile(Path file, long limitBytes) throws IOException {
        this.file = file.toAbsolutePath();
        this.limitBytes = limitBytes;
        Path parent = this.file.getParent();
        if (parent != null) Files.createDirectories(parent);
        open();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(generation(KEEP));
        for (int g = KEEP - 1; g >= 1; g--) {
            if (Files.exists(generation(g)))
                Files.move(generation(g), generation(g + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(file, generation(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    Path generation(int g) {
        return file.resolveSibling(file.getFileName() + "." + g);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record) || out == null) return;
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            if (limitBytes > 0 && size > 0 && size + line.length > limitBytes) rotate();
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException | UncheckedIOException e) {
            reportError(
                    "cannot write " + file,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause(),
                    ErrorManager.WRITE_FAILURE);
        }
    }

    @Override
    public synchronized void flush() {
        try {
            if (out != null) out.flush();
        } catch (IOException e) {
            reportError("cannot flush " + file, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            reportError("cannot close " + file, e, ErrorManager.CLOSE_FAILURE);
        }
        out = null;
    }
}
