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
}
