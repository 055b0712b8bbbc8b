package dev.sessionlog.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.testing.RandomEvents;
import io.vavr.control.Either;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecRoundTripTest {

    private static final long SEED = 20261124L;
    private static final ObjectMapper JSON = new ObjectMapper(Json.RECORDS);

    private final EventCodec codec = EventCodec.standard();

    @Test
    void the_generator_makes_every_event_type() {
        assertEquals(Set.of(SessionEvent.class.getPermittedSubclasses()), Set.copyOf(RandomEvents.TYPES));
    }

    @Test
    void every_generated_event_decodes_to_an_equal_event() {
        RandomEvents events = new RandomEvents(SEED);
        for (int i = 0; i < 3_000; i++) {
            SessionEvent event = events.event(RandomEvents.TYPES.get(i % RandomEvents.TYPES.size()));
            Either<DecodeFailure, SessionEvent> decoded = codec.decodeEvent(codec.encodeEvent(event));
            assertDecodedTo(event, decoded, "iteration " + i + " of seed " + SEED);
        }
    }

    @Test
    void every_generated_record_decodes_to_an_equal_record_at_the_position_given() {
        RandomEvents events = new RandomEvents(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            RecordedEvent record = events.recorded();
            Either<DecodeFailure, RecordedEvent> decoded = codec.decode(record.position(), codec.encode(record));
            assertDecodedTo(record, decoded, "iteration " + i + " of seed " + (SEED + 1));
        }
    }

    /**
     * Data before its type goes through the tree path that upcasters use. Numbers in embedded JSON
     * keep their value there but may change notation ({@code 1.5E17} becomes {@code 150000000000000000}),
     * so this compares JSON values, numbers by value, not texts.
     */
    @Test
    void data_that_comes_before_its_type_decodes_to_the_same_values() throws IOException {
        ObjectMapper exact = new ObjectMapper(Json.RECORDS)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        RandomEvents events = new RandomEvents(SEED + 2);
        for (int i = 0; i < 500; i++) {
            SessionEvent event = events.event(RandomEvents.TYPES.get(i % RandomEvents.TYPES.size()));
            String encoded = new String(codec.encodeEvent(event), java.nio.charset.StandardCharsets.UTF_8);
            int dataStart = encoded.indexOf(",\"data\":");
            String reordered = "{" + encoded.substring(dataStart + 1, encoded.length() - 1) + ","
                    + encoded.substring(1, dataStart) + "}";
            Either<DecodeFailure, SessionEvent> decoded = codec.decodeEvent(reordered.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(decoded.isRight(), () -> decoded.getLeft().describe());
            assertEquals(event.getClass(), decoded.get().getClass());
            JsonNode expected = exact.readTree(encoded);
            JsonNode actual = exact.readTree(codec.encodeEvent(decoded.get()));
            assertTrue(expected.equals(EventCodecRoundTripTest::compareNumbersByValue, actual), "iteration " + i);
        }
    }

    @Test
    void one_codec_serves_many_threads_at_once() throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = SEED + 10 + t;
                results.add(threads.submit(() -> {
                    RandomEvents events = new RandomEvents(seed);
                    for (int i = 0; i < 300; i++) {
                        RecordedEvent record = events.recorded();
                        assertDecodedTo(record, codec.decode(record.position(), codec.encode(record)), "seed " + seed);
                    }
                    return 300;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertEquals(300, result.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void equal_events_encode_to_equal_bytes_whatever_the_order_of_their_maps() {
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("key" + i, "v" + i);
            backward.put("key" + (19 - i), "v" + (19 - i));
        }
        assertArrayEquals(codec.encodeEvent(new SettingsChanged(null, null, null, forward)),
                codec.encodeEvent(new SettingsChanged(null, null, null, backward)));
        RecordedEvent first = record(EventMetadata.attributes(forward));
        RecordedEvent second = record(EventMetadata.attributes(backward));
        assertArrayEquals(codec.encode(first), codec.encode(second));
    }

    @Test
    void json_text_fields_are_embedded_as_json_values_not_as_strings() throws IOException {
        SessionEvent event = new ModelCallCompleted(CallId.of("c1"),
                List.of(new ContentBlock.ToolCall("t1", "read", "{\"path\":\"/tmp/a\",\"lines\":[1,2]}")), null, null);
        JsonNode arguments = JSON.readTree(codec.encodeEvent(event)).at("/data/content/0/arguments");
        assertTrue(arguments.isObject(), () -> "arguments were written as " + arguments);
        assertEquals("/tmp/a", arguments.get("path").asText());
    }

    @Test
    void json_text_comes_back_compact_with_its_numbers_as_written() {
        CustomEntryRecorded loose = new CustomEntryRecorded("ext.state", " { \"a\" : [ 1.10 , 2E+3, -0 ],\n \"b\": null } ");
        assertEquals(Either.right(new CustomEntryRecorded("ext.state", "{\"a\":[1.10,2E+3,-0],\"b\":null}")),
                codec.decodeEvent(codec.encodeEvent(loose)));
    }

    @Test
    void a_json_text_that_is_not_json_is_kept_verbatim() throws IOException {
        for (String notJson : List.of("", "   ", "{\"a\":", "{} {}", "[1,]", "undefined", "{'a':1}", "\"\\q\"",
                "[".repeat(10_000) + "]".repeat(10_000))) {
            ContentBlock.ToolCall call = new ContentBlock.ToolCall("t1", "run", notJson);
            SessionEvent event = new ModelCallCompleted(CallId.of("c1"), List.of(call), null, null);
            byte[] bytes = codec.encodeEvent(event);
            assertEquals(notJson, JSON.readTree(bytes).at("/data/content/0/argumentsText").asText());
            assertEquals(Either.right(event), codec.decodeEvent(bytes));
        }
    }

    @Test
    void json_null_text_and_a_missing_text_stay_distinct() {
        for (String data : List.of("null", "\"null\"", "0", "[]", "{}", "\"\"")) {
            CustomEntryRecorded event = new CustomEntryRecorded("t", data);
            assertEquals(Either.right(event), codec.decodeEvent(codec.encodeEvent(event)));
        }
    }

    @Test
    void retry_after_is_stored_in_whole_milliseconds() throws IOException {
        ModelCallFailed failed = new ModelCallFailed(CallId.of("c1"), "anthropic", "m", FailureKind.RATE_LIMITED, 429,
                null, Duration.ofMillis(1500).plusNanos(999), null, true);
        byte[] bytes = codec.encodeEvent(failed);
        assertEquals(1500, JSON.readTree(bytes).at("/data/retryAfterMs").asLong());
        assertEquals(Duration.ofMillis(1500), codec.decodeEvent(bytes).map(e -> ((ModelCallFailed) e).retryAfter()).get());
    }

    @Test
    void a_retry_after_too_long_for_milliseconds_is_refused_at_encoding() {
        ModelCallFailed failed = new ModelCallFailed(CallId.of("c1"), null, null, FailureKind.RATE_LIMITED, null,
                null, Duration.ofSeconds(Long.MAX_VALUE), null, true);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> codec.encodeEvent(failed));
        assertTrue(e.getMessage().contains("retry-after"), e.getMessage());
    }

    /**
     * A provider message is redacted and cut when the event is made, and again when it is read
     * back: wherever the cut falls around a secret or a short value, the second time must change
     * nothing.
     */
    @Test
    void a_provider_message_cut_near_a_secret_reads_back_unchanged() {
        for (String tail : List.of("api_key=abcde fgh", "api_key=sk-abcdefghijklmnop rest", "x-api-key: 'abcdefghij'",
                "Authorization: Bearer abcdefghijklmnop", "key sk-ant-abcdefghijkl and AIzaSyA1234567890abcdefghijkl")) {
            for (int shift = 0; shift <= tail.length() + 2; shift++) {
                String message = "m".repeat(ModelCallFailed.MAX_MESSAGE_LENGTH - shift) + tail;
                ModelCallFailed failed = new ModelCallFailed(CallId.of("c1"), null, null, FailureKind.AUTH, 401, null,
                        null, message, false);
                assertDecodedTo(failed, codec.decodeEvent(codec.encodeEvent(failed)), tail + " shifted " + shift);
            }
        }
    }

    @Test
    void costs_keep_every_bit_of_their_double() {
        for (double cost : new double[] {0.1 + 0.2, Double.MIN_VALUE, Double.MAX_VALUE, 1e-300, 123456.789}) {
            SessionEvent event = new ModelCallCompleted(CallId.of("c1"), List.of(), new Usage(1, 2, 3, 4, 10, cost), "stop");
            assertEquals(Either.right(event), codec.decodeEvent(codec.encodeEvent(event)));
        }
    }

    @Test
    void extreme_instants_survive() {
        for (Instant at : List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("+12345-01-01T00:00:00.000000001Z"))) {
            RecordedEvent record = new RecordedEvent(0, SessionId.of("s"), 1, new EventId(UUID.randomUUID()), at,
                    new SettingsChanged(null, "m", null, null), EventMetadata.EMPTY);
            assertEquals(Either.right(record), codec.decode(0, codec.encode(record)));
        }
    }

    private static int compareNumbersByValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    }

    /** Says why decoding failed rather than printing two megabyte-long events. */
    private static <T> void assertDecodedTo(T expected, Either<DecodeFailure, T> decoded, String context) {
        if (decoded.isLeft()) {
            throw new AssertionError(context + ": " + decoded.getLeft().describe());
        }
        if (!expected.equals(decoded.get())) {
            assertEquals(expected.toString(), decoded.get().toString(), context);
            throw new AssertionError(context + ": decoded an unequal event with the same text: " + expected);
        }
    }

    private static RecordedEvent record(EventMetadata metadata) {
        return new RecordedEvent(5, SessionId.of("s-1"), 1, new EventId(new UUID(1, 2)), Instant.EPOCH,
                new SettingsChanged(null, null, null, new TreeMap<>(Map.of("a", "b"))), metadata);
    }
}
