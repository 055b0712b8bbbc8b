package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.store.BackupReport;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.store.RepairReport;
import dev.sessionlog.store.StoreDamage;
import dev.sessionlog.store.StoreProblem;
import dev.sessionlog.store.StoreVerification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
    public OpenedStore openExistingForWriting(Path directory) {
        open(directory, () -> ChronicleSessionStore.openReadOnly(directory)).close(); // refuses what is not a store
        return openForWriting(directory);
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
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES).build();
        try {
            return new Opened(open(directory, () -> ChronicleSessionStore.open(directory, options)), true, "temporary");
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    @Override
    public RepairOutcome repair(Path directory) {
        RepairReport report = open(directory, () -> ChronicleSessionStore.repair(directory));
        List<Problem> found = new ArrayList<>();
        for (StoreDamage.Place place : report.damage().places()) {
            found.add(new Problem("damage", null, 0, place.file(), place.offset(), place.description()));
        }
        for (StoreDamage.Lost lost : report.damage().lost()) {
            found.add(new Problem("lost", lost.session().value(), lost.fromSequence(), lost + " are lost"));
        }
        String summary = !report.repaired() ? "the store " + directory + " is healthy; nothing was changed"
                : "moved the damaged log and the checkpoints to " + report.movedAside().orElseThrow()
                        + (report.records() < 0 ? "; finished an interrupted repair"
                        : "; the new log holds " + report.records() + " record(s), " + report.events() + " event(s); "
                        + report.damage().lostEvents() + " event(s) lost");
        return new RepairOutcome(report.repaired(), found, summary);
    }

    /**
     * Opens a store, turning whatever a damaged directory makes Chronicle throw into one clear
     * error: the store's own typed errors pass through, anything else (a truncated queue file, say)
     * becomes "cannot open".
     */
    private static <T> T open(Path directory, java.util.function.Supplier<T> opener) {
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
        public void forEachSession(Consumer<SessionSummary> action) {
            store.forEachSession(action);
        }

        @Override
        public void forEachEvent(Consumer<RecordedEvent> action) {
            store.forEachEvent(action);
        }

        @Override
        public Optional<String> damage() {
            return store.damage().map(StoreDamage::summary);
        }

        @Override
        public StoreCursor cursorAtEnd() {
            return store.cursorAtEnd();
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

        /** A problem names its session and sequence, and the file and byte it is at when it is in the log's bytes. */
        private static Problem problem(StoreProblem p) {
            String session = p.session() == null ? null : p.session().value();
            String check = switch (p.kind()) {
                case RECORD -> "records";
                case EVENT, INDEX -> "verify";
                case LOST -> "lost";
            };
            return new Problem(check, session, p.sequence(), p.file(), p.offset(), p.description());
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
            return List.of(Stat.of("storage.directory", store.directory()), Stat.of("storage.partitions",
                    store.partitions()), Stat.of("storage.files", filesAndBytes[0]),
                    Stat.of("storage.apparentBytes", filesAndBytes[1]),
                    Stat.of("storage.allocatedBytes", DiskUsage.allocatedBytes(store.directory()).orElse(null)));
        }

        @Override
        public List<Stat> backup(Path destination) {
            BackupReport report = store.backup(destination);
            return List.of(Stat.of("backup.destination", report.destination()), Stat.of("backup.records",
                    report.records()), Stat.of("backup.events", report.events()), Stat.of("backup.sessionsVerified",
                    report.verification().sessionsChecked()), Stat.of("backup.verified", report.verification().healthy()));
        }

        @Override
        public long delete(SessionId session) {
            return store.delete(session);
        }

        @Override
        public int compact() {
            return store.compact();
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
