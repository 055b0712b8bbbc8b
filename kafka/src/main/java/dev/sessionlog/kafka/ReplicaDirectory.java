package dev.sessionlog.kafka;

import dev.sessionlog.StoreFullException;
import dev.sessionlog.spi.DiskSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder where one open node keeps its copy of the events topic, with one file per partition
 * ({@link PartitionFile}) and a file {@value #LOCK} that the node holds a lock on while it is open.
 * By default a new folder {@code <store>-replica-<random>} under the options' replica directory:
 * the copy is read from the topic again at every open, so the folder is removed at close; a node
 * killed before it could remove it leaves it behind, and the next node of the store that opens
 * under the same replica directory removes every such folder whose lock nobody holds. A durable
 * replica's folder is {@code <store>-node-<node id>} instead: kept at close, resumed from at the
 * node's next open, never removed by another node.
 *
 * <p>A folder is only ever removed by whoever holds its lock, and its owner, once it holds the
 * lock, checks that the lock file is still there: so an owner and a cleaner that meet on a new
 * folder never both believe they have it.
 */
final class ReplicaDirectory implements AutoCloseable {
    static final String LOCK = "lock";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final int ATTEMPTS = 5;

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final DiskSpace diskSpace;
    private final boolean durable;

    private ReplicaDirectory(Path path, FileChannel lockChannel, FileLock lock, long reserveBytes, boolean durable)
            throws IOException {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.durable = durable;
        this.diskSpace = new DiskSpace(Files.getFileStore(path)::getUsableSpace, reserveBytes, System::nanoTime);
    }

    /**
     * Makes a new folder for a node of {@code storeName} under {@code parent} (made when missing),
     * after removing the folders of that store's nodes that ended without removing theirs.
     *
     * @param reserveBytes the free space on its disk that writes must leave ({@link #requireRoom})
     * @throws UncheckedIOException when the folder cannot be made or locked
     */
    static ReplicaDirectory create(Path parent, String storeName, long reserveBytes) {
        try {
            Files.createDirectories(parent);
            removeAbandoned(parent, storeName);
            for (int attempt = 1; ; attempt++) {
                Path path = Files.createTempDirectory(parent, prefix(storeName)); // 0700 where POSIX
                FileChannel channel = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock != null && Files.exists(path.resolve(LOCK))) {
                    return new ReplicaDirectory(path, channel, lock, reserveBytes, false);
                }
                channel.close(); // a cleaner took the new folder for an abandoned one: make another
                if (attempt == ATTEMPTS) {
                    throw new IOException("could not lock a new replica folder under " + parent + " in "
                            + ATTEMPTS + " attempts");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not make this node's replica folder under " + parent, e);
        }
    }

    /**
     * Opens the durable folder of node {@code nodeId} of {@code storeName} under {@code parent}, made
     * when missing, with what an earlier open of the node left in it.
     *
     * @throws IllegalStateException when another node with that id has it open
     * @throws UncheckedIOException when it cannot be made or locked
     */
    static ReplicaDirectory durable(Path parent, String storeName, String nodeId, long reserveBytes) {
        Path path = parent.resolve(storeName + "-node-" + nodeId);
        try {
            Files.createDirectories(parent);
            if (!Files.isDirectory(path)) {
                Files.createDirectory(path, ownerOnly("rwx------"));
            }
            FileChannel channel = FileChannel.open(path.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("node " + nodeId + " of the store " + storeName + " is open already"
                        + " (its replica folder " + path + " is locked): give every node an id of its own");
            }
            return new ReplicaDirectory(path, channel, lock, reserveBytes, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open this node's replica folder " + path, e);
        }
    }

    /** Removes the folders of {@code storeName}'s nodes under {@code parent} whose lock nobody holds. */
    static void removeAbandoned(Path parent, String storeName) throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, prefix(storeName) + "*")) {
            for (Path folder : folders) {
                Path lockFile = folder.resolve(LOCK);
                if (!Files.isDirectory(folder) || !Files.exists(lockFile)) {
                    continue; // being made, or not one of ours
                }
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                     FileLock held = tryLock(channel)) {
                    if (held != null) {
                        Files.delete(lockFile); // first, while locked: the owner of a new folder checks for it
                        deleteTree(folder);
                    }
                } catch (NoSuchFileException gone) {
                    // removed by another cleaner meanwhile
                }
            }
        }
    }

    private static String prefix(String storeName) {
        return storeName + "-replica-";
    }

    /** The lock, or null when another process or another channel of this JVM holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Checks that writing {@code bytes} more leaves the reserve free on the folder's disk, and counts
     * them as written; as the replica's thread.
     *
     * @throws StoreFullException when it would not
     * @throws IOException when the free space cannot be read
     */
    void requireRoom(long bytes) throws IOException {
        diskSpace.require(bytes, "this node's replica in " + path);
        diskSpace.wrote(bytes);
    }

    /**
     * The file for partition {@code partition}'s events, readable by this user only: new and empty,
     * or, in a durable folder, what an earlier open left.
     */
    Path partitionFile(int partition) throws IOException {
        Path file = path.resolve("partition-" + partition);
        if (durable && Files.exists(file)) {
            return file;
        }
        return Files.createFile(file, ownerOnly("rw-------"));
    }

    /** The ledger of {@code partition} that {@link #keepLedger} kept at the node's last close, if any. */
    Optional<byte[]> keptLedger(int partition) {
        try {
            return Optional.of(Files.readAllBytes(path.resolve("ledger-" + partition)));
        } catch (NoSuchFileException none) {
            return Optional.empty();
        } catch (IOException e) {
            System.getLogger(ReplicaDirectory.class.getName()).log(System.Logger.Level.WARNING,
                    "could not read the kept ledger of partition " + partition + " in " + path, e);
            return Optional.empty();
        }
    }

    /** Keeps {@code ledger} for {@code partition}, replacing the one kept before at once (write, then rename). */
    void keepLedger(int partition, byte[] ledger) throws IOException {
        Path kept = path.resolve("ledger-" + partition);
        Path written = path.resolve("ledger-" + partition + ".new");
        Files.deleteIfExists(written);
        Files.write(Files.createFile(written, ownerOnly("rw-------")), ledger);
        Files.move(written, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code permissions} for a file or folder made here, where the file system has POSIX permissions. */
    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }

    /** Whether the folder is kept at close, for the node's next open. */
    boolean durable() {
        return durable;
    }

    Path path() {
        return path;
    }

    /** Releases the folder's lock; removes the folder unless it is durable. */
    @Override
    public void close() {
        if (durable) {
            try (lockChannel) {
                lock.release();
            } catch (IOException e) {
                System.getLogger(ReplicaDirectory.class.getName()).log(System.Logger.Level.WARNING,
                        "could not release the lock of " + path, e);
            }
            return;
        }
        try (lockChannel; DirectoryStream<Path> files = Files.newDirectoryStream(path)) {
            for (Path file : files) {
                if (!file.getFileName().toString().equals(LOCK)) {
                    Files.delete(file);
                }
            }
            Files.delete(path.resolve(LOCK)); // last: a folder left with its lock file is one a cleaner removes
            lock.release();
            Files.delete(path);
        } catch (IOException e) {
            System.getLogger(ReplicaDirectory.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove the replica folder " + path + "; the next node to open removes it", e);
        }
    }
}
