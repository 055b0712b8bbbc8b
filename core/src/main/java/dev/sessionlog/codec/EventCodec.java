package dev.sessionlog.codec;

import static dev.sessionlog.util.Preconditions.requireArgument;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.SessionEvent;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON wire format of events: each event type has a stable wire name and schema version chosen
 * here (never a Java class name). Decoding never throws: failures are {@link DecodeFailure}s.
 * Thread-safe.
 *
 * <p>An event is written as {@code {"type":"model_call_failed","v":2,"data":{…}}}: a snake_case
 * wire name, the schema version of its data, and the data with camelCase field names. Null fields
 * are left out; enums are lower-case wire names; instants are ISO-8601 strings; durations are whole
 * milliseconds ({@code retryAfterMs}); the JSON texts events carry (tool-call arguments, custom
 * data, origin, provenance) are embedded as JSON values and come back as compact JSON text. A
 * stored record wraps the event:
 *
 * <pre>{@code
 * {"sessionId":"s-1","sequence":7,"eventId":"…","recordedAt":"2026-11-24T21:00:00.123Z",
 *  "metadata":{"correlationId":"turn-3"},"event":{"type":…,"v":…,"data":{…}}}
 * }</pre>
 *
 * <p>Old schema versions are rewritten by {@link Upcaster}s before they are decoded, so a codec
 * reads every version up to the newest it knows. Newer versions and unknown types decode to
 * {@link DecodeFailure.UnsupportedVersion} and {@link DecodeFailure.UnknownType}.
 */
public final class EventCodec {
    private static final byte[] EVENT_FIELD = "\"event\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_METADATA = new byte[0];
    private static final byte[] METADATA_FIELD = "\"metadata\":".getBytes(StandardCharsets.US_ASCII);

    private static final EventCodec STANDARD = builder().standardUpcasters().build();

    private final Decoder decoder;

    private EventCodec(Decoder decoder) {
        this.decoder = decoder;
    }

    /** The codec with every built-in upcaster. */
    public static EventCodec standard() {
        return STANDARD;
    }

