package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.AppendResult;
import dev.sessionlog.DeadlineWatchdog;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.StoreReadOnlyException;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.spi.DefaultSessionHandle;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.spi.SessionViews;
import dev.sessionlog.store.damage.Damage;
import dev.sessionlog.store.damage.DamageCheck;
import dev.sessionlog.store.damage.Repair;
import dev.sessionlog.store.damage.Salvage;
import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.IndexBuilder;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.ChronicleJvmFlags;
import dev.sessionlog.store.log.ChronicleQueues;
import dev.sessionlog.store.log.CreatedFiles;
import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.FreshLog;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RawLog;
import dev.sessionlog.store.log.RecordFormat;
import dev.sessionlog.store.log.StoreLock;
import dev.sessionlog.store.log.StoreMetadata;
import dev.sessionlog.store.writer.SingleWriter;
import dev.sessionlog.store.writer.WriterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The durable {@link SessionStore}: every session's events in one shared Chronicle Queue log in a
 * store directory, written by a single writer at a time.
 *
 * <h2>Design notes</h2>
 *
 * <p><b>Files.</b> The directory holds {@code sessionlog-store.properties} (store format version,
 * roll cycle and block size, fixed at creation; a newer format is refused with
 * {@link UnsupportedStoreFormatException}), {@code writer.lock}, {@code index.checkpoint} and
 * {@code ledger.checkpoint} (written together on close and every so many events) and the queue in
 * {@code log/}: one file per UTC day. Each record is one append: a header (framing
 * version, flags, session id, first sequence, event count) ahead of the {@link EventCodec} payloads,
 * and a CRC32C. Directories are created 0700 and the store's own files 0600, from their first byte
 * whatever the umask (checkpoint temporaries included; a writer's open removes temporaries a crash
 * left); Chronicle's files, which it creates itself inside the 0700 log directory, are restricted
 * to 0600 right after. A repair leaves {@code damaged-<UTC time>/} beside them. Chronicle's
 * analytics are excluded from the dependency tree and disabled, and its startup announcement is
 * silenced, before the first queue is built. An open checks first that the JVM has the flags
 * Chronicle needs ({@link JvmFlagsMissingException}), and an open that fails removes what it
 * created.
 *
 * <p><b>Ownership.</b> {@link #open} takes an OS file lock on {@code writer.lock}; the kernel
 * releases it when the process dies, so a lock is never stale. A second writer, in this process or
 * another, fails at once with {@link dev.sessionlog.StoreLockedException} naming the owner's pid.
 * {@link #openReadOnly} takes no lock and works while a writer runs.
 *
 * <p><b>Threading.</b> One writer at a time owns the Chronicle appender and the per-session rules
 * (expected sequence, idempotency, model-call lifecycle, ended sessions): whichever thread holds
 * the writer role (ADR 0009; {@code store.writer.SingleWriter}). {@link #appendAll} queues the
 * request (bounded; a full queue fails the future at once with
 * {@link dev.sessionlog.StoreBusyException}); if no other thread is writing, it then writes the
 * queue itself on the caller's thread, so an uncontended append needs no hand-off, and otherwise
 * the thread writing takes the request with its next batch. It never blocks on a lock: in
 * {@code BUFFERED} mode it waits at most 20 µs for the thread writing, and a caller that becomes the
 * writer writes at most four batches (in {@code SYNC} mode one, with its {@code msync}) before
 * leaving the rest to a background writer thread, which also saves checkpoints. Futures complete
 * after the role is released, so a callback never holds the writer. {@link #endOverdueCalls()}, the
 * watchdog and {@link #compact()} queue their work like appends, and it runs as the writer between
 * appends; the calling thread waits for it ({@link #open} too waits for recovery's interrupted
 * calls). Reads run on the caller's thread, any thread including virtual threads, never wait for
 * the writer, and never scan the log: a per-session array of positions finds each event.
 * Chronicle tailers are bound to one thread, so a read borrows one from a small pool and re-binds
 * it to itself for the duration of the read. Subscriptions each run on their own thread with their
 * own tailer; a listener never runs as the writer. {@link #verification()} runs on the caller's
 * thread, beside the writer. A read-only store brings its index (and, once asked for sessions, its
 * session index) up to date with the log before each read, one reader at a time.
 *
 * <p><b>Where it lives.</b> {@code store.log}: the files, the Chronicle queue and the record
 * format; {@code store.index}: the position index, the checkpoints and {@code Recovery};
 * {@code store.writer}: the single writer and its parts (ADR 0010); this class composes them.
 *
 * <p><b>Ordering.</b> Events of one session are stored in sequence order 1, 2, 3 … without gaps; an
 * append's events are contiguous and written as one record, so an append is stored whole or not at
 * all. Positions increase in append order across sessions. Appends are applied in the order the
 * writer takes them from its queue; an append's future completes only after every earlier append in
 * the same batch is written.
 *
 * <p><b>Durability.</b> {@link ChronicleStoreOptions.Durability#BUFFERED}: the future completes when
 * the record is in the memory-mapped file (the OS page cache): the events survive the process dying
 * at any moment (kill -9, an exception, an OOM), not a power loss or kernel crash that happens before
 * the kernel writes the page back. {@link ChronicleStoreOptions.Durability#SYNC}: the writer syncs
 * the log ({@code msync}) once per batch and completes the batch's futures after that: acknowledged
 * events survive power loss too, as far as the disk honours the sync. Either way an unacknowledged
 * append may or may not be stored; a retry with the same idempotency key is safe.
 *
 * <p><b>Recovery.</b> Opening after a crash needs no manual step: the writer lock is the kernel's,
 * Chronicle's own lock is force-released, a record whose write was cut short is invisible (Chronicle
 * commits a record's length last), the index is loaded from its checkpoint and the log after it is
 * scanned (a missing, stale or corrupt checkpoint means a full scan; nothing is lost, the log is the
 * source of truth), the writer's rules (session index, idempotency keys, open calls) are restored
 * from the ledger checkpoint and the records after it replayed into them (a missing checkpoint, or
 * one that disagrees with the index, means a replay of every record), and every model call left open
 * is ended with {@code ModelCallFailed(INTERRUPTED)} before the first append is accepted (the steps
 * are listed in {@code store.index.Recovery}). A record that cannot be used (corrupted bytes,
 * sequences repeated) is skipped and reported by {@link #verification()}; opening never rewrites or
 * truncates anything.
 *
 * <p><b>Damage.</b> Before it trusts the log an open checks, cheaply, what would make appending
 * unsafe or hide acknowledged events ({@code store.damage.DamageCheck}, ADR 0014): the end of every
 * day file, read directly (never mapped): cut short, emptied, zeros where its last record was; that
 * the index reaches every day file's last record; that every session the checkpoints name holds as
 * many events as they recorded; that the log exists when they name any. A writer refuses a damaged
 * store with {@link StoreDamagedException} (naming the places and the lost events) and changes
 * nothing: it would write where readers never look. A read-only open serves a salvaged private copy
 * and says what is damaged ({@link #damage()}). {@link #repair} salvages every readable record into
 * a new log and moves the damaged files aside. No Chronicle exception or {@code Error} reaches a
 * caller: a read that Chronicle fails on skips that record.
 *
 * <p><b>Deadlines.</b> A scheduled watchdog asks the writer to end calls past their deadline with
 * {@code ModelCallFailed(TIMEOUT)}, through the same queue as appends, so a racing outcome is
 * answered with {@link dev.sessionlog.CallAlreadyEndedException} or stored, never both.
 *
 * <p><b>Disk space.</b> Before each append the writer checks the usable space of the disk (a reading
 * is reused for up to 100 ms, less the bytes written since, and read afresh near the reserve); an append
 * that would leave less than {@link ChronicleStoreOptions#diskReserveBytes()} (at least
 * {@link ChronicleStoreOptions#MIN_DISK_RESERVE_BYTES}) fails with
 * {@link dev.sessionlog.StoreFullException} and stores nothing; reads keep working and appends
 * succeed again once space is freed. Any {@code Error} from Chronicle (a full disk surfaces as an
 * {@code InternalError}) rolls the record back and reopens the log rather than writing into a dead
 * mapping; the append fails with {@link StoreWriteFailedException}.
 *
 * <p><b>Retention.</b> {@code SessionEnded(DELETED)} makes a session's events unreadable through
 * this API at once (reads, projections, subscriptions and the session index skip it); the bytes stay
 * in the log until {@link #compact()} removes whole day files. See {@link #compact()}.
 */
public final class ChronicleSessionStore implements SessionStore, DeadlineWatchdog {
    private static final System.Logger LOG = System.getLogger(ChronicleSessionStore.class.getName());
    private static final int PAGE = 1024;
    private static final String LOG_DIRECTORY = "log";

    private final Path dir;
    /** Where the checkpoints this store reads are: {@link #dir}, or the salvaged copy of a damaged store. */
    private final Path checkpointDir;
    private final QueueHandle queue;
    private final PositionIndex index;
    private final SessionLedger ledger;
    private final LogReader reader;
    private final Clock clock;
    private final StoreLock lock;
    private final SingleWriter writer;
    private final ScheduledExecutorService watchdog;
    /** What is damaged, for a damaged store opened read-only; null otherwise. */
    private final StoreDamage damage;
    /** The private salvaged copy a damaged store is read from, removed on close; null otherwise. */
    private final Path salvagedCopy;
    /** A read-only store's refresher: one thread at a time brings the index and the ledger up to date. */
    private final ReentrantLock refreshLock = new ReentrantLock();
    private final Set<LogSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final SessionViews views;
    /** The log index a read-only store's ledger covers, -1 before it is built; under {@link #refreshLock}. */
    private long ledgerCoveredIndex = -1;
    /** Whether a read-only store tried its ledger checkpoint; under {@link #refreshLock}. */
    private boolean ledgerRestoreTried;
    private volatile boolean closed;

    private ChronicleSessionStore(Path dir, Path checkpointDir, QueueHandle queue, PositionIndex index,
                                  SessionLedger ledger, LogReader reader, Clock clock, StoreLock lock,
                                  SingleWriter writer, ScheduledExecutorService watchdog, StoreDamage damage,
                                  Path salvagedCopy) {
        this.dir = dir;
        this.checkpointDir = checkpointDir;
        this.queue = queue;
        this.index = index;
        this.ledger = ledger;
        this.reader = reader;
        this.clock = clock;
        this.lock = lock;
        this.writer = writer;
        this.watchdog = watchdog;
        this.damage = damage;
        this.salvagedCopy = salvagedCopy;
        this.views = SessionViews.standard();
    }

    /**
     * Opens the store in {@code dir} for writing, creating it when absent, and recovers it: see the
     * class notes. Returns once calls left open by a dead process are ended. An open that fails
     * leaves the directory as it found it.
     *
     * @throws dev.sessionlog.StoreLockedException when another writer holds the store
     * @throws UnsupportedStoreFormatException when the store was written by a newer format
     * @throws StoreDamagedException when the log is damaged so that appending is unsafe or
     *     acknowledged events are hidden (see {@link #repair})
     * @throws JvmFlagsMissingException when this JVM lacks the flags Chronicle needs
     */
    public static ChronicleSessionStore open(Path dir, ChronicleStoreOptions options) {
        requireArgument(dir != null, "store directory must not be null");
        requireArgument(options != null, "options must not be null");
        Path store = dir.toAbsolutePath().normalize();
        requireJvmFlags(store);
        Path logDir = store.resolve(LOG_DIRECTORY);
        CreatedFiles created = CreatedFiles.before(store, logDir);
        StoreLock lock = null;
        QueueHandle queue = null;
        SingleWriter writer = null;
        ScheduledExecutorService watchdog = null;
        boolean started = false;
        try {
            FilePrivacy.createPrivateDirectory(store);
            lock = StoreLock.acquire(store);
            requireNoInterruptedRepair(store);
            StoreMetadata metadata = metadata(store, true);
            FilePrivacy.removeTemporaries(store);
            CheckpointKnowledge knowledge = CheckpointKnowledge.read(store);
            if (!DamageCheck.beforeOpening(logDir, knowledge).isEmpty()) {
                throw damaged(store, DamageCheck.examine(logDir, knowledge), "cannot open it for writing");
            }
            FilePrivacy.createPrivateDirectory(logDir);
            queue = QueueHandle.forWriting(logDir, metadata, options.durability() == ChronicleStoreOptions.Durability.SYNC);
            List<RecordFormat.Frame> lastRecords = RawLog.lastRecords(logDir);
            PositionIndex index = IndexBuilder.load(queue, knowledge.indexCheckpoint());
            if (DamageCheck.indexIsShort(index, lastRecords, knowledge, logDir)) {
                queue.close();
                throw damaged(store, DamageCheck.examine(logDir, knowledge), "cannot open it for writing");
            }
            EventCodec codec = EventCodec.standard();
            LogReader reader = new LogReader(queue, codec);
            Recovery.Recovered recovered = Recovery.forWriting(store, queue, index, reader, options.clock());
            SessionLedger ledger = recovered.ledger();
            writer = new SingleWriter(store, queue, index, ledger, codec, writerSettings(store, options));
            if (!options.watchdogInterval().isZero()) {
                watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "sessionlog-watchdog " + store.getFileName());
                    thread.setDaemon(true);
                    return thread;
                });
            }
            ChronicleSessionStore opened = new ChronicleSessionStore(store, store, queue, index, ledger, reader,
                    options.clock(), lock, writer, watchdog, null, null);
            started = true;
            join(writer.start());
            FilePrivacy.restrictContents(logDir);
            FilePrivacy.restrictContents(store);
            if (watchdog != null) {
                long millis = Math.max(1, options.watchdogInterval().toMillis());
                watchdog.scheduleWithFixedDelay(opened::watchdogTick, millis, millis, TimeUnit.MILLISECONDS);
            }
            return opened;
        } catch (IOException e) {
            closeAfterFailure(watchdog, writer, queue, lock, started ? null : created);
            throw new UncheckedIOException("cannot open the store " + store, e);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(watchdog, writer, queue, lock, started ? null : created);
            throw e;
        }
    }

    /**
     * Closes what a failed open opened and, when it never started the writer ({@code created} not
     * null), removes what it created: while it still holds the lock, so no other writer can be
     * using those files; an open that failed before taking the lock removes nothing.
     */
    private static void closeAfterFailure(ScheduledExecutorService watchdog, SingleWriter writer, QueueHandle queue,
                                          StoreLock lock, CreatedFiles created) {
        closeAll(watchdog, writer, queue, null);
        if (lock != null) {
            if (created != null) {
                created.removeCreated();
            }
            lock.close();
        }
    }

    /**
     * Opens the store in {@code dir} read-only, while another process may be writing it. Reads see
     * events appended after the open: the index catches up with the log on each read. Changes
     * nothing in {@code dir}.
     *
     * <p>A damaged store (see {@link StoreDamagedException}) opens too: its readable records are
     * salvaged into a private temporary copy, removed on {@link #close()}, which the store serves
     * (positions are the copy's; it does not follow a writer), and {@link #damage()} says what is
     * damaged and which events are lost.
     *
     * @throws UnsupportedStoreFormatException when {@code dir} is not a store, or of a newer format
     * @throws StoreDamagedException when a repair of the store was interrupted
     * @throws JvmFlagsMissingException when this JVM lacks the flags Chronicle needs
     */
    public static ChronicleSessionStore openReadOnly(Path dir) {
        requireArgument(dir != null, "store directory must not be null");
        Path store = dir.toAbsolutePath().normalize();
        requireJvmFlags(store);
        StoreMetadata metadata = metadata(store, false);
        requireNoInterruptedRepair(store);
        Path logDir = store.resolve(LOG_DIRECTORY);
        CheckpointKnowledge knowledge = CheckpointKnowledge.read(store);
        if (DamageCheck.beforeOpening(logDir, knowledge).isEmpty() && Files.isDirectory(logDir)) {
            QueueHandle queue = QueueHandle.forReading(logDir, metadata);
            try {
                List<RecordFormat.Frame> lastRecords = RawLog.lastRecords(logDir);
                PositionIndex index = IndexBuilder.load(queue, knowledge.indexCheckpoint());
                if (!DamageCheck.indexIsShort(index, lastRecords, knowledge, logDir)) {
                    LogReader reader = new LogReader(queue, EventCodec.standard());
                    Clock clock = Clock.systemUTC();
                    return new ChronicleSessionStore(store, store, queue, index, Recovery.newLedger(clock, index, reader),
                            reader, clock, null, null, null, null, null);
                }
                queue.close();
            } catch (RuntimeException | Error e) {
                queue.close();
                throw e;
            }
        }
        return openSalvaged(store, metadata, knowledge);
    }

    /**
     * A read-only store over a private copy of what the damaged store in {@code store} still holds
     * (or of an empty log, for a store without a log directory, which a read-only open must not create).
     */
    private static ChronicleSessionStore openSalvaged(Path store, StoreMetadata metadata, CheckpointKnowledge knowledge) {
        Path copy;
        try {
            copy = FilePrivacy.createPrivateTempDirectory("sessionlog-salvaged-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory to read the damaged store " + store + " from", e);
        }
        QueueHandle queue = null;
        try {
            Salvage.Result salvaged;
            try (FreshLog target = FreshLog.create(copy.resolve(LOG_DIRECTORY), metadata)) {
                salvaged = Salvage.run(store.resolve(LOG_DIRECTORY), knowledge, target);
            }
            queue = QueueHandle.forReading(copy.resolve(LOG_DIRECTORY), metadata);
            PositionIndex index = IndexBuilder.load(copy, queue);
            LogReader reader = new LogReader(queue, EventCodec.standard());
            Clock clock = Clock.systemUTC();
            StoreDamage damage = salvaged.damage().isEmpty() ? null : publicDamage(store, salvaged.damage());
            return new ChronicleSessionStore(store, copy, queue, index, Recovery.newLedger(clock, index, reader),
                    reader, clock, null, null, null, damage, copy);
        } catch (RuntimeException | Error e) {
            if (queue != null) {
                queue.close();
            }
            deleteQuietly(copy);
            throw e;
        }
    }

    /**
     * Repairs the store in {@code dir}: salvages every readable record of its log into a new log,
     * moves the damaged log and the checkpoints aside into {@code damaged-<UTC time>/} in the store
     * directory (nothing is deleted), and puts the new log in place; the next open rebuilds the
     * index from it. Records whose Chronicle header is damaged are recognised by their own framing
     * and kept; after damage the salvage goes on at the next intact record. A healthy store is left
     * unchanged. Also finishes a repair that was interrupted.
     *
     * <p>The report names what was damaged and exactly which events are lost for good (by session
     * and sequence): those missing between stored ones and those the checkpoints recorded beyond
     * where a session now ends. Takes the writer lock for its duration.
     *
     * @throws dev.sessionlog.StoreLockedException when a writer holds the store
     * @throws UnsupportedStoreFormatException when {@code dir} is not a store, or of a newer format
     * @throws JvmFlagsMissingException when this JVM lacks the flags Chronicle needs
     */
    public static RepairReport repair(Path dir) {
        requireArgument(dir != null, "store directory must not be null");
        Path store = dir.toAbsolutePath().normalize();
        requireJvmFlags(store);
        StoreMetadata metadata = metadata(store, false);
        try (StoreLock lock = StoreLock.acquire(store)) {
            Repair.Repaired repaired = Repair.run(store, metadata, Instant.now());
            return new RepairReport(publicDamage(store, repaired.damage()),
                    repaired.aside().map(Path::toString), repaired.records(), repaired.events());
        }
    }

    private static void requireJvmFlags(Path store) {
        List<String> missing = ChronicleJvmFlags.missing();
        if (!missing.isEmpty()) {
            throw new JvmFlagsMissingException(store.toString(), missing);
        }
    }

    private static void requireNoInterruptedRepair(Path store) {
        if (Repair.interrupted(store)) {
            throw new StoreDamagedException(new StoreDamage(store.toString(), List.of(new StoreDamage.Place(
                    store.toString(), -1, "a repair of the store was interrupted")), List.of()),
                    "cannot open it");
        }
    }

    private static StoreDamagedException damaged(Path store, Damage damage, String what) {
        return new StoreDamagedException(publicDamage(store, damage), what);
    }

    /** The API's view of {@code damage}. */
    private static StoreDamage publicDamage(Path store, Damage damage) {
        return new StoreDamage(store.toString(),
                damage.places().stream().map(place -> new StoreDamage.Place(place.path().toString(), place.offset(),
                        place.description())).toList(),
                damage.lost().stream().map(lost -> new StoreDamage.Lost(lost.session(), lost.fromSequence(),
                        lost.toSequence())).toList());
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a private temporary directory; the system cleans its temporary files
        }
    }

    private static StoreMetadata metadata(Path store, boolean create) {
        return StoreMetadata.load(store, create)
                .getOrElseThrow(reason -> new UnsupportedStoreFormatException(store.toString(), reason));
    }

    private static WriterSettings writerSettings(Path store, ChronicleStoreOptions options) {
        return new WriterSettings(options.durability() == ChronicleStoreOptions.Durability.SYNC,
                options.writerQueueCapacity(), options.diskReserveBytes(), options.checkpointEveryEvents(),
                cause -> new StoreWriteFailedException(store.toString(), cause));
    }

    private static void closeAll(ScheduledExecutorService watchdog, SingleWriter writer, QueueHandle queue,
                                 StoreLock lock) {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (writer != null) {
            writer.close();
        }
        if (queue != null) {
            queue.close();
        }
        if (lock != null) {
            lock.close();
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    @Override
    public CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        requireArgument(session != null, "session must not be null");
        requireArgument(expected != null, "expected sequence must not be null");
        requireArgument(events != null, "events must not be null");
        for (int i = 0; i < events.size(); i++) {
            requireArgument(events.get(i) != null, "event %s of the append is null", i);
        }
        if (writer == null) {
            return CompletableFuture.failedFuture(new StoreReadOnlyException(dir.toString()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new StoreClosedException(dir.toString()));
        }
        return writer.submit(session, expected, List.copyOf(events));
    }

    @Override
    public List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(fromSequence >= 1, "from sequence must be at least 1, was %s", fromSequence);
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        return readable(session).map(p -> reader.read(session, fromSequence, p.range(fromSequence, maxCount)))
                .orElse(List.of());
    }

    @Override
    public List<RecordedEvent> readLast(SessionId session, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        return readable(session).map(p -> {
            long from = Math.max(1, p.size() - (long) maxCount + 1);
            return reader.read(session, from, p.range(from, maxCount));
        }).orElse(List.of());
    }

    @Override
    public <S> S project(SessionId session, Projection<S> projection) {
        requireArgument(session != null, "session must not be null");
        requireArgument(projection != null, "projection must not be null");
        S state = projection.initial();
        Optional<SessionPositions> positions = readable(session);
        if (positions.isEmpty()) {
            return state;
        }
        long last = positions.get().size();
        for (long next = 1; next <= last; next += PAGE) {
            for (RecordedEvent event : reader.read(session, next, positions.get().range(next, PAGE))) {
                state = projection.apply(state, event);
            }
        }
        return state;
    }

    private Optional<SessionPositions> readable(SessionId session) {
        ensureOpen();
        refresh(false);
        return index.session(session).filter(p -> !p.deleted());
    }

    @Override
    public Optional<SessionSummary> summary(SessionId session) {
        requireArgument(session != null, "session must not be null");
        ensureOpen();
        refresh(true);
        return ledger.summary(session);
    }

    @Override
    public List<SessionSummary> sessions(SessionQuery query) {
        requireArgument(query != null, "query must not be null");
        ensureOpen();
        refresh(true);
        return ledger.sessions(query);
    }

    /**
     * Read-only stores follow the writer lazily: the index catches up with the log before each read,
     * and the session index (the ledger) only once it is asked for: restored from the writer's ledger
     * checkpoint when usable, then brought up to date by decoding the later events.
     */
    private void refresh(boolean withLedger) {
        if (writer != null) {
            return;
        }
        refreshLock.lock();
        try {
            IndexBuilder.catchUp(queue, index);
            if (withLedger || ledgerCoveredIndex >= 0) {
                if (!ledgerRestoreTried) {
                    ledgerRestoreTried = true;
                    ledgerCoveredIndex = Recovery.restoreLedger(checkpointDir, queue, index, ledger, reader);
                }
                ledgerCoveredIndex = Recovery.replayLedger(queue, index, ledger, reader, ledgerCoveredIndex,
                        index.lastIndex());
            }
        } finally {
            refreshLock.unlock();
        }
    }

    @Override
    public Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        requireArgument(request != null, "subscription request must not be null");
        requireArgument(listener != null, "listener must not be null");
        ensureOpen();
        refresh(false);
        LogSubscription subscription = new LogSubscription(queue, index, reader, request, listener);
        subscriptions.removeIf(existing -> !existing.isActive());
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    @Override
    public SessionHandle session(SessionId session) {
        requireArgument(session != null, "session must not be null");
        return new DefaultSessionHandle(this, session, clock, FailureClassifier.standard(), views);
    }

    /**
     * Ends every open call past its deadline with {@code ModelCallFailed(TIMEOUT)}, through the
     * writer; returns how many it ended. The store also runs this on a schedule.
     */
    @Override
    public int endOverdueCalls() {
        requireWritable();
        return join(writer.endOverdueCalls());
    }

    private void watchdogTick() {
        if (closed) {
            return;
        }
        writer.endOverdueCalls().exceptionally(error -> {
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (!(cause instanceof SessionStoreException)) {
                LOG.log(System.Logger.Level.WARNING, "the deadline watchdog of " + dir + " failed", error);
            }
            return 0;
        });
    }

    /**
     * Checks the whole store and returns every problem: {@link #verification()}'s problems. Changes
     * nothing; reads skip the records it reports.
     */
    public List<StoreProblem> verify() {
        return verification().problems();
    }

    /**
     * Checks the whole store in one pass over the log and reports what it checked and found:
     * records that cannot be used (torn or corrupted bytes, a header that does not parse, sequences
     * that repeat their session's, an event that does not decode), readable events the append rules
     * would have refused there (a gap before them, a {@code SessionStarted} that is not first,
     * anything after {@code SessionEnded}, a terminal event without its {@code ModelCallStarted} or
     * a second one, an idempotency key stored twice), and sessions whose index entry disagrees with
     * the log. Changes nothing; reads skip the records it reports.
     *
     * <p>Works on a read-only store while another process writes (events appended during the pass
     * are not reported as disagreements), and costs a decode of every stored event.
     *
     * @throws StoreClosedException when the store is closed
     */
    public StoreVerification verification() {
        ensureOpen();
        CheckpointKnowledge knowledge = damage == null ? CheckpointKnowledge.read(dir) : null;
        Map<SessionId, Long> before = indexedLastSequences();
        StoreVerifier verifier = new StoreVerifier(reader);
        verifier.checkLog(queue.logDir());
        if (damage != null) {
            verifier.reportDamage(damage);
        } else {
            verifier.reportLost(knowledge.missingFrom(verifier.scanned(), LogFiles.firstCycle(queue.logDir())));
        }
        Map<SessionId, Long> after = indexedLastSequences();
        verifier.compareWithIndex(before, after, session -> index.session(session).isPresent());
        return verifier.report();
    }

    /** Every session's last sequence in the session index (deleted sessions are not in it). */
    private Map<SessionId, Long> indexedLastSequences() {
        Map<SessionId, Long> last = new HashMap<>();
        forEachSession(summary -> last.put(summary.sessionId(), summary.lastSequence()));
        return last;
    }

    /**
     * Physically removes old day files of the log that hold only sessions that have ended, entirely:
     * the oldest files, up to (not including) the first that holds an event of a session that has
     * not ended, or of an ended session that continues into a kept file, and never the current day's
     * file. A live session's events are never removed. The removed sessions disappear from reads at
     * once, and from the session index at the next open. Returns the number of files removed.
     *
     * @throws StoreReadOnlyException on a read-only store
     */
    public int compact() {
        requireWritable();
        return join(writer.compact());
    }

    /**
     * What is damaged in this store, when it was opened read-only although its log is damaged (see
     * {@link #openReadOnly}): it then serves a salvaged copy of what is readable, and this names the
     * damaged places and the events lost. Empty for a store whose checks at open found nothing
     * ({@link #verification()} checks every record).
     */
    public Optional<StoreDamage> damage() {
        return Optional.ofNullable(damage);
    }

    /**
     * Calls {@code action} with the index entry of every session, ended ones included and deleted
     * ones not, in no particular order: unlike {@link #sessions(SessionQuery)}, with no limit on how
     * many. Sessions appended meanwhile may or may not be included.
     *
     * @throws StoreClosedException when the store is closed
     */
    public void forEachSession(Consumer<SessionSummary> action) {
        requireArgument(action != null, "action must not be null");
        ensureOpen();
        refresh(true);
        for (SessionId session : index.sessions().keySet()) {
            ledger.summary(session).ifPresent(action);
        }
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /** Whether this store was opened read-only. */
    public boolean readOnly() {
        return writer == null;
    }

    /** How many events reads, replays and subscriptions have decoded since the store opened. */
    long decodedEvents() {
        return reader.decodedEvents();
    }

    private void requireWritable() {
        if (writer == null) {
            throw new StoreReadOnlyException(dir.toString());
        }
        ensureOpen();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreClosedException(dir.toString());
        }
    }

    /**
     * Finishes the appends already accepted, checkpoints the index, stops subscriptions and the
     * watchdog, closes the log and releases the writer lock. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        subscriptions.forEach(LogSubscription::close);
        if (writer != null) {
            writer.close();
        }
        queue.close();
        if (lock != null) {
            lock.close();
        }
        if (salvagedCopy != null) {
            deleteQuietly(salvagedCopy);
        }
    }

    static {
        ChronicleQueues.silence();
    }
}
