package dev.sessionlog.store.index;

import dev.sessionlog.SessionSummary;
import dev.sessionlog.spi.SessionEntries;
import dev.sessionlog.spi.SessionImage;
import dev.sessionlog.util.TextArena;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a store's ledger checkpoint into format 2, the format of the version before the session
 * index became rows (4f85f49), for tests that a store written by that version opens from its
 * checkpoint. The writing code is that version's, as it was.
 */
public final class LedgerCheckpointFormat2 {
    private static final int MAGIC = 0x534c4c47; // LedgerCheckpoint's "SLLG"

    private LedgerCheckpointFormat2() {}

    /** Rewrites the format-4 ledger checkpoint in {@code dir} as format 2, with the same contents less the providers. */
    public static void rewrite(Path dir) throws IOException {
        ByteBuffer in = CheckpointFile.read(dir, LedgerCheckpoint.FILE_NAME, MAGIC, 4).orElseThrow();
        long covered = in.getLong();
        SessionEntries sessions = SessionImage.readWithOwnSlots(in); // numbered in the file's order
        int keyCount = in.getInt();
        long[] keys = new long[keyCount];
        for (int i = 0; i < keyCount; i++) {
            keys[i] = in.getLong(); // fingerprint and sequence, as both formats store them
        }
        Map<String, Long> collided = new LinkedHashMap<>();
        for (int i = in.getInt(); i > 0; i--) {
            collided.put(TextArena.read(in), in.getLong());
        }
        List<Map.Entry<String, Long>> openCalls = new ArrayList<>(); // a session may have several
        for (int i = in.getInt(); i > 0; i--) {
            openCalls.add(Map.entry(TextArena.read(in), in.getLong()));
        }
        CheckpointFile.write(dir, LedgerCheckpoint.FILE_NAME, MAGIC, 2, out -> {
            out.writeLong(covered);
            out.writeInt(sessions.count());
            for (int slot = 0; slot < sessions.slots().size(); slot++) {
                if (sessions.contains(slot)) {
                    writeSession(out, sessions.summary(slot), sessions.lastPosition(slot));
                }
            }
            out.writeInt(keyCount);
            for (long key : keys) {
                out.writeLong(key);
            }
            out.writeInt(collided.size());
            for (Map.Entry<String, Long> entry : collided.entrySet()) {
                writeText(out, entry.getKey());
                out.writeLong(entry.getValue());
            }
            out.writeInt(openCalls.size());
            for (Map.Entry<String, Long> entry : openCalls) {
                writeText(out, entry.getKey());
                out.writeLong(entry.getValue());
            }
        });
    }

    private static void writeSession(DataOutputStream out, SessionSummary s, long lastPosition) throws IOException {
        byte[] id = s.sessionId().value().getBytes(StandardCharsets.US_ASCII);
        out.writeByte(id.length);
        out.write(id);
        writeText(out, s.sessionKey() == null ? null : s.sessionKey().value());
        writeText(out, s.agentId());
        writeText(out, s.channel());
        writeText(out, s.state().name());
        out.writeLong(s.lastSequence());
        out.writeLong(s.messageCount());
        out.writeInt(s.openCalls());
        writeText(out, s.lastFailure() == null ? null : s.lastFailure().name());
        writeText(out, s.model());
        out.writeLong(s.totalTokens());
        writeInstant(out, s.createdAt());
        writeInstant(out, s.updatedAt());
        writeText(out, s.endReason() == null ? null : s.endReason().name());
        out.writeLong(lastPosition);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }
}
