package dev.sessionlog.store;

import java.nio.file.Path;

/**
 * The child process of {@link BackupIT} that is killed while it backs up: opens the store
 * read-only, prints {@code STARTED}, backs it up into the destination and prints {@code BACKED UP}.
 * Arguments: store directory, destination.
 */
public final class BackingUp {
    private BackingUp() {}

    public static void main(String[] args) {
        try (ChronicleSessionStore store = ChronicleSessionStore.openReadOnly(Path.of(args[0]))) {
            System.out.println("STARTED");
            System.out.flush();
            store.backup(Path.of(args[1]));
            System.out.println("BACKED UP");
            System.out.flush();
        }
    }
}
