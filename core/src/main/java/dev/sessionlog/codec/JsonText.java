package dev.sessionlog.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.StringWriter;

/**
 * The JSON texts events carry ({@code ToolCall.argumentsJson}, {@code CustomEntryRecorded.data},
 * origin, provenance) are embedded as JSON values, not as escaped strings, so a stored record reads
 * as one JSON document. Decoding gives them back in compact form: no whitespace, Jackson's string
 * escaping, numbers exactly as written.
 *
 * <p>A text that is not exactly one JSON value (a model's truncated tool arguments, say) cannot be
 * embedded; it is stored verbatim as a string under the field name plus {@code Text}, so encoding
 * never fails and never loses what the gateway handed in.
 */
final class JsonText {

    /** The suffix of the field that holds a text which is not valid JSON. */
    static final String VERBATIM_SUFFIX = "Text";

    private JsonText() {}

    /** Writes {@code text} under {@code field}, embedded when it is one JSON value. */
    static void write(JsonGenerator out, String field, String text) throws IOException {
        TokenBuffer value = oneValue(text);
        if (value == null) {
            out.writeStringField(field + VERBATIM_SUFFIX, text);
            return;
        }
        out.writeFieldName(field);
        value.serialize(out);
    }

    /** The value at the parser's current token as compact JSON text. */
    static String read(JsonParser in) throws IOException {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator out = Json.RECORDS.createGenerator(text)) {
            copyValue(in, out);
        }
        return text.toString();
    }

    /**
     * The text's tokens when it is exactly one JSON value, else null. Buffered rather than copied
     * straight into the record: a failure half-way through would leave a torn record behind.
     */
    private static TokenBuffer oneValue(String text) {
        try (JsonParser in = Json.EMBEDDED.createParser(text)) {
            if (in.nextToken() == null) {
                return null;
            }
            TokenBuffer value = new TokenBuffer(in);
            copyValue(in, value);
            return in.nextToken() == null ? value : null;
        } catch (IOException | DecodeException e) {
            return null;
        }
    }

    /** Copies one value, however deep, without recursion (the parser's depth limit bounds it). */
    static void copyValue(JsonParser in, JsonGenerator out) throws IOException {
        int depth = 0;
        JsonToken token = in.currentToken();
        while (true) {
            if (token == null) {
                throw DecodeException.malformed("embedded JSON", "ends inside a value");
            }
            switch (token) {
                case START_OBJECT -> {
                    out.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    out.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    out.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    out.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> out.writeFieldName(in.currentName());
                case VALUE_STRING -> out.writeString(in.getTextCharacters(), in.getTextOffset(), in.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(numberText(in));
                case VALUE_TRUE -> out.writeBoolean(true);
                case VALUE_FALSE -> out.writeBoolean(false);
                case VALUE_NULL -> out.writeNull();
                default -> throw DecodeException.malformed("embedded JSON", "unexpected token " + token);
            }
            if (depth == 0) {
                return;
            }
            token = in.nextToken();
        }
    }

    /**
     * A number exactly as written, so {@code 1.10} stays {@code 1.10} and no huge number is ever
     * converted. A tree an upcaster built can hold NaN or infinity, which JSON cannot: refused.
     */
    private static String numberText(JsonParser in) throws IOException {
        String text = in.getText();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean numeric = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
            if (!numeric) {
                throw DecodeException.malformed("embedded JSON", "not a JSON number: " + DecodeException.shorten(text));
            }
        }
        return text;
    }
}
