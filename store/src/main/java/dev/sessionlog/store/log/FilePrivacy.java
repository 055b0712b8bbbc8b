package dev.sessionlog.store.log;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Transcripts are private conversations: the store's directories are owner-only (0700) and its files
 * owner-read-write (0600). Chronicle creates its files with the process umask, so they are restricted
 * again after it creates them. On a file system without POSIX permissions this does nothing.
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
