package dev.sessionlog.store.writer;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.StoreClosedException;
import dev.sessionlog.codec.EncodedEvent;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.AppendPlan;
import dev.sessionlog.spi.DiskSpace;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.index.CheckpointKnowledge;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RecordEraser;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The single writer of a store (ADR 0009): a role rather than a thread. Whichever thread holds the
 * {@link WriterRole} is the writer, and it alone applies the rules ({@link SessionLedger}), appends
 * ({@link RecordAppender}) and takes checkpoints ({@link Checkpointer}). This class owns the role
 * and the batching around it; the work of a batch is theirs.
 *
 * <h2>Design notes</h2>
 *
 * <p>Every request goes through one bounded queue, in order. The thread that queues a request then
 * tries the role without waiting: if no one is writing, it drains the queue itself, its own request
 * and every other one queued meanwhile (flat combining); if someone is, that writer takes the
 * request with its next batch. So an uncontended append is written on the caller's thread with no
 * hand-off between threads, and under contention requests are still written in batches.
 *
 * <p>A batch: check and write every request's record, commit each to the ledger and the index as
 * it is written (so the next request in the batch sees it), release the role, and only then
 * complete the batch's futures. Completing outside the role means a caller's callback never runs
 * while it holds the writer. In {@code SYNC} mode the batch is handed to the {@link GroupCommit}
 * before the role is released, and synced after: the next batch is written while this one syncs
 * (a pipelined group commit), and one sync covers every batch written before it started, so more
 * callers make bigger batches rather than a longer queue.
 *
 * <p>A caller writes at most {@value #MAX_BATCHES_PER_CALLER} batches in {@code BUFFERED} mode (a
 * batch takes microseconds) and one in {@code SYNC} mode, where it then syncs once if no other
 * thread is syncing; if requests are still queued, or batches still wait for a sync, it wakes the
 * background writer thread, which takes over, so no caller is kept writing or syncing for others
 * indefinitely and nothing is left behind. (A request queued while another thread holds the role
 * is seen by that thread's check of the queue after it releases it; a batch handed over while
 * another thread syncs is seen by that thread's check after its sync.) The background thread also
 * saves the checkpoints the batches take.
 *
 * <h2>Threads</h2>
 *
 * <p>{@link #submit}, {@link #endOverdueCalls}, {@link #compact}, {@link #start} and {@link #close}
 * may be called from any thread, virtual threads included; none waits for another writer (close
 * waits for the batch being written). Everything else runs as the writer, and the private methods
 * that must assert it. Fields: {@link #requests} is a concurrent queue, {@link #accepting} is
 * volatile, and every other mutable field is guarded by the role.
 */
public final class SingleWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SingleWriter.class.getName());
    private static final int MAX_REQUESTS_PER_BATCH = 512;
    private static final int MAX_BATCHES_PER_CALLER = 4;
    private static final long MAX_SPIN_NANOS = 20_000;

    private final Path dir;
    private final QueueHandle queue;
    private final PositionIndex index;
    private final SessionLedger ledger;
    private final EventCodec codec;
    private final WriterSettings settings;
    private final WriterRole role = new WriterRole();
    private final RecordAppender appender;
    private final Checkpointer checkpointer;
    /** Makes written batches durable in {@code SYNC} mode, outside the role; null in {@code BUFFERED} mode. */
    private final GroupCommit groupCommit;
    /** Every request, in order; offered by any thread, drained by the writer. */
    private final ArrayBlockingQueue<Request> requests;
    /** Wakes the background writer when a caller leaves requests queued or a checkpoint to save. */
    private final Semaphore backlog = new Semaphore(0);
    private final Thread backgroundWriter;
    /** How many batches a thread writes before leaving the rest to the background writer. */
    private final int maxBatches;
    /** False from the start of {@link #close}: new requests fail at once. */
    private volatile boolean accepting = true;
    /** Set once close has written the last batch; later requests fail. Under the role. */
    private boolean closed;
    /** The batch being written, which tasks that append write into. Under the role. */
    private Batch currentBatch = new Batch();
    /** Reads back the records a failure left the ledger without ({@link #requireInStep}). */
    private final LogReader reader;
    /** The last log index whose record the ledger holds; under the role. */
    private long ledgerCoveredIndex;

    private sealed interface Request permits Append, Task {
        CompletableFuture<?> future();

        default void fail(Throwable error) {
            future().completeExceptionally(error);
        }
    }

    /** An append, with its events encoded ahead on the caller's thread (empty if the codec refused one). */
    private record Append(SessionId session, ExpectedSequence expected, List<NewEvent> events,
                          List<EncodedEvent> encoded, CompletableFuture<AppendResult> future) implements Request {}

    /** Work that must run as the writer, between appends. */
    private record Task<T>(Callable<T> action, CompletableFuture<T> future) implements Request {}

    /** A future to complete once the batch is durable. */
    private record Pending<T>(CompletableFuture<T> future, T value) implements GroupCommit.Completion {
        @Override
        public void complete() {
            future.complete(value);
        }

        @Override
        public void fail(RuntimeException error) {
            future.completeExceptionally(error);
        }
    }

    /** What one drain of the queue has written so far. */
    private static final class Batch {
        final List<Pending<?>> pending = new ArrayList<>();
        boolean wrote;
    }

    /**
     * A writer over an index already caught up with the log and a ledger already recovered
     * ({@code Recovery.forWriting}). Call {@link #start()} to end the calls a dead process left open
     * and begin accepting requests.
     */
    public SingleWriter(Path dir, QueueHandle queue, PositionIndex index, SessionLedger ledger, EventCodec codec,
                        WriterSettings settings) throws IOException {
        this.dir = dir;
        this.queue = queue;
        this.index = index;
        this.ledger = ledger;
        this.codec = codec;
        this.settings = settings;
        FileStore fileStore = Files.getFileStore(queue.logDir());
        DiskSpace diskSpace = new DiskSpace(fileStore::getUsableSpace, settings.diskReserveBytes(), System::nanoTime);
        this.appender = new RecordAppender(dir, queue, index, codec, diskSpace, role, settings);
        this.checkpointer = new Checkpointer(dir, index, ledger, role, settings.checkpointEveryEvents());
        this.groupCommit = settings.syncEachBatch() ? new GroupCommit(queue.logDir(), settings.writeFailed()) : null;
        this.requests = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.backgroundWriter = new Thread(this::writeBacklog, "sessionlog-writer " + dir.getFileName());
        this.backgroundWriter.setDaemon(true);
        this.maxBatches = settings.syncEachBatch() ? 1 : MAX_BATCHES_PER_CALLER;
        this.reader = new LogReader(queue, codec);
        this.ledgerCoveredIndex = index.lastIndex();
    }

    /**
     * Starts the background writer and, as recovery's last step, ends the calls left open by a
     * previous process as {@code INTERRUPTED}; the returned future completes once that is done and
     * the store accepts appends.
     */
    public CompletableFuture<Integer> start() {
        backgroundWriter.start();
        return submitTask(() -> endCalls(ledger.openCalls(), FailureKind.INTERRUPTED));
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
     * Ends every open call past its deadline with {@code ModelCallFailed(TIMEOUT)}, as the writer
     * between appends; the future gives how many it ended.
     */
    public CompletableFuture<Integer> endOverdueCalls() {
        return submitTask(() -> endCalls(ledger.overdueCalls(), FailureKind.TIMEOUT));
    }

    /**
     * Removes old day files of ended sessions (see {@code ChronicleSessionStore.compact}), as the
     * writer between appends; the future gives how many files it removed.
     */
    public CompletableFuture<Integer> compact() {
        return submitTask(this::compactNow);
    }

    /**
     * Erases every record of {@code session} from the log where it lies, forgets the session and
     * checkpoints what is left (see {@code ChronicleSessionStore.delete}), as the writer between
     * appends; the future gives how many events were erased, or -1 when the index holds no event of
     * the session.
     */
    public CompletableFuture<Long> erase(SessionId session) {
        return submitTask(() -> eraseNow(session));
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
    private <T> CompletableFuture<T> submitTask(Callable<T> action) {
        CompletableFuture<T> future = new CompletableFuture<>();
        offer(new Task<>(action, future));
        return future;
    }

    private void offer(Request request) {
        if (!accepting) {
            request.fail(new StoreClosedException(dir.toString()));
        } else if (!requests.offer(request)) {
            request.fail(new StoreBusyException(settings.queueCapacity()));
        } else {
            writeBatches(false);
            if (!request.future().isDone() && !settings.syncEachBatch()) {
                awaitOtherWriter(request);
            }
        }
    }

    /**
     * Waits up to {@value #MAX_SPIN_NANOS} ns for the thread writing now to write {@code request},
     * taking the role if it becomes free. In {@code BUFFERED} mode a batch takes a few microseconds,
     * less than it costs to park the caller on its future and wake it again.
     */
    private void awaitOtherWriter(Request request) {
        long deadline = System.nanoTime() + MAX_SPIN_NANOS;
        while (!request.future().isDone() && System.nanoTime() - deadline < 0) {
            if (role.isTaken()) {
                Thread.onSpinWait();
            } else {
                writeBatches(false);
            }
        }
    }

    /**
     * The background writer: saves the checkpoints batches took, and writes what callers left queued
     * and syncs what they left waiting ({@code SYNC}), until close.
     */
    private void writeBacklog() {
        while (accepting) {
            backlog.acquireUninterruptibly();
            backlog.drainPermits();
            checkpointer.savePending();
            if (accepting) {
                writeBatches(true);
            }
        }
    }

    /**
     * Writes up to {@link #maxBatches} batches while requests are queued, taking the role for each;
     * waits for the role only when {@code waitForRole}, otherwise leaves the requests to whoever
     * holds it. Wakes the background writer if requests are still queued after the last batch, then,
     * outside the role, completes the written futures ({@code BUFFERED}) or syncs the batches handed
     * to the group commit, unless another thread is syncing them ({@code SYNC}).
     */
    private void writeBatches(boolean waitForRole) {
        List<Pending<?>> written = new ArrayList<>();
        int batches = 0;
        while (batches < maxBatches && !requests.isEmpty() && take(waitForRole)) {
            try {
                written.addAll(writeBatch());
            } finally {
                role.release();
            }
            batches++;
        }
        if (batches == maxBatches && !requests.isEmpty()) {
            backlog.release();
        }
        if (groupCommit == null) {
            written.forEach(Pending::complete);
        } else if (groupCommit.sync(waitForRole ? Integer.MAX_VALUE : 1)) {
            backlog.release(); // a caller syncs once, for its own batch; the background writer syncs the rest
        }
    }

    private boolean take(boolean wait) {
        if (wait) {
            role.take();
            return true;
        }
        return role.tryTake();
    }

    /** Drains and writes up to one batch of requests; returns the futures to complete. As the writer. */
    private List<Pending<?>> writeBatch() {
        assert role.isHeldByCurrentThread() : "only the writer writes a batch";
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
                requireInStep();
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
            } catch (InternalError fault) {
                // a fault in a mapped file, delivered after the write returned: the record may be in the log
                appender.markInDoubt();
                request.fail(settings.writeFailed().apply(fault));
            }
        }
        if (checkpointer.takeIfDue()) {
            backlog.release();
        }
        if (groupCommit != null) {
            groupCommit.handOver(batch.pending, batch.wrote, appender.lastCycle());
            return List.of();
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

    /** Plans, writes and commits one append within {@code batch}; as the writer. */
    private AppendResult appendNow(SessionId session, ExpectedSequence expected, List<NewEvent> events,
                                   List<EncodedEvent> encodedAhead, Batch batch) {
        AppendPlan plan = ledger.plan(session, expected, events);
        if (plan.isDuplicate()) {
            return plan.duplicateResult();
        }
        long[] positions = appender.append(plan, encodedAhead);
        batch.wrote = true;
        appender.fault(WriteFaults.Point.APPENDED);
        checkpointer.countWritten(positions.length);
        AppendResult result = ledger.commit(plan, positions);
        ledgerCoveredIndex = Math.max(ledgerCoveredIndex, Positions.index(positions[positions.length - 1]));
        return result;
    }

    /**
     * After a failure that left it unknown whether the log holds a record the ledger does not:
     * catches the index up with the log and replays into the ledger every record after the last it
     * holds, so the rules see what is stored. As the writer, before each request.
     *
     * @throws RuntimeException the store's write failure when the log cannot be read yet
     */
    private void requireInStep() {
        assert role.isHeldByCurrentThread() : "only the writer resyncs";
        if (appender.inDoubt()) {
            appender.resync();
            ledgerCoveredIndex = Recovery.replayLedger(queue, index, ledger, reader, ledgerCoveredIndex,
                    index.lastIndex());
        }
    }

    /** Has {@code faults} make the writer fail (tests); before the writer starts. */
    void faults(WriteFaults faults) {
        appender.faults(faults);
    }

    /** Ends {@code calls} with a {@code ModelCallFailed} of {@code kind}; returns how many it ended. As the writer. */
    private int endCalls(List<OpenCall> calls, FailureKind kind) {
        assert role.isHeldByCurrentThread() : "only the writer ends calls";
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

    /** Compaction with the appender closed, then a checkpoint of what is left; as the writer. */
    private int compactNow() {
        assert role.isHeldByCurrentThread() : "only the writer compacts";
        appender.close();
        int removed = Retention.compact(queue, index, ledger);
        checkpointer.writeNow();
        return removed;
    }

    /**
     * Erasure, in an order a crash can interrupt anywhere: the records are found and checked, then
     * journalled; the session leaves the index and the ledger and a checkpoint without it replaces
     * the old ones (which are overwritten); then the records are overwritten and synced, and the
     * journal removed. An open after a crash finishes a journalled erasure and discards the
     * checkpoints, which may still name the session. As the writer.
     */
    private long eraseNow(SessionId session) throws IOException {
        assert role.isHeldByCurrentThread() : "only the writer erases";
        SessionPositions positions = index.session(session).orElse(null);
        if (positions == null) {
            return -1;
        }
        Set<Long> records = new HashSet<>();
        for (long sequence = 1; sequence <= positions.size(); sequence++) {
            long position = positions.position(sequence);
            if (position != Positions.ABSENT) {
                records.add(Positions.index(position));
            }
        }
        long erased = positions.size(); // read before the remove: the positions are a live view of the session's row
        RecordEraser.Erasure erasure = RecordEraser.locate(queue.logDir(), session, records);
        erasure.journal(dir);
        index.remove(session);
        ledger.forget(session);
        if (!checkpointer.writeNow()) {
            CheckpointKnowledge.discard(dir);
        }
        erasure.overwrite();
        RecordEraser.done(dir);
        return erased;
    }

    /** The group commit, for tests that hold a sync in progress; null in {@code BUFFERED} mode. */
    GroupCommit groupCommit() {
        return groupCommit;
    }

    /** The checkpointer, for tests that watch which checkpoints are taken. */
    Checkpointer checkpointer() {
        return checkpointer;
    }

    /**
     * Stops accepting requests, writes the ones accepted, checkpoints the index and the ledger and
     * closes the appender. Requests that raced the stop fail with {@link StoreClosedException}.
     */
    @Override
    public void close() {
        accepting = false;
        backlog.release();
        if (Thread.currentThread() != backgroundWriter) {
            joinUninterruptibly(backgroundWriter);
        }
        List<Pending<?>> written = new ArrayList<>();
        role.take();
        try {
            if (!closed) {
                while (!requests.isEmpty()) {
                    written.addAll(writeBatch());
                }
                checkpointer.writeNow();
                appender.close();
                closed = true;
            }
        } finally {
            role.release();
        }
        if (groupCommit != null) {
            groupCommit.syncAll();
            groupCommit.close();
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
