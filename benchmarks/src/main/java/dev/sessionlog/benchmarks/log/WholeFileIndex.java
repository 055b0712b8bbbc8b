package dev.sessionlog.benchmarks.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The {@code sessions.json} index of a lock-file gateway: one JSON object mapping each session key
 * to its entry. Every change takes the global {@code sessions.json.lock}, reads and parses the whole
 * file, changes one entry, and writes the whole file to a temporary file renamed over the old one.
 * Listing reads and parses it whole. Entries here are about 700 bytes; real ones with skill
 * snapshots reach tens of kilobytes, so the measured costs are a lower bound.
 */
final class WholeFileIndex implements SessionIndex {
    private static final String KEY_PREFIX = "agent:main:telegram:direct:";

    private final Path file;
    private final Path lock;
    private final ObjectMapper json = new ObjectMapper();

    WholeFileIndex(Path directory) {
        this.file = directory.resolve("sessions.json");
        this.lock = directory.resolve("sessions.json.lock");
    }

    @Override
    public void createSessions(List<SessionId> sessions) {
        LockFile.withLock(lock, () -> {
            ObjectNode index = Files.exists(file) ? (ObjectNode) json.readTree(file.toFile()) : json.createObjectNode();
            long now = System.currentTimeMillis();
            for (SessionId session : sessions) {
                index.set(KEY_PREFIX + session.value(), entry(session, now));
            }
            write(index);
        });
    }

    private ObjectNode entry(SessionId session, long updatedAt) {
        ObjectNode entry = json.createObjectNode();
        entry.put("sessionId", session.value());
        entry.put("updatedAt", updatedAt);
        entry.put("sessionFile", "/home/gateway/.openclaw/agents/main/sessions/" + session.value() + ".jsonl");
        entry.put("chatType", "direct");
        entry.put("channel", "telegram");
        ObjectNode origin = entry.putObject("origin");
        origin.put("provider", "telegram");
        origin.put("surface", "telegram");
        origin.put("chatType", "direct");
        origin.put("from", "telegram:" + session.value());
        origin.put("to", "telegram:bot");
        entry.put("abortedLastRun", false);
        entry.put("thinkingLevel", "low");
        entry.put("modelProvider", "anthropic");
        entry.put("model", "claude-sonnet-4-6");
        entry.put("inputTokens", 120_341);
        entry.put("outputTokens", 8_812);
        entry.put("totalTokens", 129_153);
        entry.put("cacheRead", 112_640);
        entry.put("cacheWrite", 0);
        entry.put("contextTokens", 200_000);
        entry.put("compactionCount", 2);
        entry.put("displayName", "Telegram chat " + session.value());
        ObjectNode delivery = entry.putObject("deliveryContext");
        delivery.put("channel", "telegram");
        delivery.put("to", "telegram:" + session.value());
        delivery.put("accountId", "default");
        entry.put("lastChannel", "telegram");
        entry.put("lastTo", "telegram:" + session.value());
        return entry;
    }

    @Override
    public void updateModel(SessionId session, String model) {
        LockFile.withLock(lock, () -> {
            ObjectNode index = (ObjectNode) json.readTree(file.toFile());
            JsonNode entry = index.get(KEY_PREFIX + session.value());
            if (!(entry instanceof ObjectNode changed)) {
                throw new IllegalArgumentException("no session " + session + " in " + file);
            }
            changed.put("model", model);
            changed.put("updatedAt", System.currentTimeMillis());
            write(index);
        });
    }

    private void write(ObjectNode index) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        json.writeValue(temporary.toFile(), index);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public List<SessionId> listSessions() {
        JsonNode index;
        try {
            index = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> entries = new ArrayList<>(index.size());
        for (Map.Entry<String, JsonNode> property : index.properties()) {
            entries.add(property.getValue());
        }
        entries.sort(Comparator.comparingLong((JsonNode entry) -> entry.get("updatedAt").asLong()).reversed());
        List<SessionId> sessions = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            sessions.add(SessionId.of(entry.get("sessionId").asText()));
        }
        return sessions;
    }

    @Override
    public void close() {
        // Every call opens and closes its own files.
    }
}
