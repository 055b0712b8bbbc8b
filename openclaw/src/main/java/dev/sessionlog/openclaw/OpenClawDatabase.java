package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.requireArgument;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.SessionId;
import dev.sessionlog.openclaw.OpenClawDatabaseException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One of OpenClaw's SQLite databases (releases 2026.7 and later), opened read-only: the per-agent
 * {@code agents/<agentId>/agent/openclaw-agent.sqlite}, whose {@code transcript_events(session_id,
 * seq, event_json, created_at)} holds each session's transcript as the same JSON lines a transcript
 * file holds, and whose {@code session_entries} (or, in later schemas, {@code session_nodes}) and
 * {@code sessions} tables give each session its key.
 *
 * <pre>{@code
 * try (OpenClawDatabase database = OpenClawDatabase.open(home.resolve(".openclaw/agents/main/agent/openclaw-agent.sqlite"))) {
 *     ImportReport report = new OpenClawImport(store).importDatabase(database, ImportListener.none());
 * }
 * }</pre>
 *
 * <h2>Safe while OpenClaw runs</h2>
 * The connection is read-only ({@code SQLITE_OPEN_READONLY}): it never takes a write lock, never
 * writes a page, and never changes the journal mode. In WAL mode (OpenClaw's) a reader neither waits
 * for the writer nor blocks it; each session is read by one statement, a consistent snapshot. SQLite
 * itself may create the {@code -wal} and {@code -shm} files when they are missing (and remove them
 * when it closes), as any reader does. A database in rollback-journal mode that a writer holds
 * locked is waited for up to the busy timeout, then refused ({@link Reason#LOCKED}).
 *
 * <h2>What it refuses and what it tolerates</h2>
 * {@link #open} refuses a file that is not SQLite or is damaged in its first pages, and a SQLite
 * database without {@code transcript_events(session_id, seq, event_json)}, with an
 * {@link OpenClawDatabaseException}. Tables it does not know are ignored; missing key tables, a
 * row of {@code session_entries} that is not JSON, and the deleted sessions OpenClaw keeps as zstd
 * blobs in {@code session_transcript_archives} (not imported: their users deleted them) are
 * {@link #warnings()}. A session whose rows cannot be read (a damaged page) fails alone: its
 * {@link TranscriptImport#error()} says why. Rows whose {@code event_json} is not JSON are malformed
 * lines, as in a file.
 *
 * <p>Not thread-safe: one import at a time per instance.
 */
public final class OpenClawDatabase implements AutoCloseable {
    /** The per-agent database's file name. */
    public static final String FILE_NAME = "openclaw-agent.sqlite";
    /** How long {@link #open(Path)} waits for a lock another process holds. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Path file;
    private final Connection connection;
    private final SessionsIndex index;
    private final List<String> sessionIds;
    private final List<String> warnings;
    private final String agentId;

    private OpenClawDatabase(Path file, Connection connection, SessionsIndex index, List<String> sessionIds,
                             List<String> warnings) {
        this.file = file;
        this.connection = connection;
        this.index = index;
        this.sessionIds = List.copyOf(sessionIds);
        this.warnings = List.copyOf(warnings);
        this.agentId = agentOf(file);
    }

    /** Whether {@code file} starts like a SQLite database (its 16-byte header), without opening it as one. */
    public static boolean looksLikeSqlite(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens {@code file} read-only, waiting up to {@link #DEFAULT_BUSY_TIMEOUT} for a lock. */
    public static OpenClawDatabase open(Path file) {
        return open(file, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens {@code file} read-only and reads its session list and keys.
     *
     * @param busyTimeout how long to wait for a lock another process holds
     * @throws OpenClawDatabaseException when the file is missing, not SQLite, damaged, locked past
     *     {@code busyTimeout}, or not an OpenClaw database
     */
    public static OpenClawDatabase open(Path file, Duration busyTimeout) {
        requireArgument(file != null, "file must not be null");
        requireArgument(busyTimeout != null && !busyTimeout.isNegative(), "busy timeout must not be negative");
        if (!Files.isRegularFile(file)) {
            throw new OpenClawDatabaseException(file, Reason.UNREADABLE, "no such file", null);
        }
        if (!Files.isReadable(file)) {
            throw new OpenClawDatabaseException(file, Reason.UNREADABLE, "not readable by this user", null);
        }
        if (!looksLikeSqlite(file)) {
            throw new OpenClawDatabaseException(file, Reason.NOT_SQLITE, "not a SQLite database", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            Set<String> tables = tables(connection);
            requireTranscriptEvents(file, connection, tables);
            List<String> warnings = new ArrayList<>();
            SessionsIndex index = index(connection, tables, warnings);
            archives(connection, tables, warnings);
            List<String> sessions = sessions(connection);
            return new OpenClawDatabase(file, connection, index, sessions, warnings);
        } catch (SQLException e) {
            close(connection);
            throw failure(file, e);
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    private static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    private static void requireTranscriptEvents(Path file, Connection connection, Set<String> tables) throws SQLException {
        if (!tables.contains("transcript_events")) {
            List<String> names = tables.stream().sorted().limit(10).toList();
            throw new OpenClawDatabaseException(file, Reason.NOT_OPENCLAW, "not an OpenClaw agent database: it has no "
                    + "transcript_events table (its tables: " + (names.isEmpty() ? "none" : String.join(", ", names))
                    + ")", null);
        }
        Set<String> columns = columns(connection, "transcript_events");
        for (String needed : List.of("session_id", "seq", "event_json")) {
            if (!columns.contains(needed)) {
                throw new OpenClawDatabaseException(file, Reason.NOT_OPENCLAW, "transcript_events has no " + needed
                        + " column: a schema this version cannot read", null);
            }
        }
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                columns.add(rows.getString("name"));
            }
        }
        return columns;
    }

    /** The keys: {@code session_entries} (or {@code session_nodes}), then {@code sessions} for the rest. */
    private static SessionsIndex index(Connection connection, Set<String> tables, List<String> warnings)
            throws SQLException {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        Set<String> keyed = new HashSet<>();
        String entriesQuery = tables.contains("session_entries")
                && columns(connection, "session_entries").containsAll(List.of("session_key", "entry_json"))
                ? "SELECT session_key, entry_json FROM session_entries"
                : tables.contains("session_nodes")
                && columns(connection, "session_nodes").containsAll(List.of("session_key", "entry_json"))
                ? "SELECT session_key, entry_json FROM session_nodes" : null;
        if (entriesQuery != null) {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(entriesQuery)) {
                while (rows.next()) {
                    String key = rows.getString(1);
                    JsonNode entry = parse(rows.getString(2));
                    if (key == null || entry == null || !entry.isObject()) {
                        warnings.add("a session entry of " + key + " is not a JSON object; skipped");
                        continue;
                    }
                    entries.add(new AbstractMap.SimpleEntry<>(key, entry));
                    String id = Json.text(entry, "sessionId");
                    if (id != null) {
                        keyed.add(id);
                    }
                }
            }
        }
        if (tables.contains("sessions") && columns(connection, "sessions").containsAll(List.of("session_id", "session_key"))) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT session_id, session_key FROM sessions")) {
                while (rows.next()) {
                    String id = rows.getString(1);
                    String key = rows.getString(2);
                    if (id != null && key != null && keyed.add(id)) {
                        entries.add(new AbstractMap.SimpleEntry<>(key, Json.object().put("sessionId", id)));
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            warnings.add("no session keys found (no session_entries, session_nodes or sessions rows); sessions are "
                    + "imported without keys");
        }
        return SessionsIndex.of(entries, List.of());
    }

    private static void archives(Connection connection, Set<String> tables, List<String> warnings) throws SQLException {
        if (!tables.contains("session_transcript_archives")) {
            return;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM session_transcript_archives")) {
            long count = rows.next() ? rows.getLong(1) : 0;
            if (count > 0) {
                warnings.add(count + " deleted session(s) in session_transcript_archives: not imported, as their users "
                        + "deleted them");
            }
        }
    }

    private static List<String> sessions(Connection connection) throws SQLException {
        List<String> sessions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT session_id FROM transcript_events GROUP BY session_id ORDER BY MIN(rowid)")) {
            while (rows.next()) {
                if (rows.getString(1) != null) {
                    sessions.add(rows.getString(1));
                }
            }
        }
        return sessions;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null ? null : Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    /** The agent of {@code agents/<agentId>/agent/openclaw-agent.sqlite}, or null elsewhere. */
    private static String agentOf(Path file) {
        Path agentDir = file.toAbsolutePath().getParent();
        Path agent = agentDir == null ? null : agentDir.getParent();
        Path agents = agent == null ? null : agent.getParent();
        boolean conventional = agents != null && agentDir.getFileName().toString().equals("agent")
                && agents.getFileName() != null && agents.getFileName().toString().equals("agents");
        return conventional ? agent.getFileName().toString() : null;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The session keys, from {@code session_entries} (or {@code session_nodes}) and {@code sessions}. */
    public SessionsIndex index() {
        return index;
    }

    /** The sessions that have rows in {@code transcript_events}, in the order their first rows were written. */
    public List<String> sessionIds() {
        return sessionIds;
    }

    /** What was odd about the database as a whole (missing key tables, deleted sessions not imported). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Reads one session's rows into the events of a new session, as {@code reader} reads a file: the
     * session's id is {@code sessionId} unless its header names another. Never throws for what the
     * rows hold; a database error reading them refuses the session ({@link TranscriptImport#error()}).
     */
    public TranscriptImport read(String sessionId, OpenClawTranscriptReader reader) {
        requireArgument(sessionId != null, "session id must not be null");
        requireArgument(reader != null, "reader must not be null");
        Path source = file.resolveSibling(SessionId.isValid(sessionId) ? sessionId + ".jsonl" : "invalid.jsonl");
        TranscriptFile transcript = new TranscriptFile(source, TranscriptKind.SESSION, sessionId, null, null);
        return reader.read(transcript, index, () -> new DatabaseLines(connection, sessionId, reader.maxLineBytes()),
                agentId);
    }

    /** Closes the connection. */
    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // read-only: nothing to lose
        }
    }

    private static OpenClawDatabaseException failure(Path file, SQLException e) {
        Reason reason = reasonOf(e);
        return new OpenClawDatabaseException(file, reason, switch (reason) {
            case LOCKED -> "locked by another process (" + describe(e) + "); try again when it is not writing";
            case NOT_SQLITE -> "not a readable SQLite database (" + describe(e) + ")";
            default -> describe(e);
        }, e);
    }

    private static Reason reasonOf(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            String name = code == null ? "" : code.name();
            if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
                return Reason.LOCKED;
            }
            if (name.startsWith("SQLITE_NOTADB") || name.startsWith("SQLITE_CORRUPT")) {
                return Reason.NOT_SQLITE;
            }
        }
        return Reason.UNREADABLE;
    }

    /** SQLite's message without the driver's decoration, for a report line. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
