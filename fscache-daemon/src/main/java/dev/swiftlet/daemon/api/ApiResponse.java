package dev.swiftlet.daemon.api;

/**
 * A status code and a body (empty for 204), with its content type and an optional action to run once the
 * response has been written (e.g. {@code PUT /api/v1/daemon/exit} stops the daemon only after answering).
 */
public record ApiResponse(int status, String body, String contentType, Runnable afterSent) {
    public static final String JSON = "application/json";
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    public ApiResponse {
        if (contentType == null) contentType = JSON;
    }

    public ApiResponse(int status, String body) {
        this(status, body, JSON, null);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, "");
    }

    /** 204, then {@code action} once the answer is on the wire. */
    public static ApiResponse noContentThen(Runnable action) {
        return new ApiResponse(204, "", JSON, action);
    }

    public boolean ok() {
        return status / 100 == 2;
    }
}
