package dev.sessionlog.store.index;

import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.Shredder;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The safety rules every checkpoint file follows: a magic number and a format version up front, a
 * CRC32C of everything before it at the end; written to a temporary file, synced, then renamed over
 * the old one, so a crash leaves the old file or the new one, never half of one. The temporary file
 * is owner-read-write from its first byte ({@link FilePrivacy#createPrivateFile}). The file replaced
 * is overwritten with zeros and synced once the new one is in place (it may name a session erased
 * since), not merely unlinked. Reading answers
 * "no checkpoint" for anything that does not pass these checks.
 */
final class CheckpointFile {
    private CheckpointFile() {}

    /** Writes a checkpoint's contents after the magic number and version. */
    @FunctionalInterface
    interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Writes {@code name} in {@code dir} atomically: header, {@code body}, CRC32C. */
    static void write(Path dir, String name, int magic, int version, Body body) throws IOException {
        Path temp = dir.resolve(name + ".tmp");
        Files.deleteIfExists(temp); // one left by a crash keeps whatever permissions it had
        try (FileChannel channel = FilePrivacy.createPrivateFile(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            CRC32C crc = new CRC32C();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(file, crc));
            out.writeInt(magic);
            out.writeInt(version);
            body.writeTo(out);
            out.flush();
            new DataOutputStream(file).writeInt((int) crc.getValue());
            file.flush();
            channel.force(true);
        }
        Path target = dir.resolve(name);
        try (FileChannel replaced = openIfExists(target)) {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            FilePrivacy.syncDirectory(dir);
            if (replaced != null) {
                Shredder.overwrite(replaced); // it may name sessions erased since: its blocks must not keep them
            }
        }
    }

    /** The file open for writing, or null when it does not exist. */
    private static FileChannel openIfExists(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Overwrites and deletes {@code name} in {@code dir}, if it exists: the next open rebuilds what it held. */
    static void discard(Path dir, String name) throws IOException {
        Shredder.shred(dir.resolve(name));
    }

    /**
     * The contents of {@code name} after its header, without the CRC (the buffer's limit), or empty
     * when the file is missing, unreadable, too short, fails its CRC, or has another magic number
     * or version.
     */
    static Optional<ByteBuffer> read(Path dir, String name, int magic, int version) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(dir.resolve(name));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length < 12) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(bytes.length - 4) != (int) crc.getValue()
                || buffer.getInt() != magic || buffer.getInt() != version) {
            return Optional.empty();
        }
        return Optional.of(buffer.limit(bytes.length - 4));
    }
}
