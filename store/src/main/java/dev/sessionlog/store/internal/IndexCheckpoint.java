package dev.sessionlog.store.internal;

import dev.sessionlog.SessionId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The position index saved to disk so a read-only open (the CLI) need not scan the log. Written to a
 * temporary file, synced, then renamed over the old one, so a crash leaves the old or the new file,
 * never half of one; a CRC32C covers the contents. Anything unreadable means "no checkpoint": the
 * index is rebuilt from the log, which is the source of truth.
 */
public final class IndexCheckpoint {
    /** The file name inside the store directory. */
    public static final String FILE_NAME = "index.checkpoint";
    private static final int MAGIC = 0x534c4958; // "SLIX"
    private static final int VERSION = 1;

    private IndexCheckpoint() {}

    /** Writes {@code index} atomically into {@code dir}. */
    public static void write(Path dir, PositionIndex index) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(index.lastIndex());
        Map<SessionId, SessionPositions> sessions = Map.copyOf(index.sessions());
        out.writeInt(sessions.size());
        for (Map.Entry<SessionId, SessionPositions> entry : sessions.entrySet()) {
            byte[] id = entry.getKey().value().getBytes(StandardCharsets.US_ASCII);
            SessionPositions positions = entry.getValue();
            long[] all = positions.range(1, positions.size());
            out.writeByte(id.length);
            out.write(id);
            out.writeBoolean(positions.deleted());
            out.writeInt(all.length);
            for (long position : all) {
                out.writeLong(position);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        Path temp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        FilePrivacy.restrictFile(temp);
        Files.move(temp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The checkpointed index, or empty when the file is missing, truncated, corrupt or of another version. */
    public static Optional<PositionIndex> read(Path dir) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(FILE_NAME));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length < 24) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(bytes.length - 4) != (int) crc.getValue()
                || buffer.getInt() != MAGIC || buffer.getInt() != VERSION) {
            return Optional.empty();
        }
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
            if (buffer.remaining() != 4) {
                return Optional.empty();
            }
            index.coveredUpTo(lastIndex);
            return Optional.of(index);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
