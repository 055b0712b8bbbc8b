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
import dev.sessionlog.StoreFullException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.internal.AppendPlan;
import dev.sessionlog.internal.OpenCall;
import dev.sessionlog.internal.SessionLedger;
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
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The single writer: one platform thread owns the only appender and the {@link SessionLedger}.
 * Callers hand it requests through a bounded queue and never wait on it while it writes. It drains
 * the queue in batches: checks and writes every request's record (one Chronicle document per append,
 * so an append is stored whole or not at all), commits each to the ledger and the index as it is
 * written (so the next request in the batch sees it), syncs once in {@code SYNC} mode, and only then
 * completes the batch's futures (group commit).
 */
public final class StoreWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreWriter.class.getName());
    private static final int MAX_REQUESTS_PER_BATCH = 512;

    private final Path dir;
    private final QueueHandle queue;
    private final PositionIndex index;
    private final SessionLedger ledger;
    private final EventCodec codec;
    private final ChronicleStoreOptions options;
    private final FileStore fileStore;
    private final ArrayBlockingQueue<Request> requests;
    private final Thread thread;
    private volatile boolean accepting = true;
    private ExcerptAppender appender;
    private long eventsSinceCheckpoint;
    /** The day (roll cycle) of the last record written; a new one means Chronicle created a file. */
    private int lastCycle = Integer.MIN_VALUE;
    /** The batch being processed, which tasks that append write into; writer thread only. */
    private Batch currentBatch = new Batch();

    private sealed interface Request permits Append, Task {
        void fail(Throwable error);
    }

    private record Append(SessionId session, ExpectedSequence expected, List<NewEvent> events,
                          CompletableFuture<AppendResult> future) implements Request {
        @Override
        public void fail(Throwable error) {
            future.completeExceptionally(error);
        }
    }

    private record Task<T>(Callable<T> action, CompletableFuture<T> future) implements Request {
        @Override
        public void fail(Throwable error) {
            future.completeExceptionally(error);
        }
    }

    /** A future to complete once the batch is durable. */
    private record Pending<T>(CompletableFuture<T> future, T value) {
        void complete() {
            future.complete(value);
        }
    }

    /** What one drain of the queue has written so far. */
    private static final class Batch {
        final List<Pending<?>> pending = new ArrayList<>();
        long usableBytes = -1;
        long bytesWritten;
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
        this.fileStore = Files.getFileStore(queue.logDir());
        this.requests = new ArrayBlockingQueue<>(options.writerQueueCapacity());
        this.thread = new Thread(this::run, "sessionlog-writer " + dir.getFileName());
        this.thread.setDaemon(true);
    }

    /**
     * Starts the writer thread; the returned future completes once calls left open by a previous
     * process are ended as {@code INTERRUPTED} and the store accepts appends.
     */
    public CompletableFuture<Integer> start() {
        CompletableFuture<Integer> recovered = submitTask(this::endInterruptedCalls);
        thread.start();
        return recovered;
    }

    /** Queues an append; a full queue or a closed writer fails the future at once. */
    public CompletableFuture<AppendResult> submit(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        CompletableFuture<AppendResult> future = new CompletableFuture<>();
        offer(new Append(session, expected, events, future));
        return future;
    }

    /** Runs {@code action} on the writer thread, between appends; its future completes after the batch is durable. */
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
        }
    }

    /** Ends every overdue call with {@code ModelCallFailed(TIMEOUT)}; on the writer thread. */
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
                appendNow(call.session(), ExpectedSequence.any(), List.of(NewEvent.of(failed)), currentBatch);
                ended++;
            } catch (SessionStoreException e) {
                LOG.log(System.Logger.Level.WARNING, "could not end model call " + call.started().callId()
                        + " of session " + call.session() + " as " + kind + ": " + e.getMessage());
            }
        }
        return ended;
    }


    private void run() {
        List<Request> drained = new ArrayList<>(MAX_REQUESTS_PER_BATCH);
        while (accepting || !requests.isEmpty()) {
            try {
                Request first = requests.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                requests.drainTo(drained, MAX_REQUESTS_PER_BATCH - 1);
                process(drained);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                drained.clear();
            }
        }
        writeCheckpoint();
        closeAppender();
    }

    private void process(List<Request> drained) {
        Batch batch = new Batch();
        currentBatch = batch;
        for (Request request : drained) {
            try {
                if (request instanceof Append append) {
                    batch.pending.add(new Pending<>(append.future(),
                            appendNow(append.session(), append.expected(), append.events(), batch)));
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
                return;
            }
        }
        batch.pending.forEach(Pending::complete);
        if (eventsSinceCheckpoint >= options.checkpointEveryEvents()) {
            writeCheckpoint();
        }
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
    private AppendResult appendNow(SessionId session, ExpectedSequence expected, List<NewEvent> events, Batch batch) {
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
        for (RecordedEvent event : toWrite) {
            byte[] payload = codec.encode(event);
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
        ensureSpace(size, batch);
        boolean deletes = toWrite.get(toWrite.size() - 1).event() instanceof SessionEnded ended
                && ended.reason() == SessionEnded.Reason.DELETED;
        long firstSequence = toWrite.get(0).sequence();
        byte[] record = RecordFormat.encode(session, deletes ? RecordFormat.DELETES_SESSION : 0, firstSequence, payloads);
        long recordIndex = writeRecord(record, session, firstSequence + toWrite.size() - 1);
        batch.wrote = true;
        batch.bytesWritten += size;
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

    private void ensureSpace(long size, Batch batch) {
        if (batch.usableBytes < 0) {
            try {
                batch.usableBytes = fileStore.getUsableSpace();
            } catch (IOException e) {
                throw new StoreWriteFailedException(dir.toString(), e);
            }
        }
        long left = batch.usableBytes - batch.bytesWritten;
        if (left - size < options.diskReserveBytes()) {
            throw new StoreFullException(dir.toString(), Math.max(0, left), options.diskReserveBytes());
        }
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
        if (appender == null) {
            appender = queue.withQueue(ChronicleQueue::createAppender);
        }
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
                appender.close();
            } catch (RuntimeException | Error ignored) {
                // a faulted appender may fail to close; it is dropped either way
            }
            appender = null;
        }
    }

    /** Removes old day files of ended sessions (see {@code ChronicleSessionStore.compact}); on the writer thread. */
    public int compact() {
        closeAppender();
        int removed = Retention.compact(queue, index, ledger);
        writeCheckpoint();
        return removed;
    }

    /**
     * Writes the index checkpoint and the ledger checkpoint, both covering the index's last record;
     * on the writer thread, so no append races them.
     */
    public void writeCheckpoint() {
        try {
            IndexCheckpoint.write(dir, index);
            LedgerCheckpoint.write(dir, index.lastIndex(), ledger.export());
            eventsSinceCheckpoint = 0;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not write the checkpoints of " + dir
                    + "; the next open rebuilds what they hold from the log", e);
        }
    }

    /**
     * Stops accepting requests, lets the writer finish the ones accepted, checkpoints the index and
     * closes the appender. Requests that raced the stop fail with {@link StoreClosedException}.
     */
    @Override
    public void close() {
        accepting = false;
        if (thread.isAlive() && Thread.currentThread() != thread) {
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
        Request late;
        while ((late = requests.poll()) != null) {
            late.fail(new StoreClosedException(dir.toString()));
        }
    }
}
