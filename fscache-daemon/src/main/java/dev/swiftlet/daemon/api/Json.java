package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Jackson for the API, set up on first use. The databind ObjectMapper loads a few hundred classes, which
 * would delay the daemon's first answer to nydus-snapshotter (RUNNING within 2 s of exec); the answers on
 * that path are written with jackson-core's streaming generator instead, and the mapper is built when the
 * first entry is registered.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /** The shared mapper (thread-safe once built). */
    static ObjectMapper mapper() {
        return Holder.MAPPER;
    }

    private static final class Holder {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** Writes one JSON value with the streaming generator. */
    static String write(Writer body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }
}
