package dev.sessionlog.store.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.file.Path;
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
    /** The fewest bytes one session takes: an id of one character, the deleted flag, the size. */
    private static final int MIN_SESSION_BYTES = 1 + 1 + 1 + 4;

    private IndexCheckpoint() {}

    /** Writes the index {@code snapshot} atomically into {@code dir}. */
    public static void write(Path dir, PositionIndex.Snapshot snapshot) throws IOException {
        CheckpointFile.write(dir, FILE_NAME, MAGIC, VERSION, out -> {
            out.writeLong(snapshot.lastIndex());
            int sessions = 0;
            for (int slot = 0; slot < snapshot.slotCount(); slot++) {
                sessions += snapshot.sizeWord(slot) == 0 ? 0 : 1;
            }
            out.writeInt(sessions);
            for (int slot = 0; slot < snapshot.slotCount(); slot++) {
                int word = snapshot.sizeWord(slot);
                if (word == 0) {
                    continue;
                }
                int size = word & Integer.MAX_VALUE;
                snapshot.slots().writeId(slot, out);
                out.writeBoolean(word < 0);
                out.writeInt(size);
                for (int sequence = 1; sequence <= size; sequence++) {
                    out.writeLong(snapshot.position(slot, sequence));
                }
            }
        });
    }

    /**
     * The checkpointed index, or empty when the file is missing, truncated, corrupt or of another
     * version. Loads without an object per session: each id goes straight from the file's bytes into
     * the index's {@link dev.sessionlog.spi.SessionSlots}, each session's positions into its row.
     */
    public static Optional<PositionIndex> read(Path dir) {
        Optional<ByteBuffer> contents = CheckpointFile.read(dir, FILE_NAME, MAGIC, VERSION);
        if (contents.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer buffer = contents.get();
        try {
            long lastIndex = buffer.getLong();
            int count = buffer.getInt();
            if (count < 0 || count > buffer.remaining() / MIN_SESSION_BYTES) {
                return Optional.empty();
            }
            PositionIndex index = new PositionIndex();
            for (int i = 0; i < count; i++) {
                int idLength = buffer.get() & 0xff;
                if (idLength > buffer.remaining()) {
                    return Optional.empty();
                }
                int slot = index.slots().appendAscii(buffer.array(), buffer.arrayOffset() + buffer.position(), idLength);
                buffer.position(buffer.position() + idLength);
                boolean deleted = buffer.get() != 0;
                int size = buffer.getInt();
                if (slot < 0 || size < 0 || size > buffer.remaining() / 8) {
                    return Optional.empty(); // not a session id, or past the end
                }
                index.load(slot, deleted, size, buffer);
            }
            if (buffer.hasRemaining() || !index.slots().index()) {
                return Optional.empty(); // trailing bytes, or a session twice
            }
            index.coveredUpTo(lastIndex);
            return Optional.of(index);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
