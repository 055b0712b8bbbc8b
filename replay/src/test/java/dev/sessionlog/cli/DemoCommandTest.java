package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void the_demo_shows_failures_a_hang_ended_by_the_watchdog_notices_and_the_replay() {
        InMemoryStoreOpener opener = new InMemoryStoreOpener();
        CliRun run = CliRun.run(opener, "demo");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        String out = run.out();
        for (String expected : List.of("ModelCallFailed(RATE_LIMITED)", "ModelCallFailed(QUOTA_EXCEEDED)",
                "ModelCallFailed(OVERLOADED)", "accepted while the call hangs", "ModelCallFailed(TIMEOUT)",
                "the late answer arrived and was refused", "Notices the user was shown", "Replay of",
                "You have a dentist appointment at 10:00.", "You're welcome!")) {
            assertTrue(out.contains(expected), () -> expected + " missing from\n" + run);
        }
        assertEquals(6 + 1, out.lines().filter(line -> line.contains("stored as event #")).count(), run::toString);
        assertEquals(List.of("temporary"), opener.opens);
    }

    @Test
    void the_demo_needs_no_store() {
        CliRun run = CliRun.run(new InMemoryStoreOpener(), "demo", "--hang-deadline", "50");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
    }

    @Test
    void the_demo_writes_into_the_store_it_is_given_and_a_second_run_takes_a_new_session(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        InMemoryStoreOpener opener = new InMemoryStoreOpener();
        String store = dir.toString();
        CliRun first = CliRun.run(opener, "--store", store, "demo", "--hang-deadline", "50");
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        CliRun second = CliRun.run(opener, "--store", store, "demo", "--hang-deadline", "50");
        assertEquals(ExitCodes.OK, second.exitCode(), second::toString);
        assertEquals(List.of("read-write " + store, "read-write " + store), opener.opens);

        List<String> sessions = CommandTestSupport.jsonLines(CliRun.run(opener, "--store", store, "sessions").out())
                .stream().map(node -> node.get("sessionId").asText()).sorted().toList();
        assertEquals(List.of(DemoGateway.SESSION.value(), DemoGateway.SESSION.value() + "-2"), sessions);
    }

    @Test
    void the_demo_with_json_output_prints_one_json_document_and_narrates_on_stderr() {
        CliRun run = CliRun.run(new InMemoryStoreOpener(), "-o", "json", "demo", "--hang-deadline", "50");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        com.fasterxml.jackson.databind.JsonNode result = CommandTestSupport.parse(run.out());
        assertEquals(DemoGateway.SESSION.value(), result.get("session").asText(), run::toString);
        assertEquals(4, result.get("notices").size(), run::toString);
        assertTrue(result.get("transcript").size() >= 4, run::toString);
        assertTrue(run.err().contains("ModelCallFailed(RATE_LIMITED)"), run::toString);
    }
}
