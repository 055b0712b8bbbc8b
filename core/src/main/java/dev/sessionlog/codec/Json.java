package dev.sessionlog.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * The Jackson factories the codec shares. Factories are thread-safe and expensive to build, so
 * there is one of each per JVM. Their read limits are what keep hostile bytes from costing more than
 * a clean {@link DecodeFailure.Malformed}: deep nesting (a stack overflow elsewhere) and megabyte
 * numbers (quadratic parsing) are refused by the parser itself.
 *
 * <p>Strings and names are not limited: the codec reads from a byte array already in memory, whose
 * size bounds them, and any limit would let the encoder write a record the decoder then refuses.
 * Every limit here is also applied to embedded JSON texts before they are written, for that reason.
 */
final class Json {

    /** The deepest nesting a stored record may have. */
    static final int MAX_RECORD_DEPTH = 128;

    /**
     * The deepest nesting of an embedded JSON text (tool arguments, custom data). Lower than the
     * record's limit by more than the depth at which such a text sits in a record (at most 6), so
     * every record the encoder writes is one the decoder reads.
     */
    static final int MAX_EMBEDDED_DEPTH = MAX_RECORD_DEPTH - 16;

    /** The longest number literal: no legitimate field comes near it. */
    static final int MAX_NUMBER_LENGTH = 256;

    /** Reads and writes stored records. */
    static final JsonFactory RECORDS = factory(MAX_RECORD_DEPTH);

    /** Reads the JSON texts that events carry, before they are embedded into a record. */
    static final JsonFactory EMBEDDED = factory(MAX_EMBEDDED_DEPTH);

    /**
     * Builds the trees that upcasters rewrite. Floats are read as {@code BigDecimal}, trailing zeros
     * kept, so numbers inside an old record's embedded JSON keep their value on the way through.
     */
    static final ObjectMapper TREES = new ObjectMapper(RECORDS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private Json() {}

    private static JsonFactory factory(int maxDepth) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
    }
}
