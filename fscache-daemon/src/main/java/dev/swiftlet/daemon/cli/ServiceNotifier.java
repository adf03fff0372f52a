package dev.swiftlet.daemon.cli;

import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.unix.SdNotify;

/**
 * Tells systemd (Type=notify units) when the daemon is ready, i.e. the front end is bound and the API socket
 * accepts connections, and when it stops. A failure to notify is logged, never fatal: the daemon serves anyway.
 */
final class ServiceNotifier {
    private static final System.Logger LOG = System.getLogger(ServiceNotifier.class.getName());

    private ServiceNotifier() {}

    static void ready(String status) {
        send("READY=1\nSTATUS=" + status + "\nMAINPID="
                + ProcessHandle.current().pid());
    }

    static void stopping() {
        send("STOPPING=1");
    }

    private static void send(String state) {
        try {
            if (SdNotify.notify(state)) LOG.log(System.Logger.Level.DEBUG, "sd_notify: {0}", state.replace('\n', ' '));
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "sd_notify to $NOTIFY_SOCKET failed: " + e.getMessage());
        }
    }
}
