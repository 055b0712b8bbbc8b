package dev.sessionlog.store;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.spi.RecentEvents;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.damage.Damage;
import dev.sessionlog.store.damage.DamageCheck;
import dev.sessionlog.store.damage.Salvage;
import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.IndexBuilder;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.FreshLog;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.LogScanner;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RawLog;
import dev.sessionlog.store.log.RecordFormat;
import dev.sessionlog.store.log.StoreLayout;
import dev.sessionlog.store.log.StoreMetadata;
import dev.sessionlog.store.log.StorePositions;
import dev.sessionlog.store.writer.SingleWriter;
import dev.sessionlog.store.writer.WriterSettings;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One partition of a {@link ChronicleSessionStore}: a log of its own (one Chronicle queue), its own
 * position index and ledger, a reader, and in a store opened for writing its own single writer, so
 * that appends to sessions of different partitions never wait for each other. Its files are in its
 * directory ({@link StoreLayout}), laid out as a store of one partition always was; everything in
 * it works with positions in its own log, which {@link StorePositions} turns into the store's as
 * events and append results leave it.
 *
 * <p>Threads: the parts say theirs. A read-only partition brings its index (and, once the session
 * index is asked for, its ledger) up to date with the log before each read, one reader at a time
 * ({@link #refresh}).
 */
final class Partition {
    /** How many sessions' newest events a store keeps decoded ({@link RecentEvents}), shared by its partitions. */
    private static final int CACHED_SESSIONS = 256;
    /** The fewest sessions' newest events one partition keeps decoded. */
    private static final int MIN_CACHED_SESSIONS = 4;
    private final StorePositions positions;
    /** Where its checkpoints are: its directory in the store, or in the salvaged copy of a damaged one. */
    private final Path dir;
    private final QueueHandle queue;
    private final PositionIndex index;
    private final SessionLedger ledger;
    private final LogReader reader;
    /** Its writer; null when the store is read-only. */
    private final SingleWriter writer;
    /** What the salvage of its damaged log found, when it serves a salvaged copy; null otherwise. */
    private final Damage salvageDamage;
    /** Its sessions' newest events read lately, decoded. */
    private final RecentEvents recent;
    /** A read-only partition's refresher: one thread at a time brings the index and the ledger up to date. */
    private final ReentrantLock refreshLock = new ReentrantLock();
    /** The log index a read-only partition's ledger covers, -1 before it is built; under {@link #refreshLock}. */
    private long ledgerCoveredIndex = -1;
    /** Whether a read-only partition tried its ledger checkpoint; written under {@link #refreshLock}. */
    private volatile boolean ledgerRestoreTried;

    private Partition(StorePositions positions, Path dir, QueueHandle queue, PositionIndex index, SessionLedger ledger,
                      LogReader reader, SingleWriter writer, Damage salvageDamage) {
        this.positions = positions;
        this.dir = dir;
        this.queue = queue;
        this.index = index;
        this.ledger = ledger;
        this.reader = reader;
        this.writer = writer;
        this.salvageDamage = salvageDamage;
        this.recent = new RecentEvents(Math.max(MIN_CACHED_SESSIONS, CACHED_SESSIONS / positions.partitionCount()));
    }

    /**
     * Opens partition {@code number} of the store for writing, once the store's checks before
     * opening found no damage: the log, the index (its checkpoint when it still describes the log),
     * the ledger (recovery), and a writer not yet started. Fails with the partition's damage,
     * changing nothing, when the index falls short of the log or of the checkpoints.
     */
    static Either<Damage, Partition> openForWriting(int number, StoreMetadata metadata, Path partitionDir,
                                                    CheckpointKnowledge knowledge, WriterSettings settings,
                                                    Clock clock) throws IOException {
        Path logDir = StoreLayout.logDir(partitionDir);
        FilePrivacy.createPrivateDirectory(logDir);
        QueueHandle queue = QueueHandle.forWriting(logDir, metadata, settings.syncEachBatch());
        try {
            List<RecordFormat.Frame> lastRecords = RawLog.lastRecords(logDir);
            PositionIndex index = IndexBuilder.load(queue, knowledge.indexCheckpoint());
            if (DamageCheck.indexIsShort(index, lastRecords, knowledge, logDir)) {
                queue.close();
                return Either.left(DamageCheck.examine(logDir, knowledge));
            }
            EventCodec codec = EventCodec.standard();
            LogReader reader = new LogReader(queue, codec);
            SessionLedger ledger = Recovery.forWriting(partitionDir, queue, index, reader, clock).ledger();
            SingleWriter writer = new SingleWriter(partitionDir, queue, index, ledger, codec, settings);
            return Either.right(new Partition(StorePositions.of(number, metadata.partitions()), partitionDir, queue,
                    index, ledger, reader, writer, null));
        } catch (IOException | RuntimeException | Error e) {
            queue.close();
            throw e;
        }
    }

    /**
     * Opens partition {@code number} of the store read-only where it is, or empty when its log is
     * damaged or missing (the store then serves a salvaged copy of it, {@link #openSalvaged}).
     */
    static Optional<Partition> openReadOnly(int number, StoreMetadata metadata, Path partitionDir,
                                            CheckpointKnowledge knowledge) {
        Path logDir = StoreLayout.logDir(partitionDir);
        if (!DamageCheck.beforeOpening(logDir, knowledge).isEmpty() || !Files.isDirectory(logDir)) {
            return Optional.empty();
        }
        QueueHandle queue = QueueHandle.forReading(logDir, metadata);
        try {
            List<RecordFormat.Frame> lastRecords = RawLog.lastRecords(logDir);
            PositionIndex index = IndexBuilder.load(queue, knowledge.indexCheckpoint());
            if (DamageCheck.indexIsShort(index, lastRecords, knowledge, logDir)) {
                queue.close();
                return Optional.empty();
            }
            return Optional.of(readOnly(number, metadata, partitionDir, queue, index, null));
        } catch (RuntimeException | Error e) {
            queue.close();
            throw e;
        }
    }

    /**
     * Salvages the readable records of partition {@code number}, whose log in {@code partitionDir}
     * is damaged (or missing), into {@code copyDir} and opens that copy read-only; its
     * {@link #salvageDamage()} says what the salvage found damaged and lost.
     */
    static Partition openSalvaged(int number, StoreMetadata metadata, Path partitionDir, CheckpointKnowledge knowledge,
                                 Path copyDir) {
        Salvage.Result result;
        try (FreshLog target = FreshLog.create(StoreLayout.logDir(copyDir), metadata)) {
            result = Salvage.run(StoreLayout.logDir(partitionDir), knowledge, target);
        }
        QueueHandle queue = QueueHandle.forReading(StoreLayout.logDir(copyDir), metadata);
        try {
            PositionIndex index = IndexBuilder.load(copyDir, queue);
            return readOnly(number, metadata, copyDir, queue, index, result.damage());
        } catch (RuntimeException | Error e) {
            queue.close();
            throw e;
        }
    }

    private static Partition readOnly(int number, StoreMetadata metadata, Path dir, QueueHandle queue,
                                      PositionIndex index, Damage salvageDamage) {
        LogReader reader = new LogReader(queue, EventCodec.standard());
        return new Partition(StorePositions.of(number, metadata.partitions()), dir, queue, index,
                Recovery.newLedger(Clock.systemUTC(), index, reader), reader, null, salvageDamage);
    }

    /** Its number in the store. */
    int number() {
        return positions.partition();
    }

    /** How its log positions become store positions. */
    StorePositions positions() {
        return positions;
    }

    /** Where its checkpoints are (its directory in the store, or in the salvaged copy). */
    Path dir() {
        return dir;
    }

    QueueHandle queue() {
        return queue;
    }

    PositionIndex index() {
        return index;
    }

    SessionLedger ledger() {
        return ledger;
    }

    LogReader reader() {
        return reader;
    }

    /** Its writer; null when the store is read-only. */
    SingleWriter writer() {
        return writer;
    }

    /** What the salvage of its damaged log found, when it serves a salvaged copy (possibly nothing: a missing log). */
    Optional<Damage> salvageDamage() {
        return Optional.ofNullable(salvageDamage);
    }

    /** Queues an append with its writer; the result names the store position. */
    CompletableFuture<AppendResult> submit(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        CompletableFuture<AppendResult> written = writer.submit(session, expected, events);
        return positions.identity() ? written : written.thenApply(this::publish);
    }

    /** {@code result} at its store position. */
    private AppendResult publish(AppendResult result) {
        return new AppendResult(result.session(), result.firstSequence(), result.lastSequence(),
                positions.toStore(result.position()), result.duplicate(), result.outcomes());
    }

    /**
     * The store position after the last event of its log now (0 when it has none): a subscription
     * from it delivers only later events. After a read-only refresh.
     */
    long nextPosition() {
        refresh(false);
        long last = index.lastIndex();
        if (last < 0) {
            return 0;
        }
        int lastSlot = LogScanner.recordAt(queue, last).map(frame -> Math.max(0, frame.count() - 1)).orElse(0);
        return positions.toStore(Positions.of(last, lastSlot)) + 1;
    }

    /**
     * Every event of this partition that its reads return, in log order: the records the index holds
     * up to its last, skipping erased records and deleted sessions, at their store positions; an event
     * that does not decode is skipped as reads skip it.
     */
    void forEachEvent(Consumer<RecordedEvent> action) {
        refresh(false);
        PositionIndex held = index;
        LogScanner.scan(queue, -1, held.lastIndex(), (recordIndex, record) -> {
            if (record.isLeft() || record.get().erased() || !held.holds(record.get(), recordIndex)) {
                return;
            }
            RecordFormat.Frame frame = record.get();
            if (held.session(frame.session()).filter(positions -> !positions.deleted()).isEmpty()) {
                return;
            }
            for (int slot = 0; slot < frame.count(); slot++) {
                reader.decode(Positions.of(recordIndex, slot), frame, slot).map(positions::publish).peek(action);
            }
        });
    }

    /** The session's positions when it has events and was not deleted, after a read-only refresh. */
    Optional<SessionPositions> readable(SessionId session) {
        refresh(false);
        return index.session(session).filter(p -> !p.deleted());
    }

    /**
     * The events at the log positions {@code at} (of {@code session}, from {@code firstSequence}), as
     * the store hands them out: those of its newest events read lately come from {@link RecentEvents},
     * the others are read and decoded, and a read of consecutive events is remembered there.
     */
    List<RecordedEvent> read(SessionId session, long firstSequence, long[] at) {
        if (at.length == 0) {
            return List.of();
        }
        long lastSequence = firstSequence + at.length - 1;
        RecentEvents.Tail tail = recent.of(session);
        long from = tail == null ? 0 : Math.max(firstSequence, tail.firstSequence());
        long to = tail == null ? -1 : Math.min(lastSequence, tail.endSequence() - 1);
        List<RecordedEvent> events;
        boolean whole;
        if (from <= to && holds(tail, from, to, firstSequence, at)) {
            int cachedFrom = (int) (from - firstSequence);
            int cachedTo = (int) (to - firstSequence) + 1;
            List<RecordedEvent> before = decode(session, firstSequence, at, 0, cachedFrom);
            List<RecordedEvent> after = decode(session, to + 1, at, cachedTo, at.length);
            events = new ArrayList<>(at.length);
            events.addAll(before);
            events.addAll(tail.events().subList((int) (from - tail.firstSequence()), (int) (to - tail.firstSequence()) + 1));
            events.addAll(after);
            whole = before.size() == cachedFrom && after.size() == at.length - cachedTo;
        } else {
            if (tail != null && from <= to) {
                recent.forget(session);
            }
            events = decode(session, firstSequence, at, 0, at.length);
            whole = events.size() == at.length;
        }
        if (whole) {
            recent.remember(session, firstSequence, events);
            if (index.session(session).isEmpty()) {
                recent.forget(session); // erased while this read decoded it: keep nothing of it
            }
        }
        return events;
    }

    /** Whether the kept events of sequences {@code from} to {@code to} are where the index puts them. */
    private boolean holds(RecentEvents.Tail tail, long from, long to, long firstSequence, long[] at) {
        for (long sequence = from; sequence <= to; sequence++) {
            long expected = positions.toStore(at[(int) (sequence - firstSequence)]);
            if (tail.events().get((int) (sequence - tail.firstSequence())).position() != expected) {
                return false;
            }
        }
        return true;
    }

    /** Reads and decodes the events at {@code at[from..to)}, the first of them {@code firstSequence}. */
    private List<RecordedEvent> decode(SessionId session, long firstSequence, long[] at, int from, int to) {
        if (from >= to) {
            return List.of();
        }
        List<RecordedEvent> events = reader.read(session, firstSequence,
                from == 0 && to == at.length ? at : Arrays.copyOfRange(at, from, to));
        if (positions.identity()) {
            return events;
        }
        List<RecordedEvent> published = new ArrayList<>(events.size());
        for (RecordedEvent event : events) {
            published.add(positions.publish(event));
        }
        return published;
    }

    /** Whether this is a read-only partition whose session index (the ledger) was never asked for yet. */
    boolean ledgerNotLoaded() {
        return writer == null && !ledgerRestoreTried;
    }

    /**
     * Read-only partitions follow the writer lazily: the index catches up with the log before each
     * read, and the session index (the ledger) only once it is asked for: restored from the writer's
     * ledger checkpoint when usable (one of an older writer's format too, whose sessions then lack
     * their provider), then brought up to date by decoding the later events.
     */
    void refresh(boolean withLedger) {
        if (writer != null) {
            return;
        }
        refreshLock.lock();
        try {
            IndexBuilder.catchUp(queue, index);
            if (withLedger || ledgerCoveredIndex >= 0) {
                if (!ledgerRestoreTried) {
                    ledgerRestoreTried = true;
                    ledgerCoveredIndex = Recovery.restoreLedger(dir, queue, index, ledger, reader, true);
                }
                ledgerCoveredIndex = Recovery.replayLedger(queue, index, ledger, reader, ledgerCoveredIndex,
                        index.lastIndex());
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * Drops the session's events from the cache of recent reads, after it was erased (removed from
     * the index first, so a read racing the erasure drops what it remembers itself).
     */
    void forgetRecent(SessionId session) {
        recent.forget(session);
    }

    /** Whether the cache of recent reads holds events of the session. */
    boolean remembers(SessionId session) {
        return recent.of(session) != null;
    }

    /** Closes its writer (finishing the appends it accepted) and its log. */
    void close() {
        if (writer != null) {
            writer.close();
        }
        queue.close();
    }
}
