package dev.sessionlog.store.writer;

import dev.sessionlog.InvalidEventException;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EncodedEvent;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.spi.AppendLimits;
import dev.sessionlog.spi.AppendPlan;
import dev.sessionlog.spi.DiskSpace;
import dev.sessionlog.store.index.IndexBuilder;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RecordFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Writes appends to the log, one Chronicle document each, so an append is stored whole or not at
 * all: encodes the planned events (around what the caller encoded ahead), refuses an event or an
 * append over the size limits and an append the disk has no room for, frames the record
 * ({@link RecordFormat}), writes it, and adds it to the position index.
 *
 * <p>Failures: an exception while the document is open rolls it back, so no partial record is
 * committed. After any throwable from Chronicle (a full disk surfaces as an {@code InternalError},
 * after which the same appender would seem to succeed and persist nothing) the queue is closed and
 * reopened; if the record turns out to have been committed after all, the append succeeds, so the
 * ledger never falls behind the log. No throwable from Chronicle reaches a caller: the append fails
 * with the store's write failure. When even reading the log back fails, the writer is in doubt
 * ({@link #inDoubt()}) and catches the index and the ledger up with the log before its next request
 * ({@link #resync}). Tests inject faults at each of these places ({@link WriteFaults}).
 *
 * <p>Threads: every method runs as the writer (asserted). Chronicle binds an appender to the thread
 * that first used it; the role hands it over safely, so it is re-bound to whichever thread holds the
 * role now. Every field but the final ones is guarded by the {@link WriterRole}.
 */
final class RecordAppender {
    private static final System.Logger LOG = System.getLogger(RecordAppender.class.getName());

    private final Path dir;
    private final QueueHandle queue;
    private final PositionIndex index;
    private final EventCodec codec;
    private final DiskSpace diskSpace;
    private final WriterRole role;
    /** Makes the exception a failed write or sync completes its appends with; the store chooses it. */
    private final Function<Throwable, RuntimeException> writeFailed;
    /** The most records a day of the log may hold, and what an append beyond them fails with. */
    private final long recordsPerDay;
    private final Supplier<RuntimeException> dayFull;
    /** Created on first use, dropped after a failure, by compaction and by close; under the role. */
    private ExcerptAppender appender;
    /** The thread {@link #appender} is bound to; under the role. */
    private Thread appenderThread;
    /** The day (roll cycle) of the last record written; a new one means Chronicle created a file. Under the role. */
    private int lastCycle = Integer.MIN_VALUE;
    /**
     * Whether a failure left it unknown whether the log holds a record the index and the ledger do
     * not (the log could not be read back): the writer resyncs before its next request. Under the role.
     */
    private boolean inDoubt;
    /** Faults a test injects; none in production. Set before the writer starts. */
    private volatile WriteFaults faults = WriteFaults.NONE;

    RecordAppender(Path dir, QueueHandle queue, PositionIndex index, EventCodec codec, DiskSpace diskSpace,
                   WriterRole role, WriterSettings settings) {
        this.dir = dir;
        this.queue = queue;
        this.index = index;
        this.codec = codec;
        this.diskSpace = diskSpace;
        this.role = role;
        this.writeFailed = settings.writeFailed();
        this.recordsPerDay = settings.recordsPerDay();
        this.dayFull = settings.dayFull();
    }

    /**
     * Writes the events {@code plan} holds as one record and adds it to the position index; returns
     * their log positions, in order, for the ledger's commit. As the writer.
     *
     * @param encodedAhead the caller's encodings of the append's events (empty when it had none)
     * @throws InvalidEventException when an event or the whole append is over the size limits
     *     ({@link AppendLimits}, the same in every store), or the
     *     session holds events this version cannot read
     * @throws dev.sessionlog.StoreFullException when the disk has no room for it beyond the reserve
     * @throws RuntimeException the store's {@link WriterSettings#dayFull} when the day's log holds the most records it may
     * @throws RuntimeException the store's write failure (see {@link WriterSettings#writeFailed}) when
     *     the write failed and the record is not in the log
     */
    long[] append(AppendPlan plan, List<EncodedEvent> encodedAhead) {
        assert role.isHeldByCurrentThread() : "only the writer appends";
        SessionId session = plan.session();
        List<RecordedEvent> toWrite = plan.toWrite();
        long indexed = index.session(session).map(SessionPositions::size).orElse(0);
        if (indexed != plan.expectedLastSequence()) {
            throw new InvalidEventException(session, "the session holds events this version of sessionlog cannot"
                    + " read; it accepts no appends");
        }
        List<byte[]> payloads = new ArrayList<>(toWrite.size());
        int cursor = 0;
        for (RecordedEvent event : toWrite) {
            int ahead = indexOfEvent(encodedAhead, cursor, event);
            byte[] payload;
            if (ahead < 0) {
                payload = codec.encode(event);
            } else {
                payload = codec.encode(event, encodedAhead.get(ahead));
                cursor = ahead + 1;
            }
            payloads.add(payload);
        }
        AppendLimits.check(session, toWrite, payloads);
        requireRoomToday();
        long size = RecordFormat.encodedSize(session, payloads);
        try {
            diskSpace.require(size, dir.toString());
        } catch (IOException e) {
            throw writeFailed.apply(e);
        }
        boolean deletes = toWrite.get(toWrite.size() - 1).event() instanceof SessionEnded ended
                && ended.reason() == SessionEnded.Reason.DELETED;
        long firstSequence = toWrite.get(0).sequence();
        byte[] record = RecordFormat.encode(session, deletes ? RecordFormat.DELETES_SESSION : 0, firstSequence, payloads);
        long recordIndex = writeRecord(record, session, firstSequence + toWrite.size() - 1);
        diskSpace.wrote(size);
        long[] positions = new long[toWrite.size()];
        for (int slot = 0; slot < positions.length; slot++) {
            positions[slot] = Positions.of(recordIndex, slot);
        }
        if (index.lastIndex() < recordIndex) {
            index.addRecord(session, firstSequence, positions.length, deletes, recordIndex);
            index.coveredUpTo(recordIndex);
        }
        return positions;
    }

    /**
     * Refuses a record beyond the most the current day may hold ({@link WriterSettings#recordsPerDay}):
     * the index covers the log's last record, so the next record is the one after it, unless the day
     * has changed since. Reads the day only near the limit.
     */
    private void requireRoomToday() {
        long last = index.lastIndex();
        if (last >= 0 && LogFiles.recordOfDay(last) >= recordsPerDay - 1
                && LogFiles.cycleOf(last) == queue.withQueue(q -> q.cycle())) {
            throw dayFull.get();
        }
    }

    /**
     * Where {@code event}'s encoding is in {@code encoded}, searching from {@code from}, or -1. The
     * events written are the append's own in order, minus duplicates, plus any the rules add (the
     * cancellations before a {@code SessionEnded}), so a forward search finds each once.
     */
    private static int indexOfEvent(List<EncodedEvent> encoded, int from, RecordedEvent event) {
        for (int i = from; i < encoded.size(); i++) {
            if (encoded.get(i).event() == event.event()) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Writes one record and returns its Chronicle index. Any failure rolls the document back; after
     * any throwable from Chronicle the queue is reopened, and if the record turns out to have been
     * committed after all (the failure came after the commit), its index is returned as a success so
     * the ledger never falls behind the log.
     */
    private long writeRecord(byte[] record, SessionId session, long lastSequence) {
        try {
            ExcerptAppender writer = appender();
            try (DocumentContext document = writer.writingDocument()) {
                try {
                    document.wire().bytes().write(record);
                    faults.at(WriteFaults.Point.WRITING);
                } catch (RuntimeException | Error e) {
                    document.rollbackOnClose();
                    throw e;
                }
            }
            long written = writer.lastIndexAppended();
            faults.at(WriteFaults.Point.WRITTEN);
            restrictNewDayFile(writer.cycle());
            return written;
        } catch (RuntimeException | Error e) {
            return recover(e, session, lastSequence);
        }
    }

    /**
     * After {@code failure}: reopens the log and reads back whether the record was committed
     * (returning its index) or not (failing the append). When the log cannot be read back either,
     * the append fails and the writer is in doubt until {@link #resync} succeeds.
     */
    private long recover(Throwable failure, SessionId session, long lastSequence) {
        try {
            reopen(failure);
            faults.at(WriteFaults.Point.RECOVERING);
            IndexBuilder.catchUp(queue, index);
        } catch (RuntimeException | Error again) {
            inDoubt = true;
            failure.addSuppressed(again);
            throw writeFailed.apply(failure);
        }
        SessionPositions positions = index.session(session).orElse(null);
        if (positions != null && positions.size() == lastSequence) {
            return Positions.index(positions.position(lastSequence));
        }
        throw writeFailed.apply(failure);
    }

    /**
     * Notes that a fault surfaced after {@link #append} returned (the JVM delivers a fault in a
     * mapped file where it likes), before the writer committed the append: whether the log and the
     * ledger agree is not known until {@link #resync}. As the writer.
     */
    void markInDoubt() {
        assert role.isHeldByCurrentThread() : "only the writer is in doubt";
        inDoubt = true;
    }

    /** Whether a failure left the log possibly ahead of the index and the ledger. */
    boolean inDoubt() {
        return inDoubt;
    }

    /**
     * Reopens the log and brings the index up to date with it, ending the doubt; the caller then
     * replays into the ledger the records it lacks. As the writer.
     *
     * @throws RuntimeException the store's write failure when the log still cannot be read (still in doubt)
     */
    void resync() {
        assert role.isHeldByCurrentThread() : "only the writer resyncs";
        try {
            close();
            queue.reopen();
            IndexBuilder.catchUp(queue, index);
        } catch (RuntimeException | Error e) {
            throw writeFailed.apply(e);
        }
        inDoubt = false;
    }

    /** Has {@code injected} make the writer fail; before the writer starts (tests). */
    void faults(WriteFaults injected) {
        faults = injected;
    }

    /** Runs the injected fault of {@code point} (tests); nothing in production. */
    void fault(WriteFaults.Point point) {
        faults.at(point);
    }

    /** The day (roll cycle) of the last record written, {@code Integer.MIN_VALUE} before any. As the writer. */
    int lastCycle() {
        assert role.isHeldByCurrentThread() : "only the writer knows what it wrote";
        return lastCycle;
    }

    /** Chronicle creates day files with the process umask: restrict each one as it appears. */
    private void restrictNewDayFile(int cycle) {
        if (cycle != lastCycle) {
            lastCycle = cycle;
            try {
                FilePrivacy.restrictContents(queue.logDir());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not restrict the permissions of " + queue.logDir(), e);
            }
        }
    }

    private ExcerptAppender appender() {
        Thread current = Thread.currentThread();
        if (appender == null) {
            appender = queue.withQueue(ChronicleQueue::createAppender);
        } else if (appenderThread != current) {
            // the role hands the appender over safely; tell Chronicle this thread now owns it
            appender.singleThreadedCheckReset();
        }
        appenderThread = current;
        return appender;
    }

    private void reopen(Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "writing to the store " + dir + " failed; reopening its log", cause);
        close();
        queue.reopen();
    }

    /**
     * Closes the appender (compaction and close need the log's files free of it); the next append
     * creates a new one. As the writer.
     */
    void close() {
        assert role.isHeldByCurrentThread() : "only the writer closes the appender";
        if (appender != null) {
            try {
                appender.singleThreadedCheckReset();
                appender.close();
            } catch (RuntimeException | Error ignored) {
                // a faulted appender may fail to close; it is dropped either way
            }
            appender = null;
        }
    }
}
