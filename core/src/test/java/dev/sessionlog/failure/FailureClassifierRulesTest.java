package dev.sessionlog.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules that are decisions rather than transcriptions of a provider's error, and the retry hints. */
class FailureClassifierRulesTest {
    private final FailureClassifier classifier = FailureClassifier.standard();

    private Classification analyze(Integer status, String code, String message) {
        return classifier.analyze(new ProviderError("anthropic", status, code, message, null, null));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "400, INVALID_REQUEST", "401, AUTH", "402, BILLING", "403, AUTH", "404, MODEL_NOT_FOUND", "407, NETWORK",
        "408, TIMEOUT", "409, INVALID_REQUEST", "413, CONTEXT_OVERFLOW", "422, INVALID_REQUEST", "429, RATE_LIMITED",
        "500, TIMEOUT", "502, TIMEOUT", "503, OVERLOADED", "504, TIMEOUT", "524, TIMEOUT", "529, OVERLOADED",
        "200, UNKNOWN", "302, UNKNOWN", "0, UNKNOWN", "-1, UNKNOWN", "999, UNKNOWN",
    })
    void a_bare_status_maps_to_its_kind(int status, FailureKind expected) {
        assertEquals(expected, analyze(status, null, null).kind());
    }

    @Test
    void a_429_saying_quota_is_quota_but_a_429_naming_a_per_minute_window_is_a_rate_limit() {
        assertEquals(FailureKind.QUOTA_EXCEEDED, analyze(429, null, "Quota exceeded for this project.").kind());
        assertEquals(FailureKind.RATE_LIMITED,
                analyze(429, null, "Quota exceeded for metric requests per minute, limit: 15").kind());
        assertEquals(FailureKind.RATE_LIMITED, analyze(429, null, "Too many requests").kind());
    }

    @Test
    void a_402_is_billing_whatever_it_says() {
        assertEquals(FailureKind.BILLING, analyze(402, null, "Payment Required").kind());
        assertEquals(FailureKind.BILLING, analyze(402, null, "you have run out of quota").kind());
    }

    @Test
    void the_given_status_wins_over_one_in_the_text() {
        Classification classification = analyze(503, null, "429 something");
        assertEquals(503, classification.httpStatus());
        assertEquals(FailureKind.OVERLOADED, classification.kind());
    }

    @Test
    void the_given_code_comes_first_and_is_lower_cased() {
        Classification classification = analyze(null, "  Overloaded_Error ",
                "{\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}");
        assertEquals("overloaded_error", classification.errorCode());
        assertEquals(FailureKind.OVERLOADED, classification.kind());
    }

    @Test
    void a_given_code_in_words_is_kept_and_read() {
        Classification classification = analyze(null, "Insufficient Quota", null);
        assertEquals("insufficient quota", classification.errorCode());
        assertEquals(FailureKind.QUOTA_EXCEEDED, classification.kind());
    }

    @Test
    void a_given_retry_after_wins_over_the_text() {
        ProviderError error = ProviderError.http("anthropic", 429, "Please try again in 20s.")
                .withRetryAfter(Duration.ofSeconds(42));
        assertEquals(Duration.ofSeconds(42), classifier.analyze(error).retryAfter());
        assertEquals(Duration.ofSeconds(20),
                classifier.analyze(ProviderError.http("anthropic", 429, "Please try again in 20s.")).retryAfter());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Please try again in 20s.| 20000",
        "Please try again in 1.5s.| 1500",
        "try again in 250ms| 250",
        "Please try again in 6m0s.| 360000",
        "Please try again in 7m12.5s.| 432500",
        "Please try again in 1h2m3s.| 3723000",
        "Retry after 30 seconds| 30000",
        "retry after 2 minutes, please| 120000",
        "You can retry in about 1 hour| 3600000",
        "Please retry in 17.683213179s.| 17683",
        "'{\"retryDelay\": \"17s\"}'| 17000",
        "retry-after: 30| 30000",
        "Retry-After=5| 5000",
    })
    void a_retry_hint_is_read_from_the_text(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), analyze(429, null, text).retryAfter());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Please try again later.",
        "try again in a moment",
        "retry after 30",
        "retry after 99999999 hours",
        "retry-after: 99999999999999999999",
        "try again in .5s",
        "retry after -5 seconds",
        "retry in 5 parsecs",
    })
    void no_retry_hint_is_made_up(String text) {
        assertNull(analyze(429, null, text).retryAfter());
    }

    @Test
    void a_negative_given_retry_after_is_dropped() {
        ProviderError error = ProviderError.http("anthropic", 429, null).withRetryAfter(Duration.ofSeconds(-1));
        assertNull(classifier.analyze(error).retryAfter());
    }

    @Test
    void an_exception_is_classified_by_its_transport_cause() {
        ProviderError timeout = ProviderError.of("anthropic",
                new CompletionException(new HttpTimeoutException("request timed out")));
        assertEquals("java.net.http.HttpTimeoutException", timeout.exceptionType());
        assertEquals(FailureKind.TIMEOUT, classifier.classify(timeout));

        ProviderError refused = ProviderError.of("anthropic",
                new ExecutionException(new IOException("wrapped", new ConnectException("Connection refused"))));
        assertEquals(FailureKind.NETWORK, classifier.classify(refused));
        assertEquals("Connection refused", refused.message());

        // the JDK's connect timeout carries a ConnectException as its cause: still a timeout
        HttpConnectTimeoutException connectTimeout = new HttpConnectTimeoutException("HTTP connect timed out");
        connectTimeout.initCause(new ConnectException("HTTP connect timed out"));
        assertEquals(FailureKind.TIMEOUT, classifier.classify(ProviderError.of("openai", new CompletionException(connectTimeout))));

        assertEquals(FailureKind.CANCELLED, classifier.classify(ProviderError.of("openai",
                new CompletionException(new java.util.concurrent.CancellationException()))));
        ProviderError plain = ProviderError.of("openai", new RuntimeException("boom", new IOException("closed")));
        assertEquals("java.io.IOException", plain.exceptionType());
    }

    @Test
    void a_transport_exception_type_decides_even_against_its_message() {
        ProviderError error = new ProviderError("openai", null, null, "429 rate limit", "java.net.SocketTimeoutException", null);
        assertEquals(FailureKind.TIMEOUT, classifier.classify(error));
    }

    @Test
    void an_unknown_or_unloadable_exception_type_falls_back_to_the_message() {
        assertEquals(FailureKind.NETWORK, classifier.classify(
                new ProviderError(null, null, null, "read ECONNRESET", "com.example.Whatever", null)));
        assertEquals(FailureKind.NETWORK, classifier.classify(
                new ProviderError(null, null, null, "socket hang up", "java.lang.NoSuchClassHere", null)));
        assertEquals(FailureKind.UNKNOWN, classifier.classify(
                new ProviderError(null, null, null, null, "java.lang.IllegalStateException", null)));
    }

    @Test
    void classification_says_whether_to_retry() {
        assertTrue(analyze(429, null, null).retryable());
        assertFalse(analyze(401, null, null).retryable());
        assertFalse(analyze(null, "insufficient_quota", null).retryable());
    }

    @Test
    void a_custom_classifier_gets_a_default_analysis_from_the_fields() {
        FailureClassifier alwaysAuth = error -> FailureKind.AUTH;
        Classification classification = alwaysAuth.analyze(
                new ProviderError("x", 418, "teapot", "body", null, Duration.ofSeconds(3)));
        assertEquals(new Classification(FailureKind.AUTH, 418, "teapot", Duration.ofSeconds(3)), classification);
        assertEquals(FailureKind.UNKNOWN, alwaysAuth.analyze(null).kind());
    }
}
