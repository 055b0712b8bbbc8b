package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.quote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.SessionKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OpenClaw's {@code sessions.json}: session key → entry. The only link between a transcript and
 * its key. Read leniently: only {@code sessionId} and {@code updatedAt} are guaranteed, entries that
 * are not objects or lack a session id are skipped with a warning, and a truncated file keeps the
 * entries before the damage. Streamed entry by entry, so a 100 MB index is never one tree.
 */
public final class SessionsIndex {
    private static final int MAX_WARNINGS = 50;

    private final Map<String, Entry> bySessionId;
    private final Map<String, Entry> byFileName;
    private final List<String> warnings;

    /**
     * One entry of the index.
     *
     * @param key the session key
     * @param sessionId the session id, as written
     * @param updatedAt epoch milliseconds, 0 when absent or not a number
     * @param sessionFile the transcript's path as written, or null
     * @param channel such as {@code telegram}, or null
     * @param chatType {@code direct} or {@code group}, or null
     * @param origin the {@code origin} object as compact JSON, or null
     * @param displayName the {@code displayName} or {@code label}, or null
     */
    public record Entry(SessionKey key, String sessionId, long updatedAt, String sessionFile, String channel,
                        String chatType, String origin, String displayName) {

        /** The agent the key names ({@code main} in {@code agent:main:telegram:…}), or null. */
        public String agentId() {
            String[] parts = key.value().split(":", 3);
            return parts.length >= 2 && parts[0].equals("agent") && !parts[1].isBlank() ? parts[1] : null;
        }
    }

    private SessionsIndex(Map<String, Entry> bySessionId, Map<String, Entry> byFileName, List<String> warnings) {
        this.bySessionId = bySessionId;
        this.byFileName = byFileName;
        this.warnings = List.copyOf(warnings);
    }

    /** An index with no entries: imports then start sessions without a key. */
    public static SessionsIndex empty() {
        return new SessionsIndex(Map.of(), Map.of(), List.of());
    }

    /**
     * Reads {@code sessionsJson}. Never throws for bad content or a missing file: problems are
     * {@link #warnings()}.
     */
    public static SessionsIndex read(Path sessionsJson) {
        Map<String, Entry> bySessionId = new HashMap<>();
        Map<String, Entry> byFileName = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        int[] dropped = {0};
        try (InputStream in = Files.newInputStream(sessionsJson);
             JsonParser parser = Json.MAPPER.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                warn(warnings, dropped, "sessions.json is not a JSON object; no session keys are known");
                return new SessionsIndex(Map.of(), Map.of(), warnings);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                JsonNode value = parser.readValueAsTree();
                add(key, value, bySessionId, byFileName, warnings, dropped);
            }
        } catch (NoSuchFileException e) {
            warn(warnings, dropped, "no sessions.json; no session keys are known");
        } catch (IOException | RuntimeException e) {
            warn(warnings, dropped, "sessions.json is damaged after " + bySessionId.size() + " entries: "
                    + firstLine(e.getMessage()));
        }
        if (dropped[0] > 0) {
            warnings.add(dropped[0] + " more warnings not shown");
        }
        return new SessionsIndex(bySessionId, byFileName, warnings);
    }

    /**
     * An index of {@code entries} (session key → its {@code sessions.json} entry), as OpenClaw's
     * database keeps them in {@code session_entries}; {@code warnings} come first in its warnings.
     */
    static SessionsIndex of(List<Map.Entry<String, JsonNode>> entries, List<String> warnings) {
        Map<String, Entry> bySessionId = new HashMap<>();
        Map<String, Entry> byFileName = new HashMap<>();
        List<String> all = new ArrayList<>(warnings);
        int[] dropped = {0};
        for (Map.Entry<String, JsonNode> entry : entries) {
            add(entry.getKey(), entry.getValue(), bySessionId, byFileName, all, dropped);
        }
        if (dropped[0] > 0) {
            all.add(dropped[0] + " more warnings not shown");
        }
        return new SessionsIndex(bySessionId, byFileName, all);
    }

    private static void add(String key, JsonNode value, Map<String, Entry> bySessionId, Map<String, Entry> byFileName,
                            List<String> warnings, int[] dropped) {
        entry(key, value, warnings, dropped).ifPresent(entry -> {
            Entry previous = bySessionId.putIfAbsent(entry.sessionId().toLowerCase(Locale.ROOT), entry);
            if (previous != null) {
                warn(warnings, dropped, "session " + quote(entry.sessionId())
                        + " is listed under two keys; keeping " + previous.key());
            }
            if (entry.sessionFile() != null) {
                byFileName.putIfAbsent(fileName(entry.sessionFile()), entry);
            }
        });
    }

    private static Optional<Entry> entry(String key, JsonNode value, List<String> warnings, int[] dropped) {
        String quoted = quote(key);
        if (value == null || !value.isObject()) {
            warn(warnings, dropped, "entry " + quoted + " is not an object; skipped");
            return Optional.empty();
        }
        String sessionId = Json.text(value, "sessionId");
        if (sessionId == null || sessionId.isBlank()) {
            warn(warnings, dropped, "entry " + quoted + " has no sessionId; skipped");
            return Optional.empty();
        }
        SessionKey sessionKey;
        try {
            sessionKey = SessionKey.of(key);
        } catch (IllegalArgumentException e) {
            warn(warnings, dropped, "entry " + quoted + " has an invalid key: " + e.getMessage());
            return Optional.empty();
        }
        JsonNode updatedAt = value.get("updatedAt");
        JsonNode origin = value.get("origin");
        String displayName = Json.text(value, "displayName") != null ? Json.text(value, "displayName")
                : Json.text(value, "label");
        return Optional.of(new Entry(sessionKey, sessionId,
                updatedAt != null && updatedAt.canConvertToLong() ? updatedAt.asLong() : 0L,
                Json.text(value, "sessionFile"), Json.text(value, "channel"), Json.text(value, "chatType"),
                origin != null && origin.isObject() ? Json.compact(origin) : null, displayName));
    }

    private static void warn(List<String> warnings, int[] dropped, String warning) {
        if (warnings.size() < MAX_WARNINGS) {
            warnings.add(warning);
        } else {
            dropped[0]++;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    /** The entry for a session id (case-insensitive). */
    public Optional<Entry> forSessionId(String sessionId) {
        return sessionId == null ? Optional.empty()
                : Optional.ofNullable(bySessionId.get(sessionId.toLowerCase(Locale.ROOT)));
    }

    /** The entry whose {@code sessionFile} has this file name. */
    public Optional<Entry> forFileName(String fileName) {
        return Optional.ofNullable(byFileName.get(fileName));
    }

    /** Every entry, in no particular order. */
    public Collection<Entry> entries() {
        return List.copyOf(bySessionId.values());
    }

    /** What was wrong with the file, at most about fifty lines. */
    public List<String> warnings() {
        return warnings;
    }
}
