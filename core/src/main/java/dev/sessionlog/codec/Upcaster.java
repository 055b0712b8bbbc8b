package dev.sessionlog.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the data of an old schema version of one event type into the next version, so the codec
 * only ever decodes the newest shape. Upcasters chain: 1 → 2 → 3.
 */
public interface Upcaster {

    /** The wire name of the event type. */
    String type();

    /** The version this upcaster reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /** The data in the next version's shape; may modify and return {@code data}. */
    ObjectNode upcast(ObjectNode data);
}
