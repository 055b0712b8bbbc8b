package dev.sessionlog.store.internal;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.codec.EncodedEvent;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.AppendPlan;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.store.StoreProblem;
import dev.sessionlog.store.StoreWriteFailedException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The single writer, a role rather than a thread: whichever thread holds {@link #writing} is the
 * writer, and it alone uses the appender and changes the {@link SessionLedger}. Every request goes
 * through one bounded queue, in order. The thread that queues a request then tries the lock without
 * waiting: if no one is writing, it drains the queue itself, its own request and every other one
 * queued meanwhile (flat combining); if someone is, that writer takes the request with its next
 * batch. So an uncontended append is written on the caller's thread with no hand-off between
 * threads, and under contention requests are still written in batches.
 *
 * <p>A batch: check and write every request's record (one Chronicle document per append, so an
 * append is stored whole or not at all), commit each to the ledger and the index as it is written
 * (so the next request in the batch sees it), sync once in {@code SYNC} mode, release the lock, and
 * only then complete the batch's futures (group commit). Completing outside the lock means a
 * caller's callback never runs while it holds the writer.
 *
 * <p>A caller writes at most {@value #MAX_BATCHES_PER_CALLER} batches in {@code BUFFERED} mode (a
 * batch takes microseconds) and one in {@code SYNC} mode (a batch includes an {@code msync}, and the
 * batch's callers should not wait for the next one); if requests are still queued then, it wakes the
 * background writer thread, which takes over, so no caller is kept writing for others indefinitely
 * and no queued request is left behind. (A request queued while another thread holds the lock is
 * seen by that thread's check of the queue after it unlocks.) Under sustained {@code SYNC} load the
 * background writer thus writes the next batch while the previous one's futures are completed.
 */
public final class StoreWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreWriter.class.getName());
    private static final int MAX_REQUESTS_PER_BATCH = 512;
    private static final int MAX_BATCHES_PER_CALLER = 4;
    private static final long MAX_SPIN_NANOS = 20_000;

    private final Path dir;
    private final QueueHandle queue;
    private final PositionIndex index;
    private final SessionLedger ledger;
    private final EventCodec codec;
    private final ChronicleStoreOptions options;
    private final DiskSpace diskSpace;
    private final ArrayBlockingQueue<Request> requests;
    private final ReentrantLock writing = new ReentrantLock();
    /** Wakes the background writer when a caller leaves requests queued or a checkpoint to save. */
    private final Semaphore backlog = new Semaphore(0);
    /** A checkpoint taken as the writer, for the background writer to save. */
    private final AtomicReference<Checkpoint> checkpointToSave = new AtomicReference<>();
    /** Orders the saving of checkpoints, so an older one never replaces a newer one on disk. */
    private final ReentrantLock savingCheckpoint = new ReentrantLock();
    /** The log index the newest saved checkpoint covers; under {@link #savingCheckpoint}. */
    private long savedUpTo = Long.MIN_VALUE;
    private final Thread backgroundWriter;
    /** How many batches a thread writes before leaving the rest to the background writer. */
    private final int maxBatches;
    private volatile boolean accepting = true;
    /** Set under {@link #writing} once close has written the last batch; later requests fail. */
    private boolean closed;
    private ExcerptAppender appender;
    /** The thread the appender is bound to; Chronicle checks that one thread uses it. */
    private Thread appenderThread;
    private long eventsSinceCheckpoint;
    /** Events the last checkpoint covered (or the store held at open). */
    private long eventsCheckpointed;
    /** The day (roll cycle) of the last record written; a new one means Chronicle created a file. */
    private int lastCycle = Integer.MIN_VALUE;
    /** The batch being processed, which tasks that append write into; under {@link #writing}. */
    private Batch currentBatch = new Batch();

    private sealed interface Request permits Append, Task {
        CompletableFuture<?> future();

        default void fail(Throwable error) {
            future().completeExceptionally(error);
        }
    }

    /** An append, with its events encoded ahead on the caller's thread (empty if the codec refused one). */
    private record Append(SessionId session, ExpectedSequence expected, List<NewEvent> events,
                          List<EncodedEvent> encoded, CompletableFuture<AppendResult> future) implements Request {}

    private record Task<T>(Callable<T> action, CompletableFuture<T> future) implements Request {}

    /** The index and the ledger as they were after one record. */
    private record Checkpoint(PositionIndex.Snapshot index, LedgerState ledger) {}

    /** A future to complete once the batch is durable. */
    private record Pending<T>(CompletableFuture<T> future, T value) {
        void complete() {
            future.complete(value);
        }
    }

    /** What one drain of the queue has written so far. */
    private static final class Batch {
        final List<Pending<?>> pending = new ArrayList<>();
        boolean wrote;
    }

    /**
     * A writer over an index already caught up with the log and a ledger already replayed. Call
     * {@link #start()} to run recovery and begin accepting requests.
     */
    public StoreWriter(Path dir, QueueHandle queue, PositionIndex index, SessionLedger ledger, EventCodec codec,
                       ChronicleStoreOptions options) throws IOException {
        this.dir = dir;
        this.queue = queue;
        this.index = index;
        this.ledger = ledger;
        this.codec = codec;
        this.options = options;
        FileStore fileStore = Files.getFileStore(queue.logDir());
        this.diskSpace = new DiskSpace(fileStore::getUsableSpace, options.diskReserveBytes(), System::nanoTime);
        this.requests = new ArrayBlockingQueue<>(options.writerQueueCapacity());
        this.eventsCheckpointed = index.sessions().values().stream().mapToLong(SessionPositions::size).sum();
        this.backgroundWriter = new Thread(this::writeBacklog, "sessionlog-writer " + dir.getFileName());
        this.backgroundWriter.setDaemon(true);
        this.maxBatches = options.durability() == ChronicleStoreOptions.Durability.SYNC ? 1 : MAX_BATCHES_PER_CALLER;
    }

    /**
     * Starts the background writer and ends calls left open by a previous process as
     * {@code INTERRUPTED}; the returned future completes once that is done and the store accepts
     * appends.
     */
    public CompletableFuture<Integer> start() {
        backgroundWriter.start();
        return submitTask(this::endInterruptedCalls);
    }

    /**
     * Queues an append and writes it at once on this thread if no other thread is writing; a full
     * queue or a closed writer fails the future at once. Never waits for another writer.
     */
    public CompletableFuture<AppendResult> submit(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        CompletableFuture<AppendResult> future = new CompletableFuture<>();
        offer(new Append(session, expected, events, encodeAhead(events), future));
        return future;
    }

    /**
     * Encodes the events on the caller's thread, where callers encode in parallel, leaving only the
     * envelope to the writer. If the codec refuses an event, the writer encodes it again and fails
     * the append as it would have anyway.
     */
    private List<EncodedEvent> encodeAhead(List<NewEvent> events) {
        if (!accepting) {
            return List.of();
        }
        List<EncodedEvent> encoded = new ArrayList<>(events.size());
        try {
            for (NewEvent event : events) {
                encoded.add(codec.encodeAhead(event.event()));
            }
        } catch (RuntimeException refused) {
            return List.of();
        }
        return encoded;
    }

    /** Runs {@code action} as the writer, between appends; its future completes after the batch is durable. */
    public <T> CompletableFuture<T> submitTask(Callable<T> action) {
        CompletableFuture<T> future = new CompletableFuture<>();
        offer(new Task<>(action, future));
        return future;
    }

    private void offer(Request request) {
        if (!accepting) {
            request.fail(new StoreClosedException(dir.toString()));
        } else if (!requests.offer(request)) {
            request.fail(new StoreBusyException(options.writerQueueCapacity()));
        } else {
            writeBatches(false);
            if (!request.future().isDone() && options.durability() == ChronicleStoreOptions.Durability.BUFFERED) {
                awaitOtherWriter(request);
            }
        }
    }

    /**
     * Waits up to {@value #MAX_SPIN_NANOS} ns for the thread writing now to write {@code request},
     * taking the writer's role if it becomes free. In {@code BUFFERED} mode a batch takes a few
     * microseconds, less than it costs to park the caller on its future and wake it again.
     */
    private void awaitOtherWriter(Request request) {
        long deadline = System.nanoTime() + MAX_SPIN_NANOS;
        while (!request.future().isDone() && System.nanoTime() - deadline < 0) {
            if (writing.isLocked()) {
                Thread.onSpinWait();
            } else {
                writeBatches(false);
            }
        }
    }

    /** The background writer: writes what callers left queued, until close. */
    private void writeBacklog() {
        while (accepting) {
            backlog.acquireUninterruptibly();
            backlog.drainPermits();
            Checkpoint checkpoint = checkpointToSave.getAndSet(null);
            if (checkpoint != null) {
                save(checkpoint);
            }
            if (accepting) {
                writeBatches(true);
            }
        }
    }

    /**
     * As the writer, writes up to {@link #maxBatches} batches while requests are
     * queued, taking the lock for each; waits for the lock only when {@code waitForLock}, otherwise
     * leaves the requests to whoever holds it. Wakes the background writer if requests are still
     * queued after the last batch, then completes the written futures outside the lock.
     */
    private void writeBatches(boolean waitForLock) {
        List<Pending<?>> written = new ArrayList<>();
        int batches = 0;
        while (batches < maxBatches && !requests.isEmpty() && lock(waitForLock)) {
            try {
                written.addAll(writeBatch());
            } finally {
                writing.unlock();
            }
            batches++;
        }
        if (batches == maxBatches && !requests.isEmpty()) {
            backlog.release();
        }
        written.forEach(Pending::complete);
    }

    private boolean lock(boolean wait) {
        if (wait) {
            writing.lock();
            return true;
        }
        return writing.tryLock();
    }

    /** Ends every overdue call with {@code ModelCallFailed(TIMEOUT)}; as the writer. */
    public int endOverdueCalls() {
        return endCalls(ledger.overdueCalls(), FailureKind.TIMEOUT);
    }

    private int endInterruptedCalls() {
        return endCalls(ledger.openCalls(), FailureKind.INTERRUPTED);
    }

    private int endCalls(List<OpenCall> calls, FailureKind kind) {
        int ended = 0;
        for (OpenCall call : calls) {
            ModelCallFailed failed = ModelCallFailed.of(call.started().callId(), call.started().provider(),
                    call.started().model(), kind);
            try {
                appendNow(call.session(), ExpectedSequence.any(), List.of(NewEvent.of(failed)), List.of(), currentBatch);
                ended++;
            } catch (SessionStoreException e) {
                LOG.log(System.Logger.Level.WARNING, "could not end model call " + call.started().callId()
                        + " of session " + call.session() + " as " + kind + ": " + e.getMessage());
            }
        }
        return ended;
    }


    /** Drains and writes up to one batch of requests; returns the futures to complete. Under {@link #writing}. */
    private List<Pending<?>> writeBatch() {
        List<Request> drained = new ArrayList<>();
        requests.drainTo(drained, MAX_REQUESTS_PER_BATCH);
        if (closed) {
            drained.forEach(request -> request.fail(new StoreClosedException(dir.toString())));
            return List.of();
        }
        // an interrupted caller's append is still written: Chronicle must not see the flag
        boolean interrupted = Thread.interrupted();
        try {
            return process(drained);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Pending<?>> process(List<Request> drained) {
        Batch batch = new Batch();
        currentBatch = batch;
        for (Request request : drained) {
            try {
                if (request instanceof Append append) {
                    batch.pending.add(new Pending<>(append.future(),
                            appendNow(append.session(), append.expected(), append.events(), append.encoded(),
                                    batch)));
                } else if (request instanceof Task<?> task) {
                    runTask(task, batch);
                }
            } catch (SessionStoreException e) {
                request.fail(e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "the store writer failed on a request", e);
                request.fail(e);
            }
        }
        if (batch.wrote && options.durability() == ChronicleStoreOptions.Durability.SYNC) {
            try {
                appender().sync();
            } catch (RuntimeException | Error e) {
                reopen(e);
                StoreWriteFailedException failure = new StoreWriteFailedException(dir.toString(), e);
                batch.pending.forEach(p -> p.future().completeExceptionally(failure));
                return List.of();
            }
        }
        if (checkpointDue()) {
            checkpointToSave.set(takeCheckpoint());
            backlog.release();
        }
        return batch.pending;
    }

    private <T> void runTask(Task<T> task, Batch batch) {
        try {
            batch.pending.add(new Pending<>(task.future(), task.action().call()));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            task.future().completeExceptionally(e);
        }
    }

    /** Plans, writes and commits one append within {@code batch}. */
    private AppendResult appendNow(SessionId session, ExpectedSequence expected, List<NewEvent> events,
                                   List<EncodedEvent> encodedAhead, Batch batch) {
        AppendPlan plan = ledger.plan(session, expected, events);
        if (plan.isDuplicate()) {
            return plan.duplicateResult();
        }
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
            if (payload.length > StoreMetadata.MAX_EVENT_BYTES) {
                throw new InvalidEventException(session, "event " + event.sequence() + " ("
                        + event.event().getClass().getSimpleName() + ") is " + payload.length
                        + " bytes encoded, more than the limit of " + StoreMetadata.MAX_EVENT_BYTES + " bytes");
            }
            payloads.add(payload);
        }
        long size = RecordFormat.encodedSize(session, payloads);
        if (size > StoreMetadata.MAX_RECORD_BYTES) {
            throw new InvalidEventException(session, "the append encodes to " + size + " bytes, more than the "
                    + StoreMetadata.MAX_RECORD_BYTES + " one append may take");
        }
        try {
            diskSpace.require(size, dir.toString());
        } catch (IOException e) {
            throw new StoreWriteFailedException(dir.toString(), e);
        }
        boolean deletes = toWrite.get(toWrite.size() - 1).event() instanceof SessionEnded ended
                && ended.reason() == SessionEnded.Reason.DELETED;
        long firstSequence = toWrite.get(0).sequence();
        byte[] record = RecordFormat.encode(session, deletes ? RecordFormat.DELETES_SESSION : 0, firstSequence, payloads);
        long recordIndex = writeRecord(record, session, firstSequence + toWrite.size() - 1);
        batch.wrote = true;
        diskSpace.wrote(size);
        long[] positions = new long[toWrite.size()];
        for (int slot = 0; slot < positions.length; slot++) {
            positions[slot] = Positions.of(recordIndex, slot);
        }
        if (index.lastIndex() < recordIndex) {
            index.addRecord(session, firstSequence, positions.length, deletes, recordIndex);
            index.coveredUpTo(recordIndex);
        }
        eventsSinceCheckpoint += positions.length;
        return ledger.commit(plan, positions);
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
                } catch (RuntimeException | Error e) {
                    document.rollbackOnClose();
                    throw e;
                }
            }
            long index = writer.lastIndexAppended();
            restrictNewDayFile(writer.cycle());
            return index;
        } catch (RuntimeException | Error e) {
            reopen(e);
            List<StoreProblem> ignored = new ArrayList<>();
            IndexBuilder.catchUp(queue, index, ignored);
            SessionPositions positions = index.session(session).orElse(null);
            if (positions != null && positions.size() == lastSequence) {
                return Positions.index(positions.position(lastSequence));
            }
            throw new StoreWriteFailedException(dir.toString(), e);
        }
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
            // the lock hands the appender over safely; tell Chronicle this thread now owns it
            appender.singleThreadedCheckReset();
        }
        appenderThread = current;
        return appender;
    }

    private void reopen(Throwable cause) {
        LOG.log(System.Logger.Level.WARNING, "writing to the store " + dir + " failed; reopening its log", cause);
        closeAppender();
        queue.reopen();
    }

    private void closeAppender() {
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

    /** Removes old day files of ended sessions (see {@code ChronicleSessionStore.compact}); as the writer. */
    public int compact() {
        closeAppender();
        int removed = Retention.compact(queue, index, ledger);
        writeCheckpoint();
        return removed;
    }

    /**
     * Whether to checkpoint now. A checkpoint rewrites everything it covers, so checkpoints every
     * fixed number of events would cost O(events) each and O(events²) in all; spacing them by at
     * least a quarter of what the last one covered keeps the cost O(1) per event, and a reopen after
     * a crash replays at most a fifth of the log past the checkpoint.
     */
    private boolean checkpointDue() {
        return eventsSinceCheckpoint >= Math.max(options.checkpointEveryEvents(), eventsCheckpointed / 4);
    }

    /**
     * Writes the index checkpoint and the ledger checkpoint, both covering the index's last record,
     * before returning; as the writer, so no append races them.
     */
    public void writeCheckpoint() {
        save(takeCheckpoint());
    }

    /**
     * Takes the index and the ledger as they are, as the writer: the index snapshot shares its
     * arrays, the ledger's key table is copied (a few milliseconds at a million keys). Writing the
     * files, the slow part, is left to {@link #save}, which the writer role need not hold.
     */
    private Checkpoint takeCheckpoint() {
        eventsCheckpointed += eventsSinceCheckpoint;
        eventsSinceCheckpoint = 0;
        return new Checkpoint(index.snapshot(), ledger.export());
    }

    private void save(Checkpoint checkpoint) {
        savingCheckpoint.lock();
        try {
            long covered = checkpoint.index().lastIndex();
            if (covered >= savedUpTo) {
                IndexCheckpoint.write(dir, checkpoint.index());
                LedgerCheckpoint.write(dir, covered, checkpoint.ledger());
                savedUpTo = covered;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not write the checkpoints of " + dir
                    + "; the next open rebuilds what they hold from the log", e);
        } finally {
            savingCheckpoint.unlock();
        }
    }

    /**
     * Stops accepting requests, writes the ones accepted, checkpoints the index and closes the
     * appender. Requests that raced the stop fail with {@link StoreClosedException}.
     */
    @Override
    public void close() {
        accepting = false;
        backlog.release();
        if (Thread.currentThread() != backgroundWriter) {
            joinUninterruptibly(backgroundWriter);
        }
        List<Pending<?>> written = new ArrayList<>();
        writing.lock();
        try {
            if (!closed) {
                while (!requests.isEmpty()) {
                    written.addAll(writeBatch());
                }
                writeCheckpoint();
                closeAppender();
                closed = true;
            }
        } finally {
            writing.unlock();
        }
        written.forEach(Pending::complete);
        Request late;
        while ((late = requests.poll()) != null) {
            late.fail(new StoreClosedException(dir.toString()));
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
