package dev.sessionlog.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.testing.RandomEvents;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever bytes come in, decoding answers with a value: an event or a typed failure, never an exception. */
class EventCodecHostileInputTest {

    private static final long SEED = 424242L;
    private static final String ENDED = "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\"}}";
    private static final String ENVELOPE = "{\"sessionId\":\"s-1\",\"sequence\":1,"
            + "\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\",\"recordedAt\":\"2026-11-24T21:00:00Z\",\"event\":%s}";

    private final EventCodec codec = EventCodec.standard();

    @Test
    void random_bytes_decode_to_a_failure() {
        Random random = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[0] = '{';
            }
            assertTrue(codec.decodeEvent(bytes).isLeft());
            assertTrue(codec.decode(i, bytes).isLeft());
        }
    }

    @Test
    void every_truncation_of_a_valid_record_is_malformed() {
        for (byte[] whole : smallRecords()) {
            for (int length = 0; length < whole.length; length++) {
                Either<DecodeFailure, RecordedEvent> decoded = codec.decode(1, Arrays.copyOf(whole, length));
                int at = length;
                assertTrue(decoded.isLeft(), () -> "decoded a record cut at " + at + ": " + new String(whole, UTF_8));
                assertInstanceOf(DecodeFailure.Malformed.class, decoded.getLeft());
            }
        }
    }

    @Test
    void flipped_bits_decode_to_an_event_or_a_failure_never_an_exception() {
        Random random = new Random(SEED);
        for (byte[] whole : smallRecords()) {
            for (int i = 0; i < 300; i++) {
                byte[] damaged = whole.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                }
                Either<DecodeFailure, RecordedEvent> decoded = codec.decode(1, damaged);
                assertNotNull(decoded.isRight() ? codec.encode(decoded.get()) : decoded.getLeft().describe());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "null", "[]", "42", "\"text\"", "{", "{}", "{\"type\":null}",
        "{\"type\":\"session_ended\",\"v\":1}",
        "{\"type\":\"session_ended\",\"data\":{\"reason\":\"reset\"}}",
        "{\"v\":1,\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"gone\"}}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"RESET\"}}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":5}}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{}}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":[]}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":null}",
        "{\"type\":\"session_ended\",\"v\":\"1\",\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":\"session_ended\",\"v\":1.0,\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":\"session_ended\",\"v\":0,\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":\"session_ended\",\"v\":-1,\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":\"session_ended\",\"v\":99999999999999999999999,\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":5,\"v\":1,\"data\":{\"reason\":\"reset\"}}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\"}} x",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\"}}{}",
        "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\"},}",
        "{'type':'session_ended','v':1,'data':{'reason':'reset'}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"c\",\"provider\":\"p\",\"model\":\"m\",\"attempt\":0}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"c\",\"provider\":\"p\",\"model\":\"m\"}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"c\",\"provider\":\"p\",\"model\":\"m\",\"attempt\":1e3}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"c\\u0001\",\"provider\":\"p\",\"model\":\"m\",\"attempt\":1}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\" \",\"provider\":\"p\",\"model\":\"m\",\"attempt\":1}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"c\",\"provider\":\"p\",\"model\":\"m\",\"attempt\":1,"
                + "\"deadline\":\"tomorrow\"}}",
        "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"c\",\"provider\":\"p\",\"model\":\"m\",\"attempt\":1,"
                + "\"deadline\":\"2026-13-45T99:00:00Z\"}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[],\"stopReason\":\"stop\","
                + "\"usage\":{\"costTotal\":1e999999}}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[],\"stopReason\":\"stop\","
                + "\"usage\":{\"inputTokens\":-1}}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":{},\"stopReason\":\"stop\","
                + "\"usage\":{}}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[{\"type\":\"audio\"}],"
                + "\"stopReason\":\"stop\",\"usage\":{}}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[\"hello\"],"
                + "\"stopReason\":\"stop\",\"usage\":{}}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[{\"type\":\"tool_call\","
                + "\"id\":\"t\",\"name\":\"n\",\"arguments\":{},\"argumentsText\":\"{}\"}],\"stopReason\":\"stop\",\"usage\":{}}}",
        "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[{\"type\":\"image\","
                + "\"mimeType\":\"image/png\"}],\"stopReason\":\"stop\",\"usage\":{}}}",
        "{\"type\":\"user_message_received\",\"v\":1,\"data\":{\"content\":[]}}",
        "{\"type\":\"model_call_failed\",\"v\":2,\"data\":{\"callId\":\"c\",\"kind\":\"rate_limited\",\"retryable\":true,"
                + "\"retryAfterMs\":-5}}",
        "{\"type\":\"model_call_failed\",\"v\":2,\"data\":{\"callId\":\"c\",\"kind\":\"rate_limited\",\"retryable\":\"yes\"}}",
        "{\"type\":\"model_call_failed\",\"v\":2,\"data\":{\"callId\":\"c\",\"kind\":\"rate_limited\",\"retryable\":true,"
                + "\"httpStatus\":4294967296}}",
        "{\"type\":\"settings_changed\",\"v\":1,\"data\":{}}",
        "{\"type\":\"settings_changed\",\"v\":1,\"data\":{\"other\":{\"a\":1}}}",
        "{\"type\":\"transcript_compacted\",\"v\":1,\"data\":{\"summary\":\"s\",\"firstKeptSequence\":0,\"tokensBefore\":1}}",
        "{\"type\":\"custom_entry_recorded\",\"v\":1,\"data\":{\"customType\":\"x\"}}",
    })
    void a_hostile_or_invalid_event_is_malformed(String json) {
        assertMalformed(codec.decodeEvent(json.getBytes(UTF_8)), json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"sessionId\":\"../etc\",\"sequence\":1,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":0,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":1,\"eventId\":\"not-a-uuid\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":1,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6fff\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":1,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":1732482000,\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":1,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\"}",
        "{\"sessionId\":\"s-1\",\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":1,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"metadata\":[],\"event\":" + ENDED + "}",
        "{\"sessionId\":\"s-1\",\"sequence\":1,\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\","
                + "\"recordedAt\":\"2026-11-24T21:00:00Z\",\"metadata\":{\"attributes\":{\"a\":true}},\"event\":" + ENDED + "}",
    })
    void a_hostile_or_invalid_envelope_is_malformed(String json) {
        assertMalformed(codec.decode(1, json.getBytes(UTF_8)), json);
    }

    @Test
    void more_metadata_attributes_than_allowed_are_malformed() {
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i <= EventMetadata.MAX_ATTRIBUTES; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        String json = String.format(ENVELOPE, ENDED).replace("\"event\":", "\"metadata\":{\"attributes\":{" + attributes
                + "}},\"event\":");
        assertMalformed(codec.decode(1, json.getBytes(UTF_8)), "65 attributes");
    }

    @Test
    void deep_nesting_is_refused_by_the_parser_without_a_stack_overflow() {
        String deep = "[".repeat(100_000);
        for (String json : List.of("{\"a\":" + deep, "{\"type\":\"custom_entry_recorded\",\"v\":1,\"data\":{\"customType\":\"x\",\"data\":"
                + deep, "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"reset\",\"extra\":" + deep,
                "{\"data\":{\"x\":" + deep)) {
            Either<DecodeFailure, SessionEvent> decoded = codec.decodeEvent(json.getBytes(UTF_8));
            assertMalformed(decoded, "deep nesting");
            assertTrue(decoded.getLeft().describe().toLowerCase().contains("nesting depth"), decoded.getLeft().describe());
        }
    }

    @Test
    void a_number_with_thousands_of_digits_is_refused_without_being_converted() {
        String digits = "9".repeat(100_000);
        for (String json : List.of(
                "{\"type\":\"session_ended\",\"v\":" + digits + ",\"data\":{\"reason\":\"reset\"}}",
                "{\"type\":\"custom_entry_recorded\",\"v\":1,\"data\":{\"customType\":\"x\",\"data\":[" + digits + "]}}",
                "{\"type\":\"custom_entry_recorded\",\"v\":1,\"data\":{\"customType\":\"x\",\"data\":0." + digits + "}}")) {
            assertMalformed(codec.decodeEvent(json.getBytes(UTF_8)), "long number");
        }
    }

    @Test
    void invalid_utf8_is_malformed() {
        byte[] bytes = ENDED.replace("reset", "rX").getBytes(UTF_8);
        bytes[ENDED.indexOf("reset") + 1] = (byte) 0xC3;
        assertMalformed(codec.decodeEvent(bytes), "invalid UTF-8");
        assertMalformed(codec.decodeEvent(new byte[64]), "NUL bytes");
        assertMalformed(codec.decodeEvent(null), "null");
        assertMalformed(codec.decode(1, null), "null");
    }

    @Test
    void a_failure_reason_never_echoes_a_huge_value() {
        String huge = "x".repeat(1_000_000);
        for (String json : List.of(
                "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":\"" + huge + "\"}}",
                "{\"type\":\"model_call_started\",\"v\":1,\"data\":{\"callId\":\"" + huge + "\",\"provider\":\"p\","
                        + "\"model\":\"m\",\"attempt\":1}}",
                "{\"type\":\"session_ended\",\"v\":1,\"data\":{\"reason\":" + huge + "}}")) {
            Either<DecodeFailure, SessionEvent> decoded = codec.decodeEvent(json.getBytes(UTF_8));
            assertMalformed(decoded, "huge value");
            assertTrue(decoded.getLeft().describe().length() < 400, decoded.getLeft().describe());
        }
    }

    @Test
    void a_failure_names_the_event_type_and_field() {
        Either<DecodeFailure, SessionEvent> decoded = codec.decodeEvent(("{\"type\":\"model_call_completed\",\"v\":1,"
                + "\"data\":{\"callId\":\"c\",\"content\":[{\"type\":\"text\",\"text\":7}],\"stopReason\":\"stop\","
                + "\"usage\":{}}}").getBytes(UTF_8));
        assertEquals(new DecodeFailure.Malformed("model_call_completed.content[0].text: expected a string, found an integer"),
                decoded.getLeft());
    }

    @Test
    void a_failure_inside_any_content_block_names_that_block() {
        String completed = "{\"type\":\"model_call_completed\",\"v\":1,\"data\":{\"callId\":\"c\",\"content\":[%s],"
                + "\"stopReason\":\"stop\",\"usage\":{}}}";
        String text = "{\"type\":\"text\",\"text\":\"hi\"}";
        Map<String, String> reasons = Map.of(
                text + ",\"hello\"", "content[1]: expected an object, found a string",
                text + "," + text + ",{\"text\":\"no type\"}", "content[2].type: missing",
                "{\"type\":\"image\"}", "content[0].mimeType: missing",
                "{\"type\":\"tool_call\",\"id\":\"t\",\"name\":\"n\",\"arguments\":{},\"argumentsText\":\"{}\"}",
                "content[0].arguments: given both embedded and as argumentsText",
                text + ",{\"type\":\"audio\"}", "content[1].type: unknown content block type \"audio\"");
        reasons.forEach((blocks, reason) -> assertEquals(
                Either.left(new DecodeFailure.Malformed("model_call_completed." + reason)),
                codec.decodeEvent(String.format(completed, blocks).getBytes(UTF_8)).map(SessionEvent.class::cast), blocks));
    }

    @Test
    void a_record_inside_a_larger_buffer_decodes_as_it_does_alone_and_no_byte_outside_its_range_is_read() {
        byte[] junk = "{\"sessionId\":\"other\"} ]]]\u0000".getBytes(UTF_8);
        for (byte[] whole : smallRecords()) {
            byte[] buffer = new byte[junk.length + whole.length + junk.length];
            System.arraycopy(junk, 0, buffer, 0, junk.length);
            System.arraycopy(whole, 0, buffer, junk.length, whole.length);
            System.arraycopy(junk, 0, buffer, junk.length + whole.length, junk.length);
            assertEquals(codec.decode(3, whole), codec.decode(3, buffer, junk.length, whole.length));
            for (int length = 0; length < whole.length; length++) {
                assertMalformed(codec.decode(3, buffer, junk.length, length), "cut at " + length);
            }
        }
    }

    @Test
    void a_range_outside_the_bytes_is_malformed_not_thrown() {
        byte[] record = codec.encode(GoldenEvents.RECORD);
        int n = record.length;
        int[][] ranges = {{-1, n}, {0, -1}, {1, n}, {n + 1, 0}, {0, n + 1}, {Integer.MAX_VALUE, 1}, {1, Integer.MAX_VALUE},
            {Integer.MIN_VALUE, n}};
        for (int[] range : ranges) {
            assertMalformed(codec.decode(1, record, range[0], range[1]), Arrays.toString(range));
        }
        assertMalformed(codec.decode(1, null, 0, 0), "null bytes");
        assertMalformed(codec.decode(1, record, n, 0), "an empty range at the end");
    }

    @Test
    void a_decoded_session_id_is_always_the_records_own_whatever_was_decoded_before() {
        List<String> written = List.of("s-1", "S-1", "s-2", "s-1", "s-10", "../etc", "s-1", "s-1.", "S-2");
        for (String sessionId : written) {
            byte[] bytes = String.format(ENVELOPE, ENDED).replace("\"s-1\"", "\"" + sessionId + "\"").getBytes(UTF_8);
            Either<DecodeFailure, RecordedEvent> decoded = codec.decode(1, bytes);
            if (SessionId.isValid(sessionId)) {
                assertEquals(sessionId.toLowerCase(Locale.ROOT), decoded.get().sessionId().value());
            } else {
                assertMalformed(decoded, sessionId);
            }
        }
    }

    @Test
    void threads_decoding_records_of_different_sessions_at_once_each_get_their_records_session() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String sessionId = "s-" + t;
                byte[] bytes = String.format(ENVELOPE, ENDED).replace("\"s-1\"", "\"" + sessionId + "\"").getBytes(UTF_8);
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 5_000; i++) {
                        if (!codec.decode(i, bytes).get().sessionId().value().equals(sessionId)) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void an_unknown_type_is_reported_as_unknown_not_malformed() {
        String unknown = "{\"type\":\"audio_received\",\"v\":1,\"data\":{\"whatever\":[1,2,{}]}}";
        assertEquals(Either.left(new DecodeFailure.UnknownType("audio_received")), codec.decodeEvent(unknown.getBytes(UTF_8)));
        assertEquals(Either.left(new DecodeFailure.UnknownType("audio_received")),
                codec.decode(1, String.format(ENVELOPE, unknown).getBytes(UTF_8)));
        String javaName = "{\"type\":\"SessionEnded\",\"v\":1,\"data\":{\"reason\":\"reset\"}}";
        assertEquals(Either.left(new DecodeFailure.UnknownType("SessionEnded")), codec.decodeEvent(javaName.getBytes(UTF_8)));
    }

    @Test
    void a_newer_version_is_reported_as_unsupported() {
        String newer = "{\"type\":\"session_ended\",\"v\":2,\"data\":{\"reason\":\"reset\",\"by\":\"admin\"}}";
        assertEquals(Either.left(new DecodeFailure.UnsupportedVersion("session_ended", 2, 1)),
                codec.decodeEvent(newer.getBytes(UTF_8)));
        String failed = "{\"type\":\"model_call_failed\",\"v\":3,\"data\":{}}";
        assertEquals(Either.left(new DecodeFailure.UnsupportedVersion("model_call_failed", 3, 2)),
                codec.decode(1, String.format(ENVELOPE, failed).getBytes(UTF_8)));
    }

    @Test
    void fields_may_come_in_any_order_and_unknown_fields_are_skipped() {
        String reordered = "{\"extra\":{\"deep\":[1,{\"a\":null}]},\"data\":{\"note\":[],\"reason\":\"expired\"},"
                + "\"v\":1,\"type\":\"session_ended\"}";
        assertEquals(Either.right(new SessionEnded(SessionEnded.Reason.EXPIRED)), codec.decodeEvent(reordered.getBytes(UTF_8)));
        String envelope = "{\"event\":" + ENDED + ",\"recordedAt\":\"2026-11-24T21:00:00Z\",\"future\":true,"
                + "\"eventId\":\"0b6f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f\",\"sequence\":3,\"sessionId\":\"S-1\"}";
        RecordedEvent record = codec.decode(8, envelope.getBytes(UTF_8)).get();
        assertEquals(List.of(8L, "s-1", 3L), List.of(record.position(), record.sessionId().value(), record.sequence()));
    }

    @Test
    void an_embedded_json_text_the_decoder_would_refuse_is_stored_verbatim_instead() {
        for (String data : List.of("[".repeat(Json.MAX_EMBEDDED_DEPTH + 1) + "]".repeat(Json.MAX_EMBEDDED_DEPTH + 1),
                "[" + "1".repeat(Json.MAX_NUMBER_LENGTH + 1) + "]")) {
            CustomEntryRecorded event = new CustomEntryRecorded("x", data);
            byte[] bytes = codec.encodeEvent(event);
            assertTrue(new String(bytes, UTF_8).contains("\"dataText\""));
            assertEquals(Either.right(event), codec.decodeEvent(bytes));
        }
        String deepestEmbedded = "[".repeat(Json.MAX_EMBEDDED_DEPTH) + "]".repeat(Json.MAX_EMBEDDED_DEPTH);
        CustomEntryRecorded deepest = new CustomEntryRecorded("x", deepestEmbedded);
        byte[] bytes = codec.encode(new RecordedEvent(1, dev.sessionlog.SessionId.of("s"), 1,
                dev.sessionlog.EventId.random(), java.time.Instant.EPOCH, deepest, null));
        assertTrue(new String(bytes, UTF_8).contains("\"data\":[[["));
        assertEquals(deepest, codec.decode(1, bytes).get().event());
    }

    /** Encoded records small enough to cut at every length: the goldens and random ones under 2 KB. */
    private List<byte[]> smallRecords() {
        List<byte[]> records = new ArrayList<>();
        records.add(codec.encode(GoldenEvents.RECORD));
        RandomEvents events = new RandomEvents(SEED);
        while (records.size() < 40) {
            byte[] bytes = codec.encode(events.recorded());
            if (bytes.length < 2048) {
                records.add(bytes);
            }
        }
        return records;
    }

    private static void assertMalformed(Either<DecodeFailure, ?> decoded, String input) {
        assertTrue(decoded.isLeft(), () -> "decoded " + input);
        assertInstanceOf(DecodeFailure.Malformed.class, decoded.getLeft(), () -> input + " gave " + decoded.getLeft());
    }
}
