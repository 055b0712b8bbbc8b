package dev.sessionlog.openclaw;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One session's rows of OpenClaw's {@code transcript_events}, in {@code seq} order, as the lines of a
 * transcript: each row's {@code event_json} is the JSON line a transcript file would hold. A row
 * longer than the limit is reported by its length and never loaded (SQLite's {@code octet_length}
 * reads only the row's header). One statement: SQLite reads it in one snapshot, and in WAL mode it
 * neither waits for nor blocks OpenClaw's writer.
 */
final class DatabaseLines implements TranscriptLines {
    private static final String SELECT = "SELECT octet_length(event_json), "
            + "CASE WHEN octet_length(event_json) > ? THEN NULL ELSE CAST(event_json AS BLOB) END "
            + "FROM transcript_events WHERE session_id = ? ORDER BY seq";

    private final PreparedStatement statement;
    private final ResultSet rows;
    private long lineNumber;
    private long oversizedLength = -1;
    private byte[] bytes = new byte[0];

    DatabaseLines(Connection connection, String sessionId, int maxLineBytes) throws IOException {
        try {
            statement = connection.prepareStatement(SELECT);
            statement.setInt(1, maxLineBytes);
            statement.setString(2, sessionId);
            rows = statement.executeQuery();
        } catch (SQLException e) {
            throw new IOException(OpenClawDatabase.describe(e), e);
        }
    }

    @Override
    public boolean next() throws IOException {
        try {
            if (!rows.next()) {
                return false;
            }
            lineNumber++;
            byte[] value = rows.getBytes(2);
            if (value == null && rows.getLong(1) > 0) {
                oversizedLength = rows.getLong(1);
                bytes = new byte[0];
            } else {
                oversizedLength = -1;
                bytes = value == null ? new byte[0] : value;
            }
            return true;
        } catch (SQLException e) {
            throw new IOException(OpenClawDatabase.describe(e), e);
        }
    }

    @Override
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public boolean isOversized() {
        return oversizedLength >= 0;
    }

    @Override
    public long oversizedLength() {
        return oversizedLength;
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public void close() throws IOException {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            throw new IOException(OpenClawDatabase.describe(e), e);
        }
    }
}
