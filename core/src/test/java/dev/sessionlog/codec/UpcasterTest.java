package dev.sessionlog.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.failure.FailureKind;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class UpcasterTest {

    private static final String V1 = "{\"type\":\"model_call_failed\",\"v\":1,\"data\":{\"callId\":\"c1\","
            + "\"kind\":\"overloaded\",\"retryable\":true%s}}";

    private final EventCodec standard = EventCodec.standard();

    @Test
    void v1_retry_after_in_seconds_becomes_milliseconds() {
        assertEquals(Duration.ofSeconds(45), retryAfter(standard.decodeEvent(v1(",\"retry_after_seconds\":45"))));
        assertEquals(Duration.ZERO, retryAfter(standard.decodeEvent(v1(",\"retry_after_seconds\":0"))));
    }

    @Test
    void a_v1_record_without_retry_after_decodes_without_one() {
        assertEquals(Either.right(new ModelCallFailed(CallId.of("c1"), null, null, FailureKind.OVERLOADED, null, null,
                null, null, true)), standard.decodeEvent(v1("")));
        assertEquals(null, retryAfter(standard.decodeEvent(v1(",\"retry_after_seconds\":null"))));
    }

    @Test
    void a_v1_record_whose_data_comes_before_its_version_is_upcast_too() {
        String reordered = "{\"data\":{\"callId\":\"c1\",\"kind\":\"overloaded\",\"retryable\":true,"
                + "\"retry_after_seconds\":7},\"type\":\"model_call_failed\",\"v\":1}";
        assertEquals(Duration.ofSeconds(7), retryAfter(standard.decodeEvent(reordered.getBytes(UTF_8))));
    }

    @Test
    void a_v1_retry_after_that_is_not_whole_seconds_or_overflows_is_malformed() {
        for (String value : new String[] {"\"30\"", "1.5", "-3", "9223372036854775807", "99999999999999999999", "{}"}) {
            Either<DecodeFailure, SessionEvent> decoded = standard.decodeEvent(v1(",\"retry_after_seconds\":" + value));
            assertTrue(decoded.isLeft() && decoded.getLeft() instanceof DecodeFailure.Malformed,
                    () -> value + " gave " + decoded);
        }
    }

    @Test
    void a_codec_without_the_upcaster_names_the_one_missing() {
        Either<DecodeFailure, SessionEvent> decoded = EventCodec.builder().build().decodeEvent(v1(""));
        assertEquals(new DecodeFailure.Malformed("v: no upcaster reads model_call_failed v1"), decoded.getLeft());
    }

    @Test
    void a_custom_upcaster_is_used_in_place_of_the_standard_one() {
        EventCodec codec = EventCodec.builder().upcaster(upcaster("model_call_failed", 1, data -> {
            data.put("retryAfterMs", 1234);
            return data;
        })).build();
        assertEquals(Duration.ofMillis(1234), retryAfter(codec.decodeEvent(v1(""))));
    }

    @Test
    void an_upcaster_that_throws_or_returns_nothing_makes_the_record_malformed() {
        EventCodec throwing = EventCodec.builder().upcaster(upcaster("model_call_failed", 1, data -> {
            throw new IllegalStateException("cannot read this");
        })).build();
        assertEquals(new DecodeFailure.Malformed("data: upcasting model_call_failed v1 failed: cannot read this"),
                throwing.decodeEvent(v1("")).getLeft());
        EventCodec returningNull = EventCodec.builder().upcaster(upcaster("model_call_failed", 1, data -> null)).build();
        assertTrue(returningNull.decodeEvent(v1("")).getLeft() instanceof DecodeFailure.Malformed);
    }

    @Test
    void the_current_version_never_goes_through_an_upcaster() {
        EventCodec codec = EventCodec.builder().upcaster(upcaster("model_call_failed", 1, data -> {
            throw new AssertionError("upcaster called on the current version");
        })).build();
        ModelCallFailed event = ModelCallFailed.of(CallId.of("c1"), "p", "m", FailureKind.TIMEOUT);
        assertEquals(Either.right(event), codec.decodeEvent(codec.encodeEvent(event)));
    }

    @Test
    void the_builder_refuses_upcasters_that_could_never_run_or_clash() {
        assertThrows(IllegalArgumentException.class,
                () -> EventCodec.builder().upcaster(upcaster("ModelCallFailed", 1, UnaryOperator.identity())));
        assertThrows(IllegalArgumentException.class,
                () -> EventCodec.builder().upcaster(upcaster("model_call_failed", 2, UnaryOperator.identity())));
        assertThrows(IllegalArgumentException.class,
                () -> EventCodec.builder().upcaster(upcaster("model_call_failed", 0, UnaryOperator.identity())));
        assertThrows(IllegalArgumentException.class,
                () -> EventCodec.builder().upcaster(upcaster("session_ended", 1, UnaryOperator.identity())));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.builder().standardUpcasters()
                .upcaster(upcaster("model_call_failed", 1, UnaryOperator.identity())));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.builder().upcaster(null));
    }

    private static byte[] v1(String extraFields) {
        return String.format(V1, extraFields).getBytes(UTF_8);
    }

    private static Duration retryAfter(Either<DecodeFailure, SessionEvent> decoded) {
        return ((ModelCallFailed) decoded.getOrElseThrow(f -> new AssertionError(f.describe()))).retryAfter();
    }

    private static Upcaster upcaster(String type, int fromVersion, UnaryOperator<ObjectNode> upcast) {
        return new Upcaster() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public int fromVersion() {
                return fromVersion;
            }

            @Override
            public ObjectNode upcast(ObjectNode data) {
                return upcast.apply(data);
            }
        };
    }
}
