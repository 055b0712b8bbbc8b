package dev.sessionlog.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads one field's value from a streaming parser, checking its JSON type: the parser stands on
 * the field name, each method advances it onto the value. A value of the wrong type is a
 * {@link DecodeFailure.Malformed} naming the field, never a coercion ({@code "1"} is not a number).
 */
final class Fields {

    private Fields() {}

    static String text(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token != JsonToken.VALUE_STRING) {
            throw unexpected(field, "a string", token);
        }
        return in.getText();
    }

    /** A string, or null for JSON null. */
    static String optionalText(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw unexpected(field, "a string", token);
        }
        return in.getText();
    }

    /** An integer that fits a long; a bigger one fails in the parser as out of range. */
    static long integer(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw unexpected(field, "an integer", token);
        }
        return in.getLongValue();
    }

    static int smallInteger(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw unexpected(field, "an integer", token);
        }
        return in.getIntValue();
    }

    static double number(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw unexpected(field, "a number", token);
        }
        return in.getDoubleValue();
    }

    static boolean bool(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (token == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw unexpected(field, "true or false", token);
    }

    /** An ISO-8601 instant such as {@code 2026-11-24T21:00:00.123Z}. */
    static Instant instant(JsonParser in, String field) throws IOException {
        String text = text(in, field);
        try {
            return Instants.parse(text);
        } catch (DateTimeException e) {
            throw DecodeException.malformed(field, "not an ISO-8601 instant: " + DecodeException.describeValue(text));
        }
    }

    /** Any JSON value, given back as compact JSON text. */
    static String json(JsonParser in, String field) throws IOException {
        if (in.nextToken() == null) {
            throw DecodeException.malformed(field, "missing value");
        }
        return JsonText.read(in);
    }

    /** An object whose values are all strings. */
    static Map<String, String> stringMap(JsonParser in, String field) throws IOException {
        startObject(in, field);
        Map<String, String> map = new HashMap<>();
        for (String key = in.nextFieldName(); key != null; key = in.nextFieldName()) {
            map.put(key, text(in, field + "." + key));
        }
        return map;
    }

    /** Moves onto the value, which must be an object. */
    static void startObject(JsonParser in, String field) throws IOException {
        JsonToken token = in.nextToken();
        if (token != JsonToken.START_OBJECT) {
            throw unexpected(field, "an object", token);
        }
    }

    /** Skips a field this version does not know, whatever its value. */
    static void skip(JsonParser in) throws IOException {
        in.nextToken();
        in.skipChildren();
    }

    /** {@code value}, or a failure naming the missing field. */
    static <T> T required(T value, String field) {
        if (value == null) {
            throw DecodeException.malformed(field, "missing");
        }
        return value;
    }

    /** Exactly one of the embedded and the verbatim form of a JSON-text field, or null for neither. */
    static String oneOf(String embedded, String verbatim, String field) {
        if (embedded != null && verbatim != null) {
            throw DecodeException.malformed(field, "given both embedded and as " + field + JsonText.VERBATIM_SUFFIX);
        }
        return embedded != null ? embedded : verbatim;
    }

    static DecodeException unexpected(String field, String expected, JsonToken found) {
        return DecodeException.malformed(field, "expected " + expected + ", found " + describe(found));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }
}
