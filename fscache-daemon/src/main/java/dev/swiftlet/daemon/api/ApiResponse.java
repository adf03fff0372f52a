package dev.swiftlet.daemon.api;

/** A status code and a JSON body (empty for 204). */
public record ApiResponse(int status, String body) {
    public static ApiResponse noContent() {
        return new ApiResponse(204, "");
    }

    public boolean ok() {
        return status / 100 == 2;
    }
}
