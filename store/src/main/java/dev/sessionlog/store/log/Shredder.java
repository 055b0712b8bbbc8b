package dev.sessionlog.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Overwrites files before they are let go: unlinking a file leaves its bytes in free blocks of the
 * disk, readable by anyone who can read the device, so a file that held a deleted session's data is
 * overwritten with zeros and synced first (erasure, see {@code ChronicleSessionStore.delete}). What
 * the disk itself keeps (an SSD's remapped blocks, a copy-on-write file system's old extents,
 * snapshots) is beyond a process's reach; the README says so.
 *
 * <p>Threads: any; each call works on its own file handle.
 */
public final class Shredder {
    private static final int CHUNK = 1 << 16;

    private Shredder() {}

    /** Overwrites every byte of the file open in {@code channel} (writable) with zeros and syncs it. */
    public static void overwrite(FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, size)));
        for (long at = 0; at < size; ) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
            at += channel.write(zeros, at);
        }
        channel.force(true);
    }

    /** Overwrites {@code file} with zeros, syncs it, then deletes it; nothing when it does not exist. */
    public static void shred(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            overwrite(channel);
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(file);
        FilePrivacy.syncDirectory(file.toAbsolutePath().getParent());
    }
}
