package dev.sessionlog.openclaw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Builds OpenClaw agent databases for tests, with the schema of OpenClaw 2026.8: {@code
 * transcript_events}, {@code sessions} and {@code session_entries}, in WAL mode as OpenClaw keeps it.
 * Shared with the CLI's tests through the test-jar.
 */
public final class OpenClawDatabases {
    private OpenClawDatabases() {}

    /**
     * Creates {@code file} holding each session's transcript ({@code jsonl}, one row per line, header
     * included) and a {@code session_entries} row per key (key → session id).
     */
    public static Path create(Path file, Map<String, String> transcripts, Map<String, String> keys) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Connection connection = connect(file); Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("CREATE TABLE transcript_events (session_id TEXT NOT NULL, seq INTEGER NOT NULL, "
                        + "event_json TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (session_id, seq))");
                statement.execute("CREATE TABLE sessions (session_id TEXT PRIMARY KEY, session_key TEXT, created_at INTEGER)");
                statement.execute("CREATE TABLE session_entries (session_key TEXT PRIMARY KEY, session_id TEXT, "
                        + "entry_json TEXT, updated_at INTEGER)");
                for (Map.Entry<String, String> transcript : transcripts.entrySet()) {
                    append(connection, transcript.getKey(), transcript.getValue());
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO session_entries VALUES (?, ?, ?, 1776073276880)")) {
                    for (Map.Entry<String, String> key : keys.entrySet()) {
                        insert.setString(1, key.getKey());
                        insert.setString(2, key.getValue());
                        insert.setString(3, "{\"sessionId\":\"" + key.getValue()
                                + "\",\"updatedAt\":1776073276880,\"channel\":\"telegram\"}");
                        insert.executeUpdate();
                    }
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A read-write connection to {@code file}, as OpenClaw holds one. */
    public static Connection connect(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=30000");
        }
        return connection;
    }

    /** Appends {@code jsonl}'s lines to {@code session}'s rows, after its last {@code seq}. */
    public static void append(Connection connection, String session, String jsonl) throws SQLException {
        long next;
        try (PreparedStatement max = connection.prepareStatement(
                "SELECT COALESCE(MAX(seq) + 1, 0) FROM transcript_events WHERE session_id = ?")) {
            max.setString(1, session);
            var rows = max.executeQuery();
            next = rows.next() ? rows.getLong(1) : 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO transcript_events VALUES (?, ?, ?, 1776073265010)")) {
            for (String line : jsonl.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                insert.setString(1, session);
                insert.setLong(2, next++);
                insert.setString(3, line);
                insert.executeUpdate();
            }
        }
    }
}
