package dev.sessionlog.benchmarks.log;

import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The table a gateway moved its transcripts to: {@code transcript_events(session_id, seq,
 * event_json)} keyed by {@code (session_id, seq)}, in WAL mode. Each append is one autocommitted
 * {@code INSERT} whose sequence is the session's {@code MAX(seq) + 1}; callers share one connection
 * in turn (SQLite admits one writer at a time anyway, and a JDBC connection is not for concurrent
 * use). {@code synchronous=NORMAL} survives a process crash; {@code FULL} also a power loss.
 */
final class SqliteLog implements EventLog {

    /** SQLite's {@code synchronous} setting. */
    enum Synchronous { NORMAL, FULL }

    private static final String INSERT = "INSERT INTO transcript_events(session_id, seq, event_json) "
            + "SELECT ?, COALESCE(MAX(seq), 0) + 1, ? FROM transcript_events WHERE session_id = ?";
    private static final String SELECT_LAST = "SELECT event_json FROM transcript_events "
            + "WHERE session_id = ? ORDER BY seq DESC LIMIT ?";

    private final ReentrantLock connectionLock = new ReentrantLock();
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement selectLast;

    SqliteLog(Path directory, Synchronous synchronous) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous == Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5_000);
        try {
            connection = config.createConnection("jdbc:sqlite:" + directory.resolve("transcripts.db"));
            try (Statement ddl = connection.createStatement()) {
                ddl.executeUpdate("CREATE TABLE IF NOT EXISTS transcript_events(session_id TEXT NOT NULL, "
                        + "seq INTEGER NOT NULL, event_json TEXT NOT NULL, PRIMARY KEY(session_id, seq))");
            }
            insert = connection.prepareStatement(INSERT);
            selectLast = connection.prepareStatement(SELECT_LAST);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the SQLite database in " + directory, e);
        }
    }

    @Override
    public void startSession(SessionId session) {
        // Rows are the session: nothing to create.
    }

    @Override
    public void append(SessionId session, SampleEvent event) {
        connectionLock.lock();
        try {
            insert.setString(1, session.value());
            insert.setString(2, new String(event.encoded(), StandardCharsets.UTF_8));
            insert.setString(3, session.value());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("insert into " + session + " failed", e);
        } finally {
            connectionLock.unlock();
        }
    }

    @Override
    public List<SessionEvent> readLast(SessionId session, int count) {
        List<byte[]> newestFirst = new ArrayList<>(count);
        connectionLock.lock();
        try {
            selectLast.setString(1, session.value());
            selectLast.setInt(2, count);
            try (ResultSet rows = selectLast.executeQuery()) {
                while (rows.next()) {
                    newestFirst.add(rows.getString(1).getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("select from " + session + " failed", e);
        } finally {
            connectionLock.unlock();
        }
        Collections.reverse(newestFirst);
        return EventCodecs.decodeAll(newestFirst);
    }

    @Override
    public void close() {
        connectionLock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the SQLite database failed", e);
        } finally {
            connectionLock.unlock();
        }
    }
}
