package dev.sessionlog.store.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an open may create in a store directory, and which of it was there before, so that an open
 * that fails removes what it created and leaves the directory as it found it: the directory
 * itself, the metadata file, the lock file, the log directory and Chronicle's table file in it. A
 * log that holds a day file is never touched: an open that got that far wrote records, and the next
 * open completes the store.
 *
 * <p>Threads: the opening thread.
 */
public final class CreatedFiles {
    /** Chronicle's table file in the log directory (its own lock and cycle listing). */
    private static final String CHRONICLE_TABLE = "metadata.cq4t";

    private final Path logDir;
    private final List<Path> absent = new ArrayList<>();

    private CreatedFiles(Path store, Path logDir) {
        this.logDir = logDir;
        for (Path path : List.of(store, store.resolve(StoreMetadata.FILE_NAME), store.resolve(StoreLock.FILE_NAME),
                logDir, logDir.resolve(CHRONICLE_TABLE))) {
            if (!Files.exists(path)) {
                absent.add(path);
            }
        }
    }

    /** Notes what exists of the store in {@code store}, before an open creates anything. */
    public static CreatedFiles before(Path store, Path logDir) {
        return new CreatedFiles(store, logDir);
    }

    /**
     * Removes what did not exist before, newest first, unless the log holds a day file now; files
     * the open did not create, and directories that hold anything else, are left alone. While the
     * open still holds the store's lock, so no other writer uses them. Best effort: what cannot be
     * removed is what the next open would create.
     */
    public void removeCreated() {
        if (Files.isDirectory(logDir) && !LogFiles.list(logDir).isEmpty()) {
            return;
        }
        for (int i = absent.size() - 1; i >= 0; i--) {
            Path path = absent.get(i);
            try {
                if (Files.isDirectory(path)) {
                    if (isEmpty(path)) {
                        Files.delete(path);
                    }
                } else {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                // the next open creates or reuses it
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }
}
