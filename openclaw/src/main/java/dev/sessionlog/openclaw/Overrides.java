package dev.sessionlog.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The lossless part of an import: what an original entry has that the rendering of its event does
 * not (kept as "extra" fields with their original values) and what the rendering adds that the
 * original lacked ("absent" fields), at the top level and inside {@code message}. Applying them to
 * the rendering gives the original back, whatever the event models.
 */
final class Overrides {
    /** Written by the writer itself on every entry; never overridden. */
    private static final Set<String> STRUCTURAL = Set.of("id", "parentId");

    private Overrides() {}

    /** Records in {@code attributes} how {@code original} differs from {@code rendered}. */
    public static void record(ObjectNode original, ObjectNode rendered, Map<String, String> attributes) {
        ObjectNode extra = Json.object();
        ArrayNode absent = Json.MAPPER.createArrayNode();
        JsonNode originalMessage = original.get("message");
        JsonNode renderedMessage = rendered.get("message");
        boolean nested = originalMessage != null && originalMessage.isObject()
                && renderedMessage != null && renderedMessage.isObject();
        diff(original, rendered, STRUCTURAL, JsonNode::isTextual, nested ? "message" : null, extra, absent);
        put(attributes, OpenClawAttributes.EXTRA, extra);
        put(attributes, OpenClawAttributes.ABSENT, absent);
        if (nested) {
            ObjectNode messageExtra = Json.object();
            ArrayNode messageAbsent = Json.MAPPER.createArrayNode();
            diff((ObjectNode) originalMessage, (ObjectNode) renderedMessage, Set.of(), JsonNode::isIntegralNumber, null,
                    messageExtra, messageAbsent);
            put(attributes, OpenClawAttributes.MESSAGE_EXTRA, messageExtra);
            put(attributes, OpenClawAttributes.MESSAGE_ABSENT, messageAbsent);
        }
    }

    /**
     * A {@code timestamp} of the canonical kind ({@code timestampIsCanonical}) is the writer's to
     * write from the metadata; any other (a number where a string belongs) is kept as an override.
     */
    private static void diff(ObjectNode original, ObjectNode rendered, Set<String> skip,
                             Predicate<JsonNode> timestampIsCanonical, String nestedField,
                             ObjectNode extra, ArrayNode absent) {
        for (Map.Entry<String, JsonNode> field : original.properties()) {
            String name = field.getKey();
            if (skip.contains(name) || name.equals(nestedField)
                    || name.equals("timestamp") && timestampIsCanonical.test(field.getValue())) {
                continue;
            }
            JsonNode mine = rendered.get(name);
            if (mine == null || !Json.sameValue(field.getValue(), mine)) {
                extra.set(name, field.getValue());
            }
        }
        for (Iterator<String> it = rendered.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!skip.contains(name) && !name.equals("timestamp") && !original.has(name)) {
                absent.add(name);
            }
        }
    }

    private static void put(Map<String, String> attributes, String name, JsonNode value) {
        if (!value.isEmpty()) {
            attributes.put(name, Json.compact(value));
        }
    }

    /** Applies what {@link #record} kept to a fresh rendering. */
    public static void apply(ObjectNode rendered, Map<String, String> attributes) {
        apply(rendered, attributes.get(OpenClawAttributes.EXTRA), attributes.get(OpenClawAttributes.ABSENT));
        JsonNode message = rendered.get("message");
        if (message != null && message.isObject()) {
            apply((ObjectNode) message, attributes.get(OpenClawAttributes.MESSAGE_EXTRA),
                    attributes.get(OpenClawAttributes.MESSAGE_ABSENT));
        }
    }

    private static void apply(ObjectNode target, String extra, String absent) {
        if (absent != null) {
            Json.parse(absent).forEach(name -> target.remove(name.asText()));
        }
        if (extra != null) {
            Json.parse(extra).properties().forEach(field -> target.set(field.getKey(), field.getValue()));
        }
    }
}
