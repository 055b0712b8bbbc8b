package dev.sessionlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/** The JSON helpers of the views: one mapper, and null-tolerant setters for the types rows hold. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts {@code value}: numbers and booleans as such, durations as milliseconds, the rest as text; null as JSON null. */
    static ObjectNode put(ObjectNode node, String name, Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof Long || value instanceof Integer) {
            node.put(name, ((Number) value).longValue());
        } else if (value instanceof Double number) {
            node.put(name, number);
        } else if (value instanceof Boolean bool) {
            node.put(name, bool);
        } else if (value instanceof Instant || value instanceof Enum<?>) {
            node.put(name, value.toString());
        } else if (value instanceof Duration duration) {
            node.put(name, duration.toMillis());
        } else {
            node.put(name, value.toString());
        }
        return node;
    }
}
