package dev.sessionlog.store.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Transcripts are private conversations: the store's directories are owner-only (0700) and its files
 * owner-read-write (0600). The store creates its own directories and files with those permissions
 * from their first byte ({@link #createPrivateDirectory}, {@link #createPrivateFile}): the mode is
 * given to the system call that creates them, so no umask can widen it (a umask can only narrow
 * it). Chronicle creates its files itself, with the process umask, inside the log directory, which
 * is already 0700, so nothing in it is reachable by others; the store restricts them right after.
 * On a file system without POSIX permissions this does nothing.
 */
public final class FilePrivacy {
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private FilePrivacy() {}

    /** Creates {@code dir} (and missing parents) and makes it owner-only. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIRECTORY);
        }
    }

    /**
     * Opens {@code file} with {@code options}, creating it owner-read-write from its first byte when
     * it does not exist (the permissions are given as it is created, not set after).
     */
    public static FileChannel createPrivateFile(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> set = new HashSet<>(Arrays.asList(options));
        if (POSIX) {
            return FileChannel.open(file, set, PosixFilePermissions.asFileAttribute(FILE));
        }
        return FileChannel.open(file, set);
    }

    /**
     * Writes {@code bytes} to {@code file} as a new owner-read-write file and syncs it; a file
     * already there (a temporary file left by a crash) is removed first, so its permissions are not
     * inherited.
     */
    public static void writePrivateFile(Path file, byte[] bytes) throws IOException {
        Files.deleteIfExists(file);
        try (FileChannel channel = createPrivateFile(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Syncs {@code dir}'s entries (renames into it) to the disk, where the platform allows it. */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every platform can sync a directory; the renames are still atomic
        }
    }

    /**
     * Removes the temporary files ({@code *.tmp}) a crash or a full disk left directly in {@code dir}
     * while a checkpoint or the store's metadata was being written; as the store's writer, before it
     * writes any. Returns how many it removed.
     */
    public static int removeTemporaries(Path dir) throws IOException {
        int removed = 0;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (child.getFileName().toString().endsWith(".tmp") && Files.isRegularFile(child)) {
                    Files.delete(child);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Creates a new owner-only directory among the system's temporary files. */
    public static Path createPrivateTempDirectory(String prefix) throws IOException {
        return POSIX ? Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(DIRECTORY))
                : Files.createTempDirectory(prefix);
    }

    /** Makes {@code file} owner-read-write. */
    public static void restrictFile(Path file) throws IOException {
        if (POSIX && Files.isRegularFile(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Restricts every file and directory directly inside {@code dir} (Chronicle's files). */
    public static void restrictContents(Path dir) throws IOException {
        if (!POSIX) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (Files.isDirectory(child)) {
                    Files.setPosixFilePermissions(child, DIRECTORY);
                } else if (Files.isRegularFile(child)) {
                    Files.setPosixFilePermissions(child, FILE);
                }
            }
        }
    }
}
