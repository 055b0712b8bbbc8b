package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command prints the store's verification and exits by it. What verification checks is tested
 * where it is done: {@code CheckingReplayTest} (the rules, in core) and {@code StoreVerificationTest}
 * (the Chronicle store).
 */
class VerifyCommandTest extends CommandTestSupport {

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
}
