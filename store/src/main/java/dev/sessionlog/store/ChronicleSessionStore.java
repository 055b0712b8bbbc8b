package dev.sessionlog.store;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.AppendResult;
import dev.sessionlog.DeadlineWatchdog;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.StoreReadOnlyException;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.spi.AppendArguments;
import dev.sessionlog.spi.DefaultSessionHandle;
import dev.sessionlog.spi.Partitioning;
import dev.sessionlog.spi.SessionViews;
import dev.sessionlog.store.damage.Damage;
import dev.sessionlog.store.damage.DamageCheck;
import dev.sessionlog.store.damage.Repair;
import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.LostEvents;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.ChronicleJvmFlags;
import dev.sessionlog.store.log.ChronicleQueues;
import dev.sessionlog.store.log.CreatedFiles;
import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.FreshLog;
import dev.sessionlog.store.log.LogCopy;
import dev.sessionlog.store.log.LogDamage;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.RecordEraser;
import dev.sessionlog.store.log.StoreLayout;
import dev.sessionlog.store.log.StoreLock;
import dev.sessionlog.store.log.StoreMetadata;
import dev.sessionlog.store.log.StorePositions;
import dev.sessionlog.store.writer.WriterSettings;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The durable {@link SessionStore}: the sessions' events in Chronicle Queue logs in a store
 * directory, one log per partition, each written by a single writer at a time.
 *
 * <h2>Design notes</h2>
 *
 * <p><b>Partitions</b> (ADR 0017). A store is created with a number of partitions
 * ({@link ChronicleStoreOptions#partitions()}, by default one per processor) and keeps it. A
 * session belongs to one partition, chosen by a hash of its id ({@link dev.sessionlog.spi.Partitioning},
 * the same as the Kafka store's), and each partition is a store of its own in all but name: its
 * own log, position index, checkpoints, ledger and single writer, so appends to sessions of
 * different partitions never wait for each other. Every promise about one session holds as before;
 * order across sessions holds within a partition. Every event names its partition
 * ({@link RecordedEvent#partition()}); positions are unique in the store, and with one partition
 * they are exactly what they were before partitions existed ({@code store.log.StorePositions}).
 * Partitions open at once, a thread per partition up to the processors ({@code EachPartition}): at a
 * million sessions, loading the checkpoints is most of an open.
 *
 * <p><b>Files.</b> The directory holds {@code sessionlog-store.properties} (store format version,
 * roll cycle, block size and partitions, fixed at creation; a newer format is refused with
 * {@link UnsupportedStoreFormatException}), {@code writer.lock}, and each partition's files: with
 * one partition (store format 1) directly in the store directory, with more in
 * {@code partitions/<n>/}: {@code index.checkpoint} and {@code ledger.checkpoint} (written together
 * on close and every so many events) and the queue in {@code log/}: one file per UTC day. Each record is one append: a header (framing
 * version, flags, session id, first sequence, event count) ahead of the {@link dev.sessionlog.codec.EventCodec} payloads,
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
 * <p><b>Threading.</b> In each partition, one writer at a time owns the Chronicle appender and the per-session rules
 * (expected sequence, idempotency, model-call lifecycle, ended sessions): whichever thread holds
 * the writer role (ADR 0009; {@code store.writer.SingleWriter}). {@link #appendAll} queues the
 * request (bounded; a full queue fails the future at once with
 * {@link dev.sessionlog.StoreBusyException}); if no other thread is writing, it then writes the
 * queue itself on the caller's thread, so an uncontended append needs no hand-off, and otherwise
 * the thread writing takes the request with its next batch. It never blocks on a lock: in
 * {@code BUFFERED} mode it waits at most 20 µs for the thread writing, and a caller that becomes the
 * writer writes at most four batches (in {@code SYNC} mode one, then one sync) before leaving the
 * rest to a background writer thread, which also saves checkpoints. Futures complete
 * after the role is released, so a callback never holds the writer. {@link #endOverdueCalls()}, the
 * watchdog and {@link #compact()} queue their work like appends, and it runs as the writer between
 * appends; the calling thread waits for it ({@link #open} too waits for recovery's interrupted
 * calls). Reads run on the caller's thread, any thread including virtual threads, never wait for
 * the writer, and never scan the log: a per-session array of positions finds each event.
 * Chronicle tailers are bound to one thread, so a read borrows one from a small pool and re-binds
 * it to itself for the duration of the read. Subscriptions each run on their own thread with a
 * tailer per partition they follow; a listener never runs as a writer. {@link #verification()} runs on the caller's
 * thread, beside the writer. A read-only store brings its index (and, once asked for sessions, its
 * session index) up to date with the log before each read, one reader at a time.
 *
 * <p><b>Where it lives.</b> {@code store.log}: the files, the Chronicle queue and the record
 * format; {@code store.index}: the position index, the checkpoints and {@code Recovery};
 * {@code store.writer}: the single writer and its parts (ADR 0010); this class composes them.
 *
 * <p><b>Ordering.</b> Events of one session are stored in sequence order 1, 2, 3 … without gaps; an
 * append's events are contiguous and written as one record, so an append is stored whole or not at
 * all. Positions increase in append order across the sessions of a partition. Appends are applied
 * in the order the partition's writer takes them from its queue; an append's future completes only
 * after every earlier append in the same batch is written.
 *
 * <p><b>Durability.</b> {@link ChronicleStoreOptions.Durability#BUFFERED}: the future completes when
 * the record is in the memory-mapped file (the OS page cache): the events survive the process dying
 * at any moment (kill -9, an exception, an OOM), not a power loss or kernel crash that happens before
 * the kernel writes the page back. {@link ChronicleStoreOptions.Durability#SYNC}: each batch's
 * futures complete after a sync of the log ({@code fdatasync}) that began after the batch was
 * written: acknowledged events survive power loss too, as far as the disk honours the sync. The
 * sync runs outside the writer role (a pipelined group commit, {@code store.writer.GroupCommit}):
 * while one batch syncs the next is written, and one sync covers every batch written before it. Either way an unacknowledged
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
 * <p><b>Deadlines.</b> A scheduled watchdog asks each partition's writer to end calls past their deadline with
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
 * <p><b>Retention and erasure.</b> {@code SessionEnded(DELETED)} makes a session's events unreadable
 * through this API at once (reads, projections, subscriptions and the session index skip it); the
 * bytes stay in the log until {@link #delete} erases them (overwritten where they lie, the
 * checkpoints replaced; ADR 0020) or {@link #compact()} removes whole day files.
 * {@link #backup} copies the store, consistently, while appends go on.
 */
public final class ChronicleSessionStore implements SessionStore, DeadlineWatchdog {
    private static final System.Logger LOG = System.getLogger(ChronicleSessionStore.class.getName());
    private static final int PAGE = 1024;

    private final Path dir;
    /** The partitions, by number. */
    private final Partition[] partitions;
    private final Clock clock;
    private final StoreLock lock;
    private final ScheduledExecutorService watchdog;
    /** What is damaged, for a damaged store opened read-only; null otherwise. */
    private final StoreDamage damage;
    /** The private directory salvaged copies of damaged partitions are read from, removed on close; null when none. */
    private final Path salvagedCopy;
    private final Set<LogSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final SessionViews views;
    /** Held to write by an erasure, to read by a backup copying the logs: a backup never copies a record half erased. */
    private final ReentrantReadWriteLock erasures = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private ChronicleSessionStore(Path dir, List<Partition> partitions, Clock clock, StoreLock lock,
                                  ScheduledExecutorService watchdog, StoreDamage damage, Path salvagedCopy) {
        this.dir = dir;
        this.partitions = partitions.toArray(new Partition[0]);
        this.clock = clock;
        this.lock = lock;
        this.watchdog = watchdog;
        this.damage = damage;
        this.salvagedCopy = salvagedCopy;
        this.views = SessionViews.standard();
    }

    /**
     * Opens the store in {@code dir} for writing, creating it when absent (with
     * {@link ChronicleStoreOptions#partitions()} partitions; an existing store keeps its own), and
     * recovers it: see the class notes. Returns once calls left open by a dead process are ended. An
     * open that fails leaves the directory as it found it.
     *
     * @throws dev.sessionlog.StoreLockedException when another writer holds the store
     * @throws UnsupportedStoreFormatException when the store was written by a newer format
     * @throws StoreDamagedException when the log is damaged so that appending is unsafe or
     *     acknowledged events are hidden (see {@link #repair})
     * @throws JvmFlagsMissingException when this JVM lacks the flags Chronicle needs
     * @throws IllegalStateException when this JVM declared it only reads stores ({@link ReadOnlyProcess})
     */
    public static ChronicleSessionStore open(Path dir, ChronicleStoreOptions options) {
        requireArgument(dir != null, "store directory must not be null");
        requireArgument(options != null, "options must not be null");
        Path store = dir.toAbsolutePath().normalize();
        requireJvmFlags(store);
        ReadOnlyProcess.requireWriting("open the store " + store + " for writing");
        CreatedFiles created = CreatedFiles.before(store);
        StoreLock lock = null;
        List<Partition> opened = new ArrayList<>();
        ScheduledExecutorService watchdog = null;
        boolean started = false;
        try {
            FilePrivacy.createPrivateDirectory(store);
            lock = StoreLock.acquire(store);
            StoreMetadata metadata = StoreMetadata.loadOrCreate(store, options.partitions())
                    .getOrElseThrow(reason -> new UnsupportedStoreFormatException(store.toString(), reason));
            List<Path> partitionDirs = StoreLayout.partitionDirs(store, metadata);
            requireNoInterruptedRepair(store, partitionDirs);
            created.beforeLogs(partitionDirs.stream().map(StoreLayout::logDir).toList());
            List<CheckpointKnowledge> knowledge = EachPartition.run(partitionDirs.size(), partition -> {
                Path partitionDir = partitionDirs.get(partition);
                if (Files.isDirectory(partitionDir)) {
                    FilePrivacy.removeTemporaries(partitionDir);
                    if (RecordEraser.finishPending(partitionDir)) {
                        CheckpointKnowledge.discard(partitionDir); // they may still name the erased session
                    }
                }
                return CheckpointKnowledge.read(partitionDir);
            }, nothingOpened -> { });
            FilePrivacy.removeTemporaries(store);
            requireNoDamageBeforeOpening(store, partitionDirs, knowledge);
            List<Either<Damage, Partition>> partitions = EachPartition.run(partitionDirs.size(),
                    partition -> Partition.openForWriting(partition, metadata, partitionDirs.get(partition),
                            knowledge.get(partition),
                            writerSettings(store, options, StorePositions.of(partition, metadata.partitions())),
                            options.clock()),
                    result -> result.forEach(Partition::close));
            partitions.forEach(result -> result.forEach(opened::add));
            List<Damage> damaged = partitions.stream().filter(Either::isLeft).map(Either::getLeft).toList();
            if (!damaged.isEmpty()) {
                throw damaged(store, merged(damaged), "cannot open it for writing");
            }
            if (!options.watchdogInterval().isZero()) {
                watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "sessionlog-watchdog " + store.getFileName());
                    thread.setDaemon(true);
                    return thread;
                });
            }
            ChronicleSessionStore result = new ChronicleSessionStore(store, opened, options.clock(), lock, watchdog,
                    null, null);
            started = true;
            List<CompletableFuture<Integer>> recovered = opened.stream().map(p -> p.writer().start()).toList();
            recovered.forEach(ChronicleSessionStore::join);
            for (Path partitionDir : partitionDirs) {
                FilePrivacy.restrictContents(StoreLayout.logDir(partitionDir));
                FilePrivacy.restrictContents(partitionDir);
            }
            FilePrivacy.restrictContents(store);
            if (watchdog != null) {
                long millis = Math.max(1, options.watchdogInterval().toMillis());
                watchdog.scheduleWithFixedDelay(result::watchdogTick, millis, millis, TimeUnit.MILLISECONDS);
            }
            return result;
        } catch (IOException e) {
            closeAfterFailure(watchdog, opened, lock, started ? null : created);
            throw new UncheckedIOException("cannot open the store " + store, e);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(watchdog, opened, lock, started ? null : created);
            throw e;
        }
    }

    /**
     * The checks before Chronicle touches any partition's log: refuses the store, naming everything
     * damaged in the partitions whose logs fail them.
     */
    private static void requireNoDamageBeforeOpening(Path store, List<Path> partitionDirs,
                                                     List<CheckpointKnowledge> knowledge) {
        List<Damage> found = new ArrayList<>();
        for (int partition = 0; partition < partitionDirs.size(); partition++) {
            Path logDir = StoreLayout.logDir(partitionDirs.get(partition));
            if (!DamageCheck.beforeOpening(logDir, knowledge.get(partition)).isEmpty()) {
                found.add(DamageCheck.examine(logDir, knowledge.get(partition)));
            }
        }
        if (!found.isEmpty()) {
            throw damaged(store, merged(found), "cannot open it for writing");
        }
    }

    /**
     * Closes what a failed open opened and, when it never started the writers ({@code created} not
     * null), removes what it created: while it still holds the lock, so no other writer can be
     * using those files; an open that failed before taking the lock removes nothing.
     */
    private static void closeAfterFailure(ScheduledExecutorService watchdog, List<Partition> opened, StoreLock lock,
                                          CreatedFiles created) {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        opened.forEach(Partition::close);
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
     * <p>A damaged store (see {@link StoreDamagedException}) opens too: the readable records of each
     * damaged partition are salvaged into a private temporary copy, removed on {@link #close()},
     * which the store serves for that partition (positions are the copy's; it does not follow a
     * writer), and {@link #damage()} says what is damaged and which events are lost.
     *
     * @throws UnsupportedStoreFormatException when {@code dir} is not a store, or of a newer format
     * @throws StoreDamagedException when a repair of the store was interrupted
     * @throws JvmFlagsMissingException when this JVM lacks the flags Chronicle needs
     */
    public static ChronicleSessionStore openReadOnly(Path dir) {
        requireArgument(dir != null, "store directory must not be null");
        Path store = dir.toAbsolutePath().normalize();
        requireJvmFlags(store);
        StoreMetadata metadata = metadata(store);
        List<Path> partitionDirs = StoreLayout.partitionDirs(store, metadata);
        requireNoInterruptedRepair(store, partitionDirs);
        List<Partition> opened = new ArrayList<>();
        List<Damage> found = new ArrayList<>();
        Path copy = null;
        record Attempt(CheckpointKnowledge knowledge, Optional<Partition> healthy) {}
        try {
            List<Attempt> attempts = EachPartition.run(partitionDirs.size(), partition -> {
                CheckpointKnowledge knowledge = CheckpointKnowledge.read(partitionDirs.get(partition));
                return new Attempt(knowledge,
                        Partition.openReadOnly(partition, metadata, partitionDirs.get(partition), knowledge));
            }, attempt -> attempt.healthy().ifPresent(Partition::close));
            attempts.forEach(attempt -> attempt.healthy().ifPresent(opened::add));
            for (int partition = 0; partition < partitionDirs.size(); partition++) {
                if (attempts.get(partition).healthy().isPresent()) {
                    continue;
                }
                if (copy == null) {
                    copy = salvageDirectory(store);
                }
                Partition salvaged = Partition.openSalvaged(partition, metadata, partitionDirs.get(partition),
                        attempts.get(partition).knowledge(), StoreLayout.partitionDir(copy, metadata, partition));
                opened.add(partition, salvaged);
                found.add(salvaged.salvageDamage().orElseThrow());
            }
            Damage all = merged(found);
            return new ChronicleSessionStore(store, opened, Clock.systemUTC(), null, null,
                    all.isEmpty() ? null : publicDamage(store, all), copy);
        } catch (IOException e) {
            closeReadOnlyAfterFailure(opened, copy);
            throw new UncheckedIOException("cannot open the store " + store, e);
        } catch (RuntimeException | Error e) {
            closeReadOnlyAfterFailure(opened, copy);
            throw e;
        }
    }

    /** Closes what a failed read-only open opened, and removes its salvaged copy ({@code copy}, null for none). */
    private static void closeReadOnlyAfterFailure(List<Partition> opened, Path copy) {
        opened.forEach(Partition::close);
        if (copy != null) {
            deleteQuietly(copy);
        }
    }

    /** A private temporary directory for the salvaged copies of the damaged partitions of {@code store}. */
    private static Path salvageDirectory(Path store) {
        try {
            return FilePrivacy.createPrivateTempDirectory("sessionlog-salvaged-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory to read the damaged store " + store + " from", e);
        }
    }

    /**
     * Repairs the store in {@code dir}: salvages every readable record of each damaged partition's
     * log into a new log, moves the damaged log and the checkpoints aside into
     * {@code damaged-<UTC time>/} in the store directory ({@code partitions/<n>/} within it for a
     * partition of a store of several; nothing is deleted), and puts the new log in place; the next
     * open rebuilds the index from it. Records whose Chronicle header is damaged are recognised by
     * their own framing and kept; after damage the salvage goes on at the next intact record. A
     * healthy store is left unchanged. Also finishes a repair that was interrupted.
     *
     * <p>The report names what was damaged and exactly which events are lost for good (by session
     * and sequence): those missing between stored ones and those the checkpoints recorded beyond
     * where a session now ends. Takes the writer lock for its duration.
     *
     * @throws dev.sessionlog.StoreLockedException when a writer holds the store
     * @throws UnsupportedStoreFormatException when {@code dir} is not a store, or of a newer format
     * @throws JvmFlagsMissingException when this JVM lacks the flags Chronicle needs
     * @throws IllegalStateException when this JVM declared it only reads stores ({@link ReadOnlyProcess})
     */
    public static RepairReport repair(Path dir) {
        requireArgument(dir != null, "store directory must not be null");
        Path store = dir.toAbsolutePath().normalize();
        requireJvmFlags(store);
        ReadOnlyProcess.requireWriting("repair the store " + store);
        StoreMetadata metadata = metadata(store);
        try (StoreLock lock = StoreLock.acquire(store)) {
            Path aside = Repair.freshAside(store, Instant.now());
            List<Damage> found = new ArrayList<>();
            Optional<String> movedAside = Optional.empty();
            boolean resumed = false;
            long records = 0;
            long events = 0;
            for (int partition = 0; partition < metadata.partitions(); partition++) {
                Path partitionDir = StoreLayout.partitionDir(store, metadata, partition);
                Path partitionAside = metadata.partitions() == 1 ? aside
                        : StoreLayout.partitionDir(aside, metadata, partition);
                Repair.Repaired repaired = Repair.run(partitionDir, metadata, partitionAside);
                found.add(repaired.damage());
                if (repaired.aside().isPresent() && movedAside.isEmpty()) {
                    Path moved = repaired.aside().get();
                    movedAside = Optional.of((metadata.partitions() == 1 ? moved
                            : moved.getParent().getParent()).toString());
                }
                resumed |= repaired.records() < 0;
                records += repaired.records();
                events += repaired.events();
            }
            return new RepairReport(publicDamage(store, merged(found)), movedAside, resumed ? -1 : records,
                    resumed ? -1 : events);
        }
    }

    private static void requireJvmFlags(Path store) {
        List<String> missing = ChronicleJvmFlags.missing();
        if (!missing.isEmpty()) {
            throw new JvmFlagsMissingException(store.toString(), missing);
        }
    }

    private static void requireNoInterruptedRepair(Path store, List<Path> partitionDirs) {
        for (Path partitionDir : partitionDirs) {
            if (Repair.interrupted(partitionDir)) {
                throw new StoreDamagedException(new StoreDamage(store.toString(), List.of(new StoreDamage.Place(
                        partitionDir.toString(), -1, "a repair of the store was interrupted")), List.of()),
                        "cannot open it");
            }
        }
    }

    private static StoreDamagedException damaged(Path store, Damage damage, String what) {
        return new StoreDamagedException(publicDamage(store, damage), what);
    }

    /** The damage of several partitions as one. */
    private static Damage merged(List<Damage> damages) {
        if (damages.size() == 1) {
            return damages.get(0);
        }
        List<LogDamage> places = new ArrayList<>();
        List<LostEvents> lost = new ArrayList<>();
        for (Damage damage : damages) {
            places.addAll(damage.places());
            lost.addAll(damage.lost());
        }
        lost.sort(Comparator.comparing((LostEvents events) -> events.session().value())
                .thenComparingLong(LostEvents::fromSequence));
        return new Damage(places, lost);
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

    private static StoreMetadata metadata(Path store) {
        return StoreMetadata.load(store, false)
                .getOrElseThrow(reason -> new UnsupportedStoreFormatException(store.toString(), reason));
    }

    private static WriterSettings writerSettings(Path store, ChronicleStoreOptions options, StorePositions positions) {
        return new WriterSettings(options.durability() == ChronicleStoreOptions.Durability.SYNC,
                options.writerQueueCapacity(), options.diskReserveBytes(), options.checkpointEveryEvents(),
                cause -> new StoreWriteFailedException(store.toString(), cause),
                positions.identity() ? Long.MAX_VALUE : positions.recordsPerDay(),
                () -> new PartitionFullException(store.toString(), positions.partition(), positions.recordsPerDay()));
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

    /** The partition that holds {@code session}. */
    private Partition partitionHolding(SessionId session) {
        return partitions.length == 1 ? partitions[0] : partitions[Partitioning.partitionOf(session, partitions.length)];
    }

    @Override
    public CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        List<NewEvent> batch = AppendArguments.checkedBatch(session, expected, events);
        if (readOnly()) {
            return CompletableFuture.failedFuture(new StoreReadOnlyException(dir.toString()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new StoreClosedException(dir.toString()));
        }
        return partitionHolding(session).submit(session, expected, batch);
    }

    @Override
    public List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(fromSequence >= 1, "from sequence must be at least 1, was %s", fromSequence);
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        Partition partition = openPartitionHolding(session);
        return partition.readable(session)
                .map(p -> partition.read(session, fromSequence, p.range(fromSequence, maxCount)))
                .orElse(List.of());
    }

    @Override
    public List<RecordedEvent> readLast(SessionId session, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        Partition partition = openPartitionHolding(session);
        return partition.readable(session).map(p -> {
            long from = Math.max(1, p.size() - (long) maxCount + 1);
            return partition.read(session, from, p.range(from, maxCount));
        }).orElse(List.of());
    }

    @Override
    public <S> S project(SessionId session, Projection<S> projection) {
        requireArgument(session != null, "session must not be null");
        requireArgument(projection != null, "projection must not be null");
        S state = projection.initial();
        Partition partition = openPartitionHolding(session);
        Optional<SessionPositions> positions = partition.readable(session);
        if (positions.isEmpty()) {
            return state;
        }
        long last = positions.get().size();
        for (long next = 1; next <= last; next += PAGE) {
            for (RecordedEvent event : partition.read(session, next, positions.get().range(next, PAGE))) {
                state = projection.apply(state, event);
            }
        }
        return state;
    }

    /** The partition of {@code session}, once the store is known to be open. */
    private Partition openPartitionHolding(SessionId session) {
        ensureOpen();
        return partitionHolding(session);
    }

    @Override
    public Optional<SessionSummary> summary(SessionId session) {
        requireArgument(session != null, "session must not be null");
        ensureOpen();
        Partition partition = partitionHolding(session);
        partition.refresh(true);
        return partition.ledger().summary(session);
    }

    /**
     * Brings every partition's index and session index up to date, for a listing. A read-only store
     * loads a partition's session index at its first listing (at a million sessions, most of what a
     * CLI command takes), so while one is still to be loaded the partitions are brought up at once.
     */
    private void refreshEveryLedger() {
        if (partitions.length > 1 && Arrays.stream(partitions).anyMatch(Partition::ledgerNotLoaded)) {
            try {
                EachPartition.run(partitions.length, partition -> {
                    partitions[partition].refresh(true);
                    return partitions[partition];
                }, refreshed -> { });
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a refresh throws none
            }
            return;
        }
        for (Partition partition : partitions) {
            partition.refresh(true);
        }
    }

    /** {@inheritDoc} With several partitions, each partition's newest first, merged by update time. */
    @Override
    public List<SessionSummary> sessions(SessionQuery query) {
        requireArgument(query != null, "query must not be null");
        ensureOpen();
        if (partitions.length == 1) {
            partitions[0].refresh(true);
            return partitions[0].ledger().sessions(query);
        }
        refreshEveryLedger();
        List<SessionSummary> all = new ArrayList<>();
        for (Partition partition : partitions) {
            all.addAll(partition.ledger().sessions(query));
        }
        all.sort(Comparator.comparing(SessionSummary::updatedAt).reversed()); // stable: ties keep each partition's order
        return List.copyOf(all.subList(0, Math.min(all.size(), query.limit())));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A subscription to all sessions follows every partition, each in its log order from the
     * request's cursor, interleaving them; {@link Subscription#cursor()} says where it stands.
     */
    @Override
    public Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        requireArgument(request != null, "subscription request must not be null");
        requireArgument(listener != null, "listener must not be null");
        ensureOpen();
        List<Partition> followed = request.session() == null ? List.of(partitions)
                : List.of(partitionHolding(request.session()));
        followed.forEach(partition -> partition.refresh(false));
        LogSubscription subscription = new LogSubscription(followed, request, listener);
        subscriptions.removeIf(existing -> !existing.isActive());
        subscriptions.add(subscription);
        subscription.start();
        return subscription;
    }

    /**
     * The cursor after every event stored now, in every partition: a subscription from it
     * ({@link SubscriptionRequest#allFrom(StoreCursor)}) delivers only what is appended later, as
     * {@code tail --follow} does.
     *
     * @throws StoreClosedException when the store is closed
     */
    public StoreCursor cursorAtEnd() {
        ensureOpen();
        StoreCursor cursor = StoreCursor.start();
        for (Partition partition : partitions) {
            cursor = cursor.withNextPosition(partition.number(), partition.nextPosition());
        }
        return cursor;
    }

    @Override
    public SessionHandle session(SessionId session) {
        requireArgument(session != null, "session must not be null");
        return new DefaultSessionHandle(this, session, clock, FailureClassifier.standard(), views);
    }

    /**
     * Ends every open call past its deadline with {@code ModelCallFailed(TIMEOUT)}, through the
     * writers; returns how many it ended. The store also runs this on a schedule.
     */
    @Override
    public int endOverdueCalls() {
        requireWritable();
        List<CompletableFuture<Integer>> ended = Stream.of(partitions).map(p -> p.writer().endOverdueCalls()).toList();
        return ended.stream().mapToInt(ChronicleSessionStore::join).sum();
    }

    private void watchdogTick() {
        if (closed) {
            return;
        }
        for (Partition partition : partitions) {
            partition.writer().endOverdueCalls().exceptionally(error -> {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                if (!(cause instanceof SessionStoreException)) {
                    LOG.log(System.Logger.Level.WARNING, "the deadline watchdog of " + dir + " failed", error);
                }
                return 0;
            });
        }
    }

    /**
     * Checks the whole store and returns every problem: {@link #verification()}'s problems. Changes
     * nothing; reads skip the records it reports.
     */
    public List<StoreProblem> verify() {
        return verification().problems();
    }

    /**
     * Checks the whole store in one pass over each partition's log and reports what it checked and
     * found: records that cannot be used (torn or corrupted bytes, a header that does not parse,
     * sequences that repeat their session's, an event that does not decode), readable events the
     * append rules would have refused there (a gap before them, a {@code SessionStarted} that is not
     * first, anything after {@code SessionEnded}, a terminal event without its
     * {@code ModelCallStarted} or a second one, an idempotency key stored twice), and sessions whose
     * index entry disagrees with the log. Changes nothing; reads skip the records it reports.
     *
     * <p>Works on a read-only store while another process writes (events appended during the pass
     * are not reported as disagreements), and costs a decode of every stored event.
     *
     * @throws StoreClosedException when the store is closed
     */
    public StoreVerification verification() {
        ensureOpen();
        int sessionsChecked = 0;
        long eventsChecked = 0;
        List<StoreProblem> found = new ArrayList<>();
        List<StoreProblem> disagreements = new ArrayList<>();
        for (Partition partition : partitions) {
            Optional<Damage> salvaged = partition.salvageDamage();
            CheckpointKnowledge knowledge = salvaged.isEmpty() ? CheckpointKnowledge.read(partition.dir()) : null;
            Map<SessionId, Long> before = indexedLastSequences(partition);
            StoreVerifier verifier = new StoreVerifier(partition.reader(), partition.positions());
            Path logDir = partition.queue().logDir();
            verifier.checkLog(logDir);
            if (salvaged.isPresent()) {
                verifier.reportDamage(publicDamage(dir, salvaged.get()));
            } else {
                verifier.reportLost(knowledge.missingFrom(verifier.scanned(), LogFiles.firstCycle(logDir)));
            }
            Map<SessionId, Long> after = indexedLastSequences(partition);
            verifier.compareWithIndex(before, after, session -> partition.index().session(session).isPresent());
            StoreVerification checked = verifier.report();
            sessionsChecked += checked.sessionsChecked();
            eventsChecked += checked.eventsChecked();
            for (StoreProblem problem : checked.problems()) {
                (problem.kind() == StoreProblem.Kind.INDEX ? disagreements : found).add(problem);
            }
        }
        found.addAll(disagreements);
        return new StoreVerification(sessionsChecked, eventsChecked, found);
    }

    /** Every session's last sequence in the partition's session index (deleted sessions are not in it). */
    private static Map<SessionId, Long> indexedLastSequences(Partition partition) {
        Map<SessionId, Long> last = new HashMap<>();
        forEachSession(partition, summary -> last.put(summary.sessionId(), summary.lastSequence()));
        return last;
    }

    /**
     * Physically removes old day files of the logs that hold only sessions that have ended,
     * entirely: in each partition, the oldest files, up to (not including) the first that holds an
     * event of a session that has not ended, or of an ended session that continues into a kept file,
     * and never the current day's file. A live session's events are never removed. The removed
     * sessions disappear from reads at once, and from the session index at the next open. Returns
     * the number of files removed.
     *
     * @throws StoreReadOnlyException on a read-only store
     */
    public int compact() {
        requireWritable();
        List<CompletableFuture<Integer>> removed = Stream.of(partitions).map(p -> p.writer().compact()).toList();
        return removed.stream().mapToInt(ChronicleSessionStore::join).sum();
    }

    /**
     * Deletes a session so that its content cannot be recovered from the store's files: ends it as
     * deleted ({@code SessionEnded(DELETED)}, unless it has ended already), then erases every record
     * of it where it lies in the day files (overwritten with an erased record of the same length,
     * so every other event keeps its position), replaces the checkpoints with ones that no longer
     * name it (the old ones are overwritten, not just unlinked), drops its events from the cache of
     * recent reads, and syncs all of it before returning. Other sessions sharing its day files are
     * untouched and stay readable throughout. Afterwards the session is unknown to the store: reads
     * find nothing, and an append to its id starts a new session at sequence 1.
     *
     * <p>Erasure is complete when this method returns (a crash before that is finished by the next
     * open for writing). It does not reach copies outside the store: backups taken before (rotate
     * them), a subscriber's own copies, or what the disk keeps of overwritten blocks (see the README).
     * Costs a read of each day file holding the session's events.
     *
     * @return how many events were erased
     * @throws SessionNotFoundException when the store holds no event of the session
     * @throws StoreReadOnlyException on a read-only store
     */
    public long delete(SessionId session) {
        requireArgument(session != null, "session must not be null");
        requireWritable();
        Partition partition = partitionHolding(session);
        if (partition.index().session(session).isEmpty()) {
            throw new SessionNotFoundException(dir.toString(), session);
        }
        boolean ended = partition.ledger().isDeleted(session)
                || partition.ledger().summary(session).map(SessionSummary::ended).orElse(false);
        if (!ended) {
            try {
                join(appendAll(session, ExpectedSequence.any(), List.of(NewEvent.of(
                        new SessionEnded(SessionEnded.Reason.DELETED)))));
            } catch (SessionEndedException endedMeanwhile) {
                // ended by another caller since: erase it all the same
            }
        }
        long erased;
        erasures.writeLock().lock();
        try {
            erased = join(partition.writer().erase(session));
        } finally {
            erasures.writeLock().unlock();
        }
        partition.forgetRecent(session);
        if (erased < 0) {
            throw new SessionNotFoundException(dir.toString(), session);
        }
        return erased;
    }

    /**
     * Copies the store into {@code destination}, a new directory, while appends go on: a
     * <b>consistent</b> copy. Each partition's log is copied up to the last record it held when the
     * backup began, record by record, unchanged and at the same positions (cursors taken from the
     * store work on the copy), so the copy holds, for every partition, a prefix of its log: every
     * event acknowledged before the backup began (and appends written but not yet acknowledged
     * then, as after a crash), every session gapless. Checkpoints are not copied (the first
     * writer to open the copy rebuilds them from the log); calls open when the backup began are
     * open in the copy, and a writer opening it ends them as interrupted, as after a crash.
     *
     * <p>The copy is written to {@code <destination>.incomplete} beside it, synced, verified (it
     * opens as a store and {@link #verification()} finds no problem), then renamed to
     * {@code destination}: a backup that fails or is killed leaves nothing at {@code destination}.
     * Works on a store opened read-only while another process writes it (what the CLI's
     * {@code backup} does) as on the writer's own. A session deleted before the backup is not in it;
     * one deleted after stays in it until the backup is discarded.
     *
     * @throws BackupFailedException when {@code destination} (or {@code <destination>.incomplete})
     *     exists, its parent directory is missing or not writable, it lies inside the store, or the
     *     copy did not verify
     * @throws StoreDamagedException when the store was opened read-only although it is damaged:
     *     repair it first
     * @throws IllegalStateException when this JVM declared it only reads stores ({@link ReadOnlyProcess})
     */
    public BackupReport backup(Path destination) {
        requireArgument(destination != null, "destination must not be null");
        ensureOpen();
        Path target = destination.toAbsolutePath().normalize();
        if (damage != null) {
            throw new StoreDamagedException(damage, "cannot back it up; repair it first");
        }
        ReadOnlyProcess.requireWriting("back the store up to " + target);
        Path incomplete = target.resolveSibling(target.getFileName() + ".incomplete");
        requireBackupDestination(target, incomplete);
        try {
            FilePrivacy.createPrivateDirectory(incomplete);
        } catch (IOException e) {
            throw new BackupFailedException(target.toString(), "cannot create " + incomplete + " (" + e + ")", true);
        }
        boolean done = false;
        try {
            StoreMetadata metadata = metadata(dir);
            StoreMetadata copied = StoreMetadata.loadOrCreate(incomplete, metadata.partitions())
                    .getOrElseThrow(reason -> new BackupFailedException(target.toString(), reason, false));
            long records = 0;
            long events = 0;
            erasures.readLock().lock();
            try {
                for (Partition partition : partitions) {
                    partition.refresh(false);
                    long upTo = partition.index().lastIndex();
                    Path copyDir = StoreLayout.partitionDir(incomplete, copied, partition.number());
                    try (FreshLog log = FreshLog.create(StoreLayout.logDir(copyDir), copied)) {
                        LogCopy.Copied part = LogCopy.copy(partition.queue().logDir(), upTo, log);
                        records += part.records();
                        events += part.events();
                    }
                    FilePrivacy.syncDirectory(copyDir);
                }
            } catch (IllegalStateException e) {
                throw new BackupFailedException(target.toString(), e.getMessage(), false);
            } finally {
                erasures.readLock().unlock();
            }
            StoreVerification verification;
            try (ChronicleSessionStore copy = openReadOnly(incomplete)) {
                verification = copy.verification();
            }
            if (!verification.healthy()) {
                throw new BackupFailedException(target.toString(), "the copy does not verify: "
                        + verification.problems().get(0).description(), false);
            }
            FilePrivacy.syncDirectory(incomplete);
            Files.move(incomplete, target, StandardCopyOption.ATOMIC_MOVE);
            FilePrivacy.syncDirectory(target.getParent());
            done = true;
            return new BackupReport(target.toString(), records, events, verification);
        } catch (IOException e) {
            throw new BackupFailedException(target.toString(), e.toString(), false);
        } finally {
            if (!done) {
                deleteQuietly(incomplete);
            }
        }
    }

    /** Refuses a destination that exists, cannot be created, or lies inside the store. */
    private void requireBackupDestination(Path target, Path incomplete) {
        Path parent = target.getParent();
        String refusal = null;
        if (parent == null) {
            refusal = "it is a root directory";
        } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            refusal = "it already exists (a backup never overwrites anything)";
        } else if (Files.exists(incomplete, LinkOption.NOFOLLOW_LINKS)) {
            refusal = incomplete + " exists: an interrupted backup left it; remove it first";
        } else if (target.startsWith(dir)) {
            refusal = "it is inside the store directory " + dir;
        } else if (!Files.isDirectory(parent)) {
            refusal = "its parent directory " + parent + " does not exist";
        } else if (!Files.isWritable(parent)) {
            refusal = "its parent directory " + parent + " is not writable";
        }
        if (refusal != null) {
            throw new BackupFailedException(target.toString(), refusal, true);
        }
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
        refreshEveryLedger();
        for (Partition partition : partitions) {
            forEachSession(partition, action);
        }
    }

    private static void forEachSession(Partition partition, Consumer<SessionSummary> action) {
        partition.refresh(true);
        for (SessionId session : partition.index().sessions().keySet()) {
            partition.ledger().summary(session).ifPresent(action);
        }
    }

    /**
     * Calls {@code action} with every event the store's reads return (those of deleted sessions
     * and erased records not), each partition's in log order, partition after partition: one pass
     * over each log, each event decoded once. For figures over the whole store (the CLI's
     * {@code stats} and {@code doctor}), where reading session by session seeks the log once per
     * record, most of the time of a store of many sessions. Events appended meanwhile may or may
     * not be included; a read-only store first catches up with the log as its reads do. As any
     * reader.
     *
     * @throws StoreClosedException when the store is closed
     */
    public void forEachEvent(Consumer<RecordedEvent> action) {
        requireArgument(action != null, "action must not be null");
        ensureOpen();
        for (Partition partition : partitions) {
            partition.forEachEvent(action);
        }
    }

    /** The store directory. */
    public Path directory() {
        return dir;
    }

    /** Whether this store was opened read-only. */
    public boolean readOnly() {
        return partitions[0].writer() == null;
    }

    /** How many partitions the store has: fixed when it was created. */
    public int partitions() {
        return partitions.length;
    }

    /** The partition that holds {@code session}'s events, 0 to {@link #partitions()} - 1. */
    public int partitionOf(SessionId session) {
        requireArgument(session != null, "session must not be null");
        return partitionHolding(session).number();
    }

    /** Whether the cache of recent reads holds events of {@code session}: tests check that erasure empties it. */
    boolean remembersRecentEventsOf(SessionId session) {
        return partitionHolding(session).remembers(session);
    }

    /** How many events reads, replays and subscriptions have decoded since the store opened. */
    long decodedEvents() {
        long decoded = 0;
        for (Partition partition : partitions) {
            decoded += partition.reader().decodedEvents();
        }
        return decoded;
    }

    private void requireWritable() {
        if (readOnly()) {
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
     * Finishes the appends already accepted, checkpoints the indexes, stops subscriptions and the
     * watchdog, closes the logs and releases the writer lock. Idempotent.
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
        for (Partition partition : partitions) {
            partition.close();
        }
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