    /** A builder for a codec with chosen upcasters; it starts with none. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The encoded event alone: {@code {"type":…,"v":…,"data":{…}}}.
     *
     * @throws IllegalArgumentException when the event holds a value the wire format cannot hold (a
     *     retry-after longer than {@code Long.MAX_VALUE} milliseconds)
     */
    public byte[] encodeEvent(SessionEvent event) {
        requireArgument(event != null, "event must not be null");
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator out = Json.RECORDS.createGenerator(bytes)) {
            EventWriter.write(out, event);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Encodes {@code event} for a later {@link #encode(RecordedEvent, EncodedEvent)}: the bytes of
     * {@link #encodeEvent}, kept with the event they belong to.
     *
     * @throws IllegalArgumentException as {@link #encodeEvent} does
     */
    public EncodedEvent encodeAhead(SessionEvent event) {
        return new EncodedEvent(event, encodeEvent(event));
    }

    /** Decodes what {@link #encodeEvent} wrote. */
    public Either<DecodeFailure, SessionEvent> decodeEvent(byte[] bytes) {
        return decoding(bytes, decoder::event);
    }

    /**
     * The envelope and event, everything but the position (which the log assigns). Metadata is left
     * out when it is empty.
     *
     * @throws IllegalArgumentException as {@link #encodeEvent} does
     */
    public byte[] encode(RecordedEvent event) {
        requireArgument(event != null, "event must not be null");
        return encode(event, encodeAhead(event.event()));
    }

    /**
     * The same bytes as {@link #encode(RecordedEvent)}, with the event already encoded: only the
     * envelope is written here, around it.
     *
     * @throws IllegalArgumentException when {@code encoded} is not the encoding of this record's event
     */
    public byte[] encode(RecordedEvent event, EncodedEvent encoded) {
        requireArgument(event != null && encoded != null, "event and encoded event must not be null");
        requireArgument(encoded.event() == event.event(), "the encoded event is not the event of this record");
        byte[] head = envelopeHead(event);
        byte[] body = encoded.bytes();
        byte[] record = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, record, 0, head.length);
        System.arraycopy(body, 0, record, head.length, body.length);
        record[record.length - 1] = '}';
        return record;
    }

    /**
     * Everything of a record up to its last field's name, {@code "event":}. Written by hand, not by a
     * generator (this runs once per stored event, as the store's writer): every value in it but the
     * metadata is ASCII that JSON never escapes (a session id's letters, digits, {@code ._-}; a
     * number; a UUID; an ISO instant). Metadata, which may hold anything, goes through Jackson.
     */
    private static byte[] envelopeHead(RecordedEvent event) {
        String fixed = "{\"sessionId\":\"" + event.sessionId().value()
                + "\",\"sequence\":" + event.sequence()
                + ",\"eventId\":\"" + event.eventId()
                + "\",\"recordedAt\":\"" + Instants.format(event.recordedAt()) + "\",";
        byte[] ascii = fixed.getBytes(StandardCharsets.US_ASCII);
        byte[] metadata = metadata(event.metadata());
        byte[] head = new byte[ascii.length + metadata.length + EVENT_FIELD.length];
        System.arraycopy(ascii, 0, head, 0, ascii.length);
        System.arraycopy(metadata, 0, head, ascii.length, metadata.length);
        System.arraycopy(EVENT_FIELD, 0, head, ascii.length + metadata.length, EVENT_FIELD.length);
        return head;
    }

    /** {@code "metadata":{…},}, or nothing when the metadata is empty. */
    private static byte[] metadata(EventMetadata metadata) {
        if (metadata.correlationId() == null && metadata.causationId() == null && metadata.attributes().isEmpty()) {
            return NO_METADATA;
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder(128);
        bytes.write(METADATA_FIELD);
        try (JsonGenerator out = Json.RECORDS.createGenerator(bytes)) {
            out.writeStartObject();
            if (metadata.correlationId() != null) {
                out.writeStringField("correlationId", metadata.correlationId());
            }
            if (metadata.causationId() != null) {
                out.writeStringField("causationId", metadata.causationId());
            }
            if (!metadata.attributes().isEmpty()) {
                EventWriter.writeStringMap(out, "attributes", metadata.attributes());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        bytes.write(',');
        return bytes.toByteArray();
    }

    /** Decodes what {@link #encode} wrote, giving it {@code position}. */
    public Either<DecodeFailure, RecordedEvent> decode(long position, byte[] bytes) {
        return decoding(bytes, in -> decoder.record(position, in, 0, in.length));
    }

    /**
     * Decodes what {@link #encode} wrote from {@code length} bytes at {@code offset} of {@code bytes},
     * giving it {@code position}: for a store that holds several records in one buffer, so it need not
     * copy each out. A range outside {@code bytes} is a {@link DecodeFailure.Malformed}, like bad bytes.
     */
    public Either<DecodeFailure, RecordedEvent> decode(long position, byte[] bytes, int offset, int length) {
        if (bytes != null && (offset < 0 || length < 0 || offset > bytes.length - length)) {
            return Either.left(new DecodeFailure.Malformed("bytes " + offset + " to " + ((long) offset + length)
                    + " are outside the " + bytes.length + " given"));
        }
        return decoding(bytes, in -> decoder.record(position, in, offset, length));
    }


    /** Jackson's own message without the echo of the input, plus where it stopped. */
    /** One decoding step over bytes; it may throw, and {@link #decoding} turns that into a failure. */
    private interface Step<T> {
        T decode(byte[] bytes) throws IOException;
    }

    /** Runs {@code step} so that nothing but a {@link DecodeFailure} comes out of bad bytes. */
    private static <T> Either<DecodeFailure, T> decoding(byte[] bytes, Step<T> step) {
        if (bytes == null) {
            return Either.left(new DecodeFailure.Malformed("no bytes"));
        }
        try {
            return Either.right(step.decode(bytes));
        } catch (DecodeException e) {
            return Either.left(e.failure());
        } catch (IOException e) {
            return Either.left(notJson(e));
        } catch (IllegalArgumentException e) {
            return Either.left(new DecodeFailure.Malformed(DecodeException.shorten(e.getMessage())));
        }
    }

    private static DecodeFailure notJson(IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation location = json.getLocation();
            String where = location == null || location.getByteOffset() < 0 ? ""
                    : " at byte " + location.getByteOffset();
            return new DecodeFailure.Malformed(DecodeException.shorten(json.getOriginalMessage()) + where);
        }
        return new DecodeFailure.Malformed(DecodeException.shorten(e.getMessage()));
    }

    /** Collects the upcasters of a codec. Not thread-safe; the codec it builds is. */
    public static final class Builder {
        private final Map<String, Upcaster> upcasters = new HashMap<>();

        private Builder() {}

        /**
         * Adds an upcaster.
         *
         * @throws IllegalArgumentException when its type is not a known wire name, it does not read an
         *     old version of that type, or an upcaster for the same type and version was added
         */
        public Builder upcaster(Upcaster upcaster) {
            requireArgument(upcaster != null, "upcaster must not be null");
            WireType type = WireType.byWireName(upcaster.type());
            requireArgument(type != null, "no event type has the wire name %s",
                    DecodeException.describeValue(upcaster.type()));
            int from = upcaster.fromVersion();
            requireArgument(from >= 1 && from < type.version, "an upcaster of %s reads a version from 1 to %s, not %s",
                    type.wireName, type.version - 1, from);
            Upcaster previous = upcasters.putIfAbsent(Decoder.key(type.wireName, from), upcaster);
            requireArgument(previous == null, "two upcasters read %s v%s", type.wireName, from);
            return this;
        }

        /** Adds the upcasters that {@link EventCodec#standard()} has. */
        public Builder standardUpcasters() {
            return upcaster(new RetryAfterInMillis());
        }

        /** The codec. */
        public EventCodec build() {
            return new EventCodec(new Decoder(upcasters));
        }
    }
}
