package dev.sessionlog.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request's JSON object, read field by field: a missing required field or a value of the wrong
 * type is a {@code bad-request} naming the field, never a 500.
 */
final class Body {
    private final ObjectNode object;

    private Body(ObjectNode object) {
        this.object = object;
    }

    static Body parse(byte[] bytes) {
        JsonNode node = Json.parse(bytes);
        if (!(node instanceof ObjectNode object)) {
            throw ApiProblem.badRequest("the body must be a JSON object, not " + describe(node));
        }
        return new Body(object);
    }

    /** The field's value, or null when absent or JSON null. */
    JsonNode node(String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String field) {
        return node(field) != null;
    }

    String text(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw ApiProblem.badRequest("the field \"" + field + "\" is required");
        }
        return value;
    }

    String optionalText(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    Long optionalLong(String field) {
        JsonNode value = node(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer", value);
        }
        return value.longValue();
    }

    long longIn(String field, long min, long max) {
        Long value = optionalLong(field);
        if (value == null) {
            throw ApiProblem.badRequest("the field \"" + field + "\" is required");
        }
        return requireRange(field, value, min, max);
    }

    Long optionalLongIn(String field, long min, long max) {
        Long value = optionalLong(field);
        return value == null ? null : requireRange(field, value, min, max);
    }

    private static long requireRange(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw ApiProblem.badRequest("the field \"" + field + "\" must be between " + min + " and " + max
                    + ", was " + value);
        }
        return value;
    }

    static ApiProblem wrongType(String field, String expected, JsonNode value) {
        return ApiProblem.badRequest("the field \"" + field + "\" must be " + expected + ", not " + describe(value));
    }

    static String describe(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
