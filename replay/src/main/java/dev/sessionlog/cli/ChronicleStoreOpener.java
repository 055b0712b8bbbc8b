package dev.sessionlog.cli;

import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.store.StoreProblem;
import dev.sessionlog.store.StoreVerification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Opens {@link ChronicleSessionStore}s: the production {@link StoreOpener}. */
final class ChronicleStoreOpener implements StoreOpener {
    /** The demo's watchdog runs often, so a hung call ends close to its deadline. */
    private static final Duration DEMO_WATCHDOG = Duration.ofMillis(25);

    @Override
    public OpenedStore openReadOnly(Path directory) {
        return new Opened(open(directory, () -> ChronicleSessionStore.openReadOnly(directory)), false, "read-only");
    }

    @Override
    public OpenedStore openForWriting(Path directory) {
        return new Opened(open(directory, () -> ChronicleSessionStore.open(directory, ChronicleStoreOptions.defaults())),
                false, "writing");
    }

    @Override
    public OpenedStore openTemporary() {
        Path directory;
        try {
            directory = Files.createTempDirectory("sessionlog-demo-");
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().watchdogInterval(DEMO_WATCHDOG)
                .diskReserveBytes(1L << 20).build();
        try {
            return new Opened(open(directory, () -> ChronicleSessionStore.open(directory, options)), true, "temporary");
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /**
     * Opens a store, turning whatever a damaged directory makes Chronicle throw into one clear
     * error: the store's own typed errors pass through, anything else (a truncated queue file, say)
     * becomes "cannot open".
     */
    private static ChronicleSessionStore open(Path directory, java.util.function.Supplier<ChronicleSessionStore> opener) {
        try {
            return opener.get();
        } catch (SessionStoreException e) {
            throw e;
        } catch (UncheckedIOException e) {
            throw new StoreUnavailableException("cannot open the store " + directory + ": "
                    + e.getCause().getMessage(), e);
        } catch (RuntimeException | InternalError e) {
            throw new StoreUnavailableException("cannot open the store " + directory + ": it is damaged or not a "
                    + "sessionlog store (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless; the OS cleans temp
        }
    }

    /** An opened Chronicle store. */
    private static final class Opened implements OpenedStore {
        private final ChronicleSessionStore store;
        private final boolean temporary;
        private final String mode;

        Opened(ChronicleSessionStore store, boolean temporary, String mode) {
            this.store = store;
            this.temporary = temporary;
            this.mode = mode;
        }

        @Override
        public SessionStore store() {
            return store;
        }

        @Override
        public String description() {
            return "Chronicle store " + store.directory() + " (" + mode + ")";
        }

        @Override
        public Verification verify() {
            StoreVerification verification = store.verification();
            return new Verification(verification.sessionsChecked(), verification.eventsChecked(),
                    verification.problems().stream().map(Opened::problem).toList());
        }

        @Override
        public List<Problem> recordProblems() {
            return store.verification().problems().stream()
                    .filter(p -> p.kind() == StoreProblem.Kind.RECORD)
                    .map(Opened::problem)
                    .toList();
        }

        /** A record problem names its log position; an event's its sequence; the index's neither. */
        private static Problem problem(StoreProblem p) {
            String session = p.session() == null ? null : p.session().value();
            return switch (p.kind()) {
                case RECORD -> new Problem("records", session, p.position(), p.description());
                case EVENT -> new Problem("verify", session, p.sequence(), p.description());
                case INDEX -> new Problem("verify", session, 0, p.description());
            };
        }

        @Override
        public List<Stat> storageStats() {
            long[] filesAndBytes = {0, 0};
            try (Stream<Path> paths = Files.walk(store.directory())) {
                paths.filter(Files::isRegularFile).forEach(path -> {
                    filesAndBytes[0]++;
                    filesAndBytes[1] += path.toFile().length();
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(Stat.of("storage.directory", store.directory()), Stat.of("storage.files", filesAndBytes[0]),
                    Stat.of("storage.apparentBytes", filesAndBytes[1]));
        }

        @Override
        public void close() {
            store.close();
            if (temporary) {
                deleteRecursively(store.directory());
            }
        }
    }
}
