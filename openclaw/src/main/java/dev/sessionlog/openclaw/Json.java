package dev.sessionlog.openclaw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;

/** The one Jackson mapper of the transcript codec and the JSON helpers the reader and writer share. */
final class Json {
    /** Thread-safe once configured; shared so that no line pays for a mapper. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /** Reads one transcript line: text after the JSON value makes the line malformed. */
    public static final ObjectReader LINE_READER = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Numbers compare by value: a file's {@code 0} and a rendered {@code 0.0} are the same fact, and
     * treating them as different would copy every usage block into the lossless overrides.
     */
    public static final Comparator<JsonNode> SAME_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private Json() {}

    /** A new empty object node. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Compact JSON text of {@code node}. */
    public static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text that this codec wrote itself (metadata attributes, event data). */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses {@code text} as JSON, or keeps it as a JSON string when it is not JSON (a live event's free text). */
    public static JsonNode parseLenient(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.textNode(text) : node;
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    /** Whether two nodes hold the same JSON value, numbers compared by value. */
    public static boolean sameValue(JsonNode a, JsonNode b) {
        return a.equals(SAME_VALUE, b);
    }

    /** The text of a string field, or null when absent or not a string. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** {@code value} as 8 lower-case hex digits: the shape of an OpenClaw entry id. */
    public static String hex8(int value) {
        String hex = Integer.toHexString(value);
        return "00000000".substring(hex.length()) + hex;
    }

    /** A whole-number double written as an integer, so {@code 0} stays {@code 0} on export. */
    public static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return JsonNodeFactory.instance.numberNode((long) value);
        }
        return JsonNodeFactory.instance.numberNode(value);
    }
}
