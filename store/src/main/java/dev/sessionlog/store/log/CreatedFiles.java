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
 * itself, the metadata file, the lock file, and for each partition its directories, its log
 * directory and Chronicle's table file in it. A log that holds a day file is never touched: an open
 * that got that far wrote records, and the next open completes the store.
 *
 * <p>Threads: the opening thread.
 */
public final class CreatedFiles {
    /** Chronicle's table file in the log directory (its own lock and cycle listing). */
    private static final String CHRONICLE_TABLE = "metadata.cq4t";

    private final Path store;
    private final List<Path> logDirs = new ArrayList<>();
    private final List<Path> absent = new ArrayList<>();

    private CreatedFiles(Path store) {
        this.store = store;
        noteIfAbsent(List.of(store, store.resolve(StoreMetadata.FILE_NAME), store.resolve(StoreLock.FILE_NAME)));
    }

    /** Notes what exists of the store in {@code store}, before an open creates anything. */
    public static CreatedFiles before(Path store) {
        return new CreatedFiles(store);
    }

    /**
     * Notes what exists of the partitions whose log directories are {@code partitionLogDirs} (in
     * the store directory), before the open creates them: the directories between the store and
     * each log, the log, and Chronicle's table in it.
     */
    public void beforeLogs(List<Path> partitionLogDirs) {
        for (Path logDir : partitionLogDirs) {
            logDirs.add(logDir);
            List<Path> paths = new ArrayList<>();
            for (Path dir = logDir.getParent(); dir != null && !dir.equals(store); dir = dir.getParent()) {
                paths.add(0, dir);
            }
            paths.add(logDir);
            paths.add(logDir.resolve(CHRONICLE_TABLE));
            noteIfAbsent(paths);
        }
    }

    private void noteIfAbsent(List<Path> paths) {
        for (Path path : paths) {
            if (!absent.contains(path) && !Files.exists(path)) {
                absent.add(path);
            }
        }
    }

    /**
     * Removes what did not exist before, newest first, unless a log holds a day file now; files
     * the open did not create, and directories that hold anything else, are left alone. While the
     * open still holds the store's lock, so no other writer uses them. Best effort: what cannot be
     * removed is what the next open would create.
     */
    public void removeCreated() {
        for (Path logDir : logDirs) {
            if (Files.isDirectory(logDir) && !LogFiles.list(logDir).isEmpty()) {
                return;
            }
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
