package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.SessionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 12: {@code stats} counts every session, not the million the session query returns
 * at most ({@link SessionQuery#MAX_LIMIT}). The store here holds one session more than that.
 */
class StatsOfManySessionsTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void stats_counts_every_session_beyond_the_session_query_limit() {
        long sessions = SessionQuery.MAX_LIMIT + 1L;
        SyntheticStore store = new SyntheticStore(sessions, 0, 0);
        CliRun run = CliRun.run(store.opener(), "--store", dir.toString(), "-o", "json", "stats");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        JsonNode stats = CommandTestSupport.parse(run.out());
        assertEquals(sessions, stats.get("sessions").asLong(), run.out());
        assertEquals(sessions, stats.get("sessions.idle").asLong(), run.out());
    }
}
