package dev.sessionlog.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference rules over real provider errors, one row each in {@code failures/provider-errors.json}. */
class StandardFailureClassifierTest {
    private static final String TABLE = "/failures/provider-errors.json";
    private final FailureClassifier classifier = FailureClassifier.standard();

    /** One row of the table: what the provider sent and what it must be classified as. */
    record Case(String name, String provider, Integer status, String code, String exceptionType, String message,
                FailureKind expected, Long retryAfterMillis, Integer expectedStatus, String expectedCode) {
        ProviderError error() {
            return new ProviderError(provider, status, code, message, exceptionType, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = StandardFailureClassifierTest.class.getResourceAsStream(TABLE)) {
            return Arrays.asList(new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Case[].class));
        }
    }

    @Test
    void the_table_covers_every_provider_with_enough_real_errors() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 45, "only " + cases.size() + " cases");
        for (String provider : List.of("anthropic", "openai", "google", "openrouter")) {
            long count = cases.stream().filter(c -> provider.equals(c.provider())).count();
            assertTrue(count >= 8, provider + " has only " + count + " cases");
        }
        assertTrue(cases.stream().anyMatch(c -> c.exceptionType() != null), "no transport exceptions");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_provider_error_is_classified_as_its_kind(Case row) {
        assertEquals(row.expected(), classifier.classify(row.error()), row.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_status_code_and_retry_hint_are_found_in_the_body(Case row) {
        Classification classification = classifier.analyze(row.error());
        assertEquals(row.expected(), classification.kind());
        if (row.retryAfterMillis() != null) {
            assertEquals(Duration.ofMillis(row.retryAfterMillis()), classification.retryAfter(), row.name());
        }
        if (row.expectedStatus() != null) {
            assertEquals(row.expectedStatus(), classification.httpStatus(), row.name());
        }
        if (row.expectedCode() != null) {
            assertEquals(row.expectedCode(), classification.errorCode(), row.name());
        }
    }
}
