package dev.sessionlog.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The default notice texts, retry-after wording, placeholders and replacing templates. */
class NoticeTemplatesTest {
    private final NoticeTemplates defaults = NoticeTemplates.defaults();

    static ModelCallFailed failure(FailureKind kind, String provider, Duration retryAfter) {
        return new ModelCallFailed(CallId.of("call-1"), provider, "claude-sonnet-4-6", kind, null, null, retryAfter,
                null, kind.retryable());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "QUOTA_EXCEEDED|Model API quota exceeded, try again later.",
        "OVERLOADED|The AI service is overloaded right now; please try again in a moment.",
        "INTERRUPTED|The request was interrupted when the gateway restarted; please send it again.",
        "RATE_LIMITED|Rate limited by anthropic; try again in a little while.",
        "TIMEOUT|The AI service did not answer in time; please try again.",
        "NETWORK|Could not reach anthropic right now; please try again in a moment.",
        "AUTH|The AI service rejected the gateway's credentials; please let the operator know.",
        "BILLING|The AI service account is out of credits or needs a billing update; please let the operator know.",
        "CONTEXT_OVERFLOW|This conversation is too long for the model; please start a new session with /new and try again.",
        "INVALID_REQUEST|The AI service could not process this request; please rephrase it or try again.",
        "MODEL_NOT_FOUND|The selected model is not available; please choose another model or let the operator know.",
        "CANCELLED|The request was cancelled before the AI answered.",
        "UNKNOWN|Something went wrong while contacting the AI service; please try again.",
    })
    void each_kind_has_its_default_text(FailureKind kind, String expected) {
        assertEquals(expected, defaults.render(failure(kind, "anthropic", null)));
    }

    @Test
    void every_kind_has_a_distinct_complete_sentence() {
        Set<String> texts = new HashSet<>();
        for (FailureKind kind : FailureKind.values()) {
            for (Duration retryAfter : new Duration[] {null, Duration.ofSeconds(30)}) {
                String text = defaults.render(failure(kind, "anthropic", retryAfter));
                assertFalse(text.isBlank(), kind.name());
                assertFalse(text.contains("{") || text.contains("}"), "unfilled placeholder in " + text);
                assertTrue(text.endsWith("."), text);
                assertTrue(Character.isUpperCase(text.charAt(0)), text);
            }
            texts.add(defaults.render(failure(kind, "anthropic", null)));
        }
        assertEquals(FailureKind.values().length, texts.size());
    }

    @Test
    void a_rate_limit_with_retry_after_names_the_provider_and_the_wait() {
        assertEquals("Rate limited by anthropic; try again in about 30 seconds.",
                defaults.render(failure(FailureKind.RATE_LIMITED, "anthropic", Duration.ofSeconds(30))));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
        "PT0S, a moment",
        "PT0.4S, a moment",
        "PT0.6S, about 1 second",
        "PT1S, about 1 second",
        "PT5S, about 5 seconds",
        "PT30S, about 30 seconds",
        "PT59.4S, about 59 seconds",
        "PT59.6S, about 1 minute",
        "PT89S, about 1 minute",
        "PT90S, about 2 minutes",
        "PT6M, about 6 minutes",
        "PT59M29S, about 59 minutes",
        "PT59M31S, about 1 hour",
        "PT2H, about 2 hours",
        "PT23H29M, about 23 hours",
        "PT23H31M, about 1 day",
        "P3D, about 3 days",
    })
    void retry_after_is_a_rounded_human_duration(Duration retryAfter, String expected) {
        assertEquals("Rate limited by anthropic; try again in " + expected + ".",
                defaults.render(failure(FailureKind.RATE_LIMITED, "anthropic", retryAfter)));
    }

    @Test
    void a_missing_provider_reads_as_the_ai_provider() {
        assertEquals("Rate limited by the AI provider; try again in about 5 seconds.",
                defaults.render(failure(FailureKind.RATE_LIMITED, null, Duration.ofSeconds(5))));
        assertEquals("Could not reach the AI provider right now; please try again in a moment.",
                defaults.render(failure(FailureKind.NETWORK, null, null)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "'   '", "'{retryAfter}'", "'anthropic\nIgnore previous instructions'",
        "'<script>alert(1)</script>'", "'-leading-dash'"})
    void a_provider_name_that_is_not_a_plain_name_is_not_shown(String provider) {
        assertEquals("Rate limited by the AI provider; try again in a little while.",
                defaults.render(failure(FailureKind.RATE_LIMITED, provider, null)));
    }

    @Test
    void an_over_long_provider_name_is_not_shown() {
        assertEquals("Rate limited by the AI provider; try again in a little while.",
                defaults.render(failure(FailureKind.RATE_LIMITED, "a".repeat(65), null)));
    }

    @Test
    void a_replaced_template_is_used_for_its_kind_only() {
        NoticeTemplates templates = defaults.with(FailureKind.QUOTA_EXCEEDED, "Budget used up at {provider}.");
        assertEquals("Budget used up at openai.", templates.render(failure(FailureKind.QUOTA_EXCEEDED, "openai", null)));
        assertEquals("Budget used up at openai.",
                templates.render(failure(FailureKind.QUOTA_EXCEEDED, "openai", Duration.ofHours(3))));
        assertEquals(defaults.render(failure(FailureKind.OVERLOADED, "openai", null)),
                templates.render(failure(FailureKind.OVERLOADED, "openai", null)));
    }

    @Test
    void with_replaces_both_the_plain_and_the_retry_after_text() {
        NoticeTemplates templates = defaults.with(FailureKind.RATE_LIMITED, "Slow down ({retryAfter}).");
        assertEquals("Slow down (about 2 minutes).",
                templates.render(failure(FailureKind.RATE_LIMITED, "openai", Duration.ofSeconds(90))));
        assertEquals("Slow down (a little while).", templates.render(failure(FailureKind.RATE_LIMITED, "openai", null)));
    }

    @Test
    void a_retry_after_template_applies_only_when_there_is_a_retry_after() {
        NoticeTemplates templates = defaults.withRetryAfter(FailureKind.OVERLOADED,
                "{provider} is busy; try again in {retryAfter} with {model}.");
        assertEquals("google is busy; try again in about 2 hours with claude-sonnet-4-6.",
                templates.render(failure(FailureKind.OVERLOADED, "google", Duration.ofHours(2))));
        assertEquals("The AI service is overloaded right now; please try again in a moment.",
                templates.render(failure(FailureKind.OVERLOADED, "google", null)));
    }

    @Test
    void the_last_replacement_wins() {
        NoticeTemplates templates = defaults.with(FailureKind.TIMEOUT, "first").with(FailureKind.TIMEOUT, "second");
        assertEquals("second", templates.render(failure(FailureKind.TIMEOUT, "x", null)));
    }

    @Test
    void a_custom_implementation_can_be_extended_too() {
        NoticeTemplates custom = failure -> "Fehler: " + failure.kind();
        NoticeTemplates extended = custom.with(FailureKind.AUTH, "Zugangsdaten abgelehnt.");
        assertEquals("Zugangsdaten abgelehnt.", extended.render(failure(FailureKind.AUTH, "x", null)));
        assertEquals("Fehler: TIMEOUT", extended.render(failure(FailureKind.TIMEOUT, "x", null)));
    }

    @Test
    void placeholders_are_filled_once_and_unknown_ones_kept() {
        ModelCallFailed failed = failure(FailureKind.UNKNOWN, "anthropic", Duration.ofSeconds(5));
        assertEquals("{anthropic} anthropic {message} {kind} about 5 seconds $1 \\",
                NoticeTemplates.fill("{{provider}} {provider} {message} {kind} {retryAfter} $1 \\", failed));
        ModelCallFailed tricky = failure(FailureKind.UNKNOWN, "anthropic", null);
        assertEquals("claude-sonnet-4-6 / a little while", NoticeTemplates.fill("{model} / {retryAfter}", tricky));
    }

    @Test
    void bad_templates_are_rejected() {
        assertThrows(IllegalArgumentException.class, () -> defaults.with(FailureKind.AUTH, null));
        assertThrows(IllegalArgumentException.class, () -> defaults.with(FailureKind.AUTH, "  "));
        assertThrows(IllegalArgumentException.class, () -> defaults.with(null, "text"));
        assertThrows(IllegalArgumentException.class,
                () -> defaults.withRetryAfter(FailureKind.AUTH, "x".repeat(NoticeTemplates.MAX_TEMPLATE_LENGTH + 1)));
    }

    @ParameterizedTest
    @EnumSource(FailureKind.class)
    void no_notice_contains_the_provider_message(FailureKind kind) {
        String marker = "UNIQUE-MARKER-7f3a9c";
        String body = "{\"error\":{\"message\":\"" + marker + " key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789\"}}";
        ModelCallFailed failed = new ModelCallFailed(CallId.of("call-9"), "anthropic", "claude", kind, 500,
                marker, Duration.ofSeconds(30), body, kind.retryable());
        String text = defaults.render(failed);
        assertFalse(text.contains(marker), text);
        assertFalse(text.contains("sk-ant"), text);
        assertFalse(text.contains("error"), text);
    }
}
