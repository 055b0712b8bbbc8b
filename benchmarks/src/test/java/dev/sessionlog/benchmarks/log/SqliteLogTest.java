package dev.sessionlog.benchmarks.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqliteLogTest extends EventLogContract {
    @Override
    EventLog open(TempDirectory directory) {
        return EventLogKind.SQLITE_FULL.open(directory.path());
    }

    @Test
    void sequences_are_gapless_per_session_and_the_database_is_in_wal_mode() throws Exception {
        for (int i = 1; i <= 3; i++) {
            log.append(ALICE, message("a" + i));
            log.append(BOB, message("b" + i));
        }
        log.append(ALICE, message("a4"));

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.path().resolve("transcripts.db"));
             Statement statement = connection.createStatement()) {
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
                mode.next();
                assertEquals("wal", mode.getString(1));
            }
            assertEquals(List.of(1L, 2L, 3L, 4L), sequences(statement, "alice"));
            assertEquals(List.of(1L, 2L, 3L), sequences(statement, "bob"));
        }
    }

    @Test
    void synchronous_normal_stores_the_same_events() {
        log.close();
        log = EventLogKind.SQLITE_NORMAL.open(directory.path());
        log.append(ALICE, message("a1"));

        assertEquals(List.of("a1"), texts(log.readLast(ALICE, 50)));
    }

    private static List<Long> sequences(Statement statement, String session) throws Exception {
        List<Long> sequences = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(
                "SELECT seq FROM transcript_events WHERE session_id = '" + session + "' ORDER BY seq")) {
            while (rows.next()) {
                sequences.add(rows.getLong(1));
            }
        }
        return sequences;
    }
}
