package dev.sessionlog.store;

import java.nio.file.Path;

/**
 * The child process of {@link FailedOpenIT}: opens the store in {@code args[0]} for writing, appends
 * nothing, and prints {@code OPENED}, or the exception's type and message on one line.
 */
public final class OpeningWriter {
    private OpeningWriter() {}

    public static void main(String[] args) {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), StoreFixtures.quiet())) {
            System.out.println("OPENED");
        } catch (RuntimeException | Error e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        System.out.flush();
    }
}
