package dev.sessionlog.store;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import java.nio.file.Path;
import java.util.List;

/** A child process of {@link FileModesIT}: creates the store in {@code args[0]}, appends, checkpoints and closes it. */
public final class PrivateStoreWriter {
    private PrivateStoreWriter() {}

    public static void main(String[] args) {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(Path.of(args[0]), StoreFixtures.quiet())) {
            store.append(SessionId.of("private"), ExpectedSequence.noSession(),
                    List.of(StoreFixtures.started("private"), StoreFixtures.message("secret"))).join();
        }
        System.out.println("CLOSED");
    }
}
