package dev.sessionlog.store.index;

import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.Shredder;
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
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

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
            CrcBuffer buffer = new CrcBuffer(Channels.newOutputStream(channel));
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeInt(magic);
            out.writeInt(version);
            body.writeTo(out);
            out.writeInt(buffer.crc());
            out.flush();
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
     * A buffer in front of the file that keeps the CRC32C of what passed through it, a 64 KiB block
     * at a time: a checkpoint is millions of small writes, and neither {@code BufferedOutputStream}
     * (synchronized) nor {@code CheckedOutputStream} (a CRC call per write) is made for that.
     */
    private static final class CrcBuffer extends OutputStream {
        private final OutputStream file;
        private final CRC32C crc = new CRC32C();
        private final byte[] buffer = new byte[1 << 16];
        private int used;

        CrcBuffer(OutputStream file) {
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            if (used == buffer.length) {
                drain();
            }
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length > buffer.length - used) {
                drain();
                if (length > buffer.length) {
                    crc.update(bytes, offset, length);
                    file.write(bytes, offset, length);
                    return;
                }
            }
            System.arraycopy(bytes, offset, buffer, used, length);
            used += length;
        }

        /** The CRC32C of everything written so far. */
        int crc() throws IOException {
            drain();
            return (int) crc.getValue();
        }

        @Override
        public void flush() throws IOException {
            drain();
            file.flush();
        }

        private void drain() throws IOException {
            crc.update(buffer, 0, used);
            file.write(buffer, 0, used);
            used = 0;
        }
    }

    /**
     * The contents of {@code name} after its header, without the CRC (the buffer's limit), or empty
     * when the file is missing, unreadable, too short, fails its CRC, or has another magic number
     * or version.
     */
    static Optional<ByteBuffer> read(Path dir, String name, int magic, int version) {
        return read(dir, name, magic, v -> v == version);
    }

    /**
     * Like {@link #read(Path, String, int, int)}, for a file that may be in any version
     * {@code accepted} takes; the version is the buffer's {@code int} at index 4.
     */
    static Optional<ByteBuffer> read(Path dir, String name, int magic, IntPredicate accepted) {
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
                || buffer.getInt() != magic || !accepted.test(buffer.getInt())) {
            return Optional.empty();
        }
        return Optional.of(buffer.limit(bytes.length - 4));
    }
}
