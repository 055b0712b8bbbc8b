package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionStarted;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorCommandTest extends CommandTestSupport {

    @Test
    void a_healthy_store_exits_0() {
        CliRun run = run("doctor");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> findings = jsonLines(run.out());
        assertTrue(findings.stream().allMatch(f -> f.get("status").asText().equals("OK")), run::toString);
        assertTrue(findings.stream().anyMatch(f -> f.get("detail").asText().contains("no model call is open")), run::toString);
    }

    @Test
    void a_call_open_past_its_deadline_is_reported_as_stuck_with_exit_1() {
        // a store whose clock stands an hour back and whose watchdog never runs: the call's deadline has long passed
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        InMemorySessionStore stuck = InMemorySessionStore.builder().clock(past).watchdogInterval(Duration.ZERO).build();
        opener.put(dir, stuck);
        SessionHandle chat = stuck.session(SessionId.of("stuck-1"));
        chat.start(SessionStarted.initial(null, "main", "telegram"));
        chat.receiveUserMessage("m-1", "hello");
        chat.startModelCall("openai", "gpt-5", Duration.ofSeconds(60));

        CliRun run = run("doctor");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        JsonNode stuckCall = jsonLines(run.out()).stream().filter(f -> f.get("status").asText().equals("PROBLEM"))
                .findFirst().orElseThrow();
        assertEquals("stuck-1", stuckCall.get("session").asText());
        assertTrue(stuckCall.get("detail").asText().startsWith("stuck: call"), stuckCall::toString);
    }
}
