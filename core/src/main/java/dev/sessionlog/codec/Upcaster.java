package dev.sessionlog.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites the data of an old schema version of one event type into the next version, so the codec
 * only ever decodes the newest shape. Upcasters chain: 1 → 2 → 3.
 *
 * <p>A codec is shared across threads, so an upcaster must be too (a stateless one is). It may
 * throw on data it cannot read: the record then decodes as {@link DecodeFailure.Malformed}.
 * Decimal numbers in the tree are {@code BigDecimal}s, so no value is rounded on the way through.
 */
public interface Upcaster {

    /** The wire name of the event type. */
    String type();

    /** The version this upcaster reads; it produces {@code fromVersion() + 1}. */
    int fromVersion();

    /** The data in the next version's shape; may modify and return {@code data}. */
    ObjectNode upcast(ObjectNode data);
}
