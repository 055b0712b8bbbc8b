package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.CallId;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.event.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyCommandTest extends CommandTestSupport {
    private static final SessionId BROKEN = SessionId.of("broken");

    @Test
    void a_clean_store_verifies_with_exit_0() {
        CliRun run = runOnTerminal("verify");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals("no problems found", run.out().strip());
        assertTrue(run.err().contains("2 sessions, 13 events checked; 0 problem(s)"), run::toString);
    }

    @Test
    void unreadable_records_reported_by_the_store_exit_1() {
        opener.recordProblems = List.of(new Problem("records", null, 42, "torn record: length 9999 beyond the end"));
        CliRun run = run("verify");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        JsonNode problem = jsonLines(run.out()).get(0);
        assertEquals(42, problem.get("sequence").asLong());
        assertTrue(problem.get("description").asText().contains("torn"));
    }

    @Test
    void the_verifier_finds_gaps_orphan_terminals_and_index_drift() {
        CallId call = CallId.of("c-1");
        ScriptedStore broken = new ScriptedStore()
                .add(BROKEN, 1, UserMessageReceived.text("m-1", "not a SessionStarted"))
                .add(BROKEN, 3, new ModelCallCompleted(call, List.of(), Usage.NONE, "stop"))
                .add(BROKEN, 4, new ModelCallStarted(call, "p", "m", 1, null))
                .add(BROKEN, 5, new ModelCallCompleted(call, List.of(), Usage.NONE, "stop"))
                .add(BROKEN, 6, new ModelCallCompleted(call, List.of(), Usage.NONE, "stop"))
                .add(BROKEN, 7, SessionStarted.initial(null, null, null))
                .indexSays(BROKEN, 9);
        List<String> problems = StoreVerifier.verify(broken).problems().stream().map(Problem::description).toList();
        assertTrue(problems.stream().anyMatch(p -> p.contains("not SessionStarted")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("sequence gap: expected 2, found 3")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("ended without a ModelCallStarted")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("second terminal event")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("a second SessionStarted")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("index says the last sequence is 9")), problems::toString);
    }

    @Test
    void a_log_that_runs_ahead_of_the_index_is_a_problem_but_a_log_growing_during_the_scan_is_not() {
        ScriptedStore behind = new ScriptedStore()
                .add(BROKEN, 1, SessionStarted.initial(null, null, null))
                .add(BROKEN, 2, UserMessageReceived.text("m-1", "hi"))
                .indexSays(BROKEN, 1);
        List<Problem> problems = StoreVerifier.verify(behind).problems();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).description().contains("the index says the last is 1"), problems::toString);

        ScriptedStore consistent = new ScriptedStore()
                .add(BROKEN, 1, SessionStarted.initial(null, null, null))
                .add(BROKEN, 2, UserMessageReceived.text("m-1", "hi"));
        assertEquals(List.of(), StoreVerifier.verify(consistent).problems());
    }
}
