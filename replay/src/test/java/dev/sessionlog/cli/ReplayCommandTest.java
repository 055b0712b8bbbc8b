package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayCommandTest extends CommandTestSupport {

    @Test
    void the_transcript_leaves_the_failed_call_out() {
        List<JsonNode> messages = jsonLines(ok("replay", "alice-1").out());
        assertEquals(List.of("USER", "ASSISTANT", "USER", "USER"),
                messages.stream().map(m -> m.get("role").asText()).toList());
        assertEquals("Hi Alice!", messages.get(1).get("content").get(0).get("text").asText());
    }

    @Test
    void at_sequence_shows_the_transcript_as_it_was() {
        List<JsonNode> messages = jsonLines(ok("replay", "alice-1", "--at-sequence", "2").out());
        assertEquals(1, messages.size());
        assertEquals("Hello there", messages.get(0).get("content").get(0).get("text").asText());
    }

    @Test
    void status_shows_the_last_failure_and_tokens() {
        JsonNode status = parse(ok("replay", "alice-1", "--projection", "status").out());
        assertEquals("RATE_LIMITED", status.get("lastFailure").asText());
        assertEquals("13", status.get("totalTokens").asText());
        JsonNode before = parse(ok("replay", "alice-1", "--projection", "status", "--at-sequence", "4").out());
        assertTrue(before.get("lastFailure").isNull(), before::toString);
        assertEquals(13, status.get("totalTokens").asLong());
    }

    @Test
    void notices_show_what_the_user_was_told() {
        List<JsonNode> notices = jsonLines(ok("replay", "alice-1", "--projection", "notices").out());
        assertEquals(1, notices.size());
        assertEquals(7, notices.get(0).get("sequence").asLong());
        assertEquals("RATE_LIMITED", notices.get(0).get("kind").asText());
        assertTrue(notices.get(0).get("text").asText().toLowerCase().contains("rate limit"), notices::toString);
        assertEquals("", ok("replay", "alice-1", "--projection", "notices", "--at-sequence", "6").out());
    }

    @Test
    void a_table_transcript_reads_like_a_chat() {
        CliRun run = runOnTerminal("replay", "alice-1");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("assistant  Hi Alice!"), run::toString);
    }

    @Test
    void an_unknown_projection_is_a_usage_error() {
        assertEquals(ExitCodes.USAGE, run("replay", "alice-1", "--projection", "everything").exitCode());
    }
}
