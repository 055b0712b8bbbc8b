package dev.sessionlog.cli;

import java.nio.file.Path;

/**
 * How commands get a store. The production opener opens Chronicle stores; tests substitute one
 * that opens in-memory stores, so every command runs in process.
 */
interface StoreOpener {

    /** Opens the store at {@code directory} for reading only: works while another process writes it. */
    OpenedStore openReadOnly(Path directory);

    /** Opens (or creates) the store at {@code directory} as its one writer. */
    OpenedStore openForWriting(Path directory);

    /**
     * Opens the existing store at {@code directory} as its one writer, for a command that changes
     * it; a directory that holds no store is refused, never made one.
     */
    OpenedStore openExistingForWriting(Path directory);

    /** Creates a store of its own in a temporary place, deleted when it is closed (the demo's). */
    OpenedStore openTemporary();

    /**
     * Repairs the store at {@code directory}: moves the damaged files aside, salvages every readable
     * record, and says what was lost; leaves a healthy store as it is.
     */
    RepairOutcome repair(Path directory);
}
