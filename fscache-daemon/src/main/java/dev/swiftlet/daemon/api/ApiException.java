package dev.swiftlet.daemon.api;

import java.io.IOException;

/**
 * A request the API refuses, with the HTTP status and error code to answer with. nydusd's mapping:
 * bad input and unexpected state-machine events 400, unknown things 404, {@code Unsupported} 501,
 * {@code NotReady} 503.
 */
public final class ApiException extends IOException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "InvalidRequest", message);
    }

    /** A state-machine event the daemon's current state does not accept (nydusd UnexpectedEvent). */
    public static ApiException unexpectedEvent(String event, DaemonState state) {
        return new ApiException(400, "UnexpectedEvent", "daemon event " + event + " is not allowed in state " + state);
    }

    public static ApiException unsupported(String message) {
        return new ApiException(501, "Unsupported", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
