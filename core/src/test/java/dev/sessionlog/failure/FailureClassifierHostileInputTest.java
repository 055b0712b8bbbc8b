package dev.sessionlog.failure;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever a provider, a proxy or a corrupted log hands the classifier, it answers and never throws. */
class FailureClassifierHostileInputTest {
    private static final int TEN_MB = 10 * 1024 * 1024;
    private final FailureClassifier classifier = FailureClassifier.standard();

    private static ProviderError message(String text) {
        return new ProviderError(null, null, null, text, null, null);
    }

    @Test
    void a_null_error_is_unknown() {
        assertEquals(FailureKind.UNKNOWN, classifier.classify(null));
        assertEquals(Classification.of(FailureKind.UNKNOWN), classifier.analyze(null));
    }

    @Test
    void an_error_with_every_field_null_is_unknown() {
        Classification classification = classifier.analyze(new ProviderError(null, null, null, null, null, null));
        assertEquals(Classification.of(FailureKind.UNKNOWN), classification);
    }

    @Test
    void a_ten_megabyte_message_is_classified_from_its_start() {
        String huge = "429 {\"error\":{\"type\":\"rate_limit_error\",\"message\":\"" + "a".repeat(TEN_MB) + "\"}}";
        Classification classification = classifier.analyze(message(huge));
        assertEquals(FailureKind.RATE_LIMITED, classification.kind());
        assertEquals(429, classification.httpStatus());
    }

    @Test
    void wording_beyond_the_inspected_window_is_not_read() {
        String late = "x".repeat(TEN_MB) + " prompt is too long";
        assertEquals(FailureKind.UNKNOWN, classifier.classify(message(late)));
    }

    @Test
    void binary_garbage_is_unknown() {
        byte[] bytes = new byte[1 << 20];
        new Random(42).nextBytes(bytes);
        String garbage = new String(bytes, StandardCharsets.ISO_8859_1);
        assertNotNull(assertDoesNotThrow(() -> classifier.analyze(message(garbage))).kind());
        String controls = "\u0000\u0001{\u0000\"error\u0000\":\uFFFF\uD800";
        assertEquals(FailureKind.UNKNOWN, classifier.classify(message(controls)));
    }

    @Test
    void deeply_nested_json_is_not_parsed_and_does_not_throw() {
        String deep = "{\"error\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertEquals(FailureKind.UNKNOWN, classifier.classify(message(deep)));
        String deepArrays = "[".repeat(500_000);
        assertEquals(FailureKind.UNKNOWN, classifier.classify(message(deepArrays)));
        // deep nesting after a useful status still gives the status
        assertEquals(FailureKind.OVERLOADED, classifier.classify(message("529 " + deep)));
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of("{\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overl", FailureKind.OVERLOADED),
                Arguments.of("{\"error\": null}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\": 42}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\": [1,2,3]}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\":{\"code\":1e309,\"status\":[]}}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\":{\"code\":99999999999999999999999999999999999999}}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\":{\"code\":-429}}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\":{\"code\":\"" + "x".repeat(100_000) + "\"}}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\":{\"details\":[{\"retryDelay\":\"99999999999999h\"}]}}", FailureKind.UNKNOWN),
                Arguments.of("{\"error\":\"Invalid API key\"}", FailureKind.AUTH),
                Arguments.of("}{][", FailureKind.UNKNOWN),
                Arguments.of("{".repeat(70_000), FailureKind.UNKNOWN));
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformed_json_falls_back_to_the_text(String body, FailureKind expected) {
        assertEquals(expected, classifier.classify(message(body)));
    }

    @Test
    void an_absurd_retry_delay_is_ignored() {
        String body = "{\"error\":{\"code\":429,\"details\":[{\"retryDelay\":\"999999999h\"}]}}";
        Classification classification = classifier.analyze(message(body));
        assertEquals(FailureKind.RATE_LIMITED, classification.kind());
        assertNull(classification.retryAfter());
    }

    @Test
    void hostile_exception_type_names_are_ignored() {
        for (String type : new String[] {"", " ", "java.", "..", "java.lang.Runtime", "<script>",
                "java.net.SocketTimeoutException\u0000", "a".repeat(1_000_000), "java/net/ConnectException"}) {
            assertEquals(FailureKind.UNKNOWN, classifier.classify(new ProviderError(null, null, null, null, type, null)),
                    type.length() > 40 ? type.substring(0, 40) : type);
        }
    }

    @Test
    void hostile_codes_are_not_reported() {
        Classification classification = classifier.analyze(
                new ProviderError(null, null, "rate limit\u0000" + "x".repeat(10_000), null, null, null));
        assertNull(classification.errorCode());
    }

    @Test
    void a_regex_bomb_does_not_hang() {
        String bomb = "model " + "a".repeat(200_000) + " try again in " + "1".repeat(200_000)
                + " retry after " + "9 ".repeat(50_000) + " input token count" + " ".repeat(100_000);
        assertDoesNotThrow(() -> classifier.analyze(message(bomb)));
    }
}
