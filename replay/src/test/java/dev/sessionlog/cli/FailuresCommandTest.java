package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailuresCommandTest extends CommandTestSupport {

    @Test
    void lists_each_failed_call_with_kind_status_retry_and_notice() {
        List<JsonNode> failures = jsonLines(ok("failures").out());
        assertEquals(1, failures.size());
        JsonNode failure = failures.get(0);
        assertEquals("alice-1", failure.get("session").asText());
        assertEquals(7, failure.get("sequence").asLong());
        assertEquals("RATE_LIMITED", failure.get("kind").asText());
        assertEquals(429, failure.get("httpStatus").asInt());
        assertEquals(30_000, failure.get("retryAfterMillis").asLong());
        assertTrue(failure.get("notice").asText().contains("anthropic"), failure::toString);
    }

    @Test
    void filters_by_session_and_kind() {
        assertEquals("", ok("failures", "--session", "bob-1").out());
        assertEquals("", ok("failures", "--kind", "quota_exceeded").out());
        assertEquals(1, ok("failures", "--kind", "RATE_LIMITED").out().lines().count());
    }

    @Test
    void a_table_shows_the_notice() {
        CliRun run = runOnTerminal("failures");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().lines().findFirst().orElseThrow().contains("NOTICE"), run::toString);
        assertTrue(run.out().contains("anthropic/claude-sonnet-4-6") && run.out().contains("30s"), run::toString);
    }

    @Test
    void shows_the_providers_own_message_redacted() {
        dev.sessionlog.SessionHandle carol = store.session(dev.sessionlog.SessionId.of("carol-1"));
        carol.receiveUserMessage("c-1", "hi");
        try (dev.sessionlog.ModelCall call = carol.startModelCall("openai", "gpt-5", java.time.Duration.ofMinutes(1))) {
            call.fail(dev.sessionlog.failure.ProviderError.http("openai", 401,
                    "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\"}}"));
        }
        JsonNode failure = jsonLines(ok("failures", "--session", "carol-1").out()).get(0);
        String message = failure.get("providerMessage").asText();
        assertTrue(message.contains("Incorrect API key provided"), failure::toString);
        assertTrue(!message.contains("abcdefghijklmnopqrstuvwxyz0123456789"), failure::toString);
        CliRun table = CliRun.run(opener, true, java.util.Map.of("COLUMNS", "250"), "--store", dir.toString(), "failures");
        assertTrue(table.out().lines().findFirst().orElseThrow().contains("PROVIDER MESSAGE"), table::toString);
        assertTrue(table.out().contains("rate_limit_error"), table::toString);
    }

    @Test
    void since_and_until_select_failures_by_when_they_happened() {
        assertEquals(1, ok("failures", "--since", "2000-01-01").out().lines().count());
        assertEquals("", ok("failures", "--until", "2000-01-01").out());
    }
}
