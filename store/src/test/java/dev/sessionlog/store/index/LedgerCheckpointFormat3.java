package dev.sessionlog.store.index;

import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a store's ledger checkpoint into format 3, the format of the version before the session
 * index kept the provider: the same as format 4 but for the profiles, which were (agent, channel,
 * model) triples. For tests that a store written by that version opens and lists its sessions with
 * their providers.
 */
public final class LedgerCheckpointFormat3 {
    private static final int MAGIC = 0x534c4c47; // LedgerCheckpoint's "SLLG"

    private LedgerCheckpointFormat3() {}

    /** Rewrites the format-4 ledger checkpoint in {@code dir} as format 3, with the same contents less the providers. */
    public static void rewrite(Path dir) throws IOException {
        ByteBuffer in = CheckpointFile.read(dir, LedgerCheckpoint.FILE_NAME, MAGIC, 4).orElseThrow();
        long covered = in.getLong();
        SessionEntries sessions = SessionImage.readWithOwnSlots(in); // numbered in the file's order
        byte[] rest = Arrays.copyOfRange(in.array(), in.arrayOffset() + in.position(), in.arrayOffset() + in.limit());
        CheckpointFile.write(dir, LedgerCheckpoint.FILE_NAME, MAGIC, 3, out -> {
            out.writeLong(covered);
            writeRows(out, sessions);
            out.write(rest); // the key table, the collided keys and the open calls: unchanged
        });
    }

    /** The rows as format 3's image wrote them: each names a triple of the table that follows them. */
    private static void writeRows(DataOutputStream out, SessionEntries sessions) throws IOException {
        Map<List<String>, Integer> triples = new LinkedHashMap<>();
        triples.put(Arrays.asList(null, null, null), 0);
        out.writeInt(sessions.count());
        for (int slot = 0; slot < sessions.slots().size(); slot++) {
            if (!sessions.contains(slot)) {
                continue;
            }
            SessionSummary s = sessions.summary(slot);
            byte[] id = s.sessionId().value().getBytes(StandardCharsets.US_ASCII);
            out.writeByte(id.length);
            out.write(id);
            TextArena.write(s.sessionKey() == null ? null : s.sessionKey().value(), out);
            out.writeInt(triples.computeIfAbsent(Arrays.asList(s.agentId(), s.channel(), s.model()),
                    triple -> triples.size()));
            out.writeByte(s.endReason() == null ? 0 : s.endReason().ordinal() + 1);
            out.writeByte(s.lastFailure() == null ? 0 : s.lastFailure().ordinal() + 1);
            out.writeInt((int) s.lastSequence());
            out.writeInt((int) s.messageCount());
            out.writeInt(s.openCalls());
            out.writeLong(s.totalTokens());
            writeInstant(out, s.createdAt());
            writeInstant(out, s.updatedAt());
            out.writeLong(sessions.lastPosition(slot));
        }
        out.writeInt(triples.size());
        for (List<String> triple : new ArrayList<>(triples.keySet())) {
            for (String text : triple) {
                TextArena.write(text, out);
            }
        }
        out.writeInt(SessionEnded.Reason.values().length);
        for (SessionEnded.Reason reason : SessionEnded.Reason.values()) {
            TextArena.write(reason.name(), out);
        }
        out.writeInt(FailureKind.values().length);
        for (FailureKind kind : FailureKind.values()) {
            TextArena.write(kind.name(), out);
        }
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }
}
