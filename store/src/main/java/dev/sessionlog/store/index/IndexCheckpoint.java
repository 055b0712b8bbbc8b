package dev.sessionlog.store.index;

import dev.sessionlog.SessionId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The position index saved to disk so a read-only open (the CLI) need not scan the log, written
 * and checked as a {@link CheckpointFile}. Anything unreadable means "no checkpoint": the index is
 * rebuilt from the log, which is the source of truth.
 */
public final class IndexCheckpoint {
    /** The file name inside the store directory. */
    static final String FILE_NAME = "index.checkpoint";
    private static final int MAGIC = 0x534c4958; // "SLIX"
    private static final int VERSION = 1;

    private IndexCheckpoint() {}

    /** Writes the index {@code snapshot} atomically into {@code dir}. */
    public static void write(Path dir, PositionIndex.Snapshot snapshot) throws IOException {
        CheckpointFile.write(dir, FILE_NAME, MAGIC, VERSION, out -> {
            out.writeLong(snapshot.lastIndex());
            out.writeInt(snapshot.sessions().size());
            for (Map.Entry<SessionId, SessionPositions.Snapshot> entry : snapshot.sessions().entrySet()) {
                byte[] id = entry.getKey().value().getBytes(StandardCharsets.US_ASCII);
                SessionPositions.Snapshot positions = entry.getValue();
                out.writeByte(id.length);
                out.write(id);
                out.writeBoolean(positions.deleted());
                out.writeInt(positions.size());
                for (int i = 0; i < positions.size(); i++) {
                    out.writeLong(positions.positions()[i]);
                }
            }
        });
    }

    /** The checkpointed index, or empty when the file is missing, truncated, corrupt or of another version. */
    public static Optional<PositionIndex> read(Path dir) {
        Optional<ByteBuffer> contents = CheckpointFile.read(dir, FILE_NAME, MAGIC, VERSION);
        if (contents.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer buffer = contents.get();
        try {
            PositionIndex index = new PositionIndex();
            long lastIndex = buffer.getLong();
            int count = buffer.getInt();
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[buffer.get() & 0xff];
                buffer.get(id);
                String text = new String(id, StandardCharsets.US_ASCII);
                if (!SessionId.isValid(text)) {
                    return Optional.empty();
                }
                boolean deleted = buffer.get() != 0;
                int size = buffer.getInt();
                if (size < 0 || size > buffer.remaining() / 8) {
                    return Optional.empty();
                }
                SessionPositions positions = new SessionPositions();
                for (int j = 0; j < size; j++) {
                    positions.add(buffer.getLong());
                }
                if (deleted) {
                    positions.markDeleted();
                }
                index.put(new SessionId(text), positions);
            }
            if (buffer.hasRemaining()) {
                return Optional.empty();
            }
            index.coveredUpTo(lastIndex);
            return Optional.of(index);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
