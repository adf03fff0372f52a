package dev.swiftlet.daemon.cli;

import dev.swiftlet.daemon.api.ApiSocket;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Binds {@code nydusd singleton}'s {@code --apisock} before the command line parser and the daemon's classes load:
 * nydus-snapshotter only watches a daemon whose socket file appears within about 10 s of the exec (see
 * {@link ApiSocket}), or adopts the one {@code scripts/nydusd-prestart.py} bound even earlier. Only the literal forms
 * the snapshotter writes are recognised; anything else leaves the binding to the daemon, which then reports errors as
 * usual.
 */
final class EarlyApiSocket {
    private EarlyApiSocket() {}

    /** The socket scripts/nydusd-prestart.py bound for {@code socket} and left on standard input, if it did. */
    private static ApiSocket inherited(Path socket) throws IOException {
        String bound = System.getenv("SWIFTLET_EARLY_APISOCK");
        if (bound == null || !Path.of(bound).equals(socket)) return null;
        if (!(System.inheritedChannel() instanceof java.nio.channels.ServerSocketChannel channel)) return null;
        return ApiSocket.adopt(socket, channel, "1".equals(System.getenv("SWIFTLET_EARLY_RESIDUAL")));
    }

    /** The bound socket, or null when {@code args} do not run the daemon or name no socket, or binding failed. */
    static ApiSocket bindFor(String[] args) {
        if (args.length == 0 || !args[0].equals("singleton")) return null;
        Path socket = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h", "--version", "-V" -> {
                    return null;
                }
                case "--apisock", "-A" -> {
                    if (i + 1 < args.length) socket = Path.of(args[++i]);
                }
                default -> {
                    if (arg.startsWith("--apisock=")) socket = Path.of(arg.substring("--apisock=".length()));
                }
            }
        }
        if (socket == null) return null;
        try {
            ApiSocket inherited = inherited(socket);
            if (inherited != null) return inherited;
            return ApiSocket.bind(socket);
        } catch (IOException | RuntimeException e) {
            return null; // the daemon binds again and says why it cannot
        }
    }
}
