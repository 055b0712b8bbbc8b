package dev.sessionlog.store.writer;

import dev.sessionlog.store.log.FilePrivacy;
import dev.sessionlog.store.log.LogFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The {@code SYNC} durability's group commit, pipelined as a database's write-ahead log is: the
 * writer hands each batch it wrote here, in write order, and releases the role at once; whichever
 * thread then finds no sync running syncs the log for every batch handed over so far and completes
 * their futures, in order. While one sync runs the role is free, so the next batches are written
 * meanwhile and the next sync covers them all: the more callers, the bigger the batches, and a sync
 * never stops a batch from being written.
 *
 * <p>A sync is an {@code fdatasync} of the day files written since the last one, through a channel
 * of its own: on Linux it writes back the pages the writer dirtied through Chronicle's mapping, as
 * Chronicle's {@code msync} did, and needs neither the appender nor the role. A day file the writer
 * started since the last sync is synced whole and its directory too, so the new file's entry
 * survives a power loss. A batch that wrote nothing (duplicates, refusals, tasks) still completes
 * only after the sync that covers every batch before it: a retry answered as a duplicate must not be
 * acknowledged before the original is durable.
 *
 * <p>Threads: {@link #handOver} as the writer (the role orders the batches); {@link #sync} and
 * {@link #syncAll} from any thread, one sync at a time ({@link #syncing}); the batches waiting are
 * guarded by their own lock, held only to add or take them.
 */
final class GroupCommit implements AutoCloseable {
    private final Path logDir;
    private final Function<Throwable, RuntimeException> writeFailed;
    /** One sync at a time; its holder is the only thread that touches {@link #channel}. */
    private final ReentrantLock syncing = new ReentrantLock();
    /** The batches handed over and not yet completed, in write order; guarded by itself. */
    private final List<List<? extends Completion>> waiting = new ArrayList<>();
    /** Whether anything was written since the last sync started. */
    private final AtomicBoolean dirty = new AtomicBoolean();
    /** The newest day written to, as the writer last handed over; read by the syncer. */
    private volatile int writtenCycle = Integer.MIN_VALUE;
    /** The day of {@link #channel}; under {@link #syncing}. */
    private int syncedCycle = Integer.MIN_VALUE;
    /** The open day file synced last; under {@link #syncing}. */
    private FileChannel channel;
    /** Runs as each sync of the log starts: how tests hold a sync in progress. Set before the writer starts. */
    private volatile Runnable onSync = () -> { };

    /** Something to complete once durable: a future, with its value or the failure of the sync. */
    interface Completion {
        /** Completes it: what it waited for is durable. */
        void complete();

        /** Fails it with {@code error}: the sync failed, what it waited for may or may not be on disk. */
        void fail(RuntimeException error);
    }

    /** A group commit of the log in {@code logDir}; a failed sync fails its batches with {@code writeFailed}. */
    GroupCommit(Path logDir, Function<Throwable, RuntimeException> writeFailed) {
        this.logDir = logDir;
        this.writeFailed = writeFailed;
    }

    /**
     * Takes a batch the writer just finished, whose records (if {@code wrote}) are in the day file of
     * {@code cycle}; as the writer, before it releases the role, so batches arrive in write order.
     */
    void handOver(List<? extends Completion> batch, boolean wrote, int cycle) {
        if (wrote) {
            writtenCycle = Math.max(writtenCycle, cycle);
            dirty.set(true);
        }
        if (!batch.isEmpty()) {
            synchronized (waiting) {
                waiting.add(batch);
            }
        }
    }

    /**
     * Runs up to {@code rounds} syncs, each covering every batch handed over before it, while batches
     * wait; returns whether batches still wait that no thread is syncing. Never waits for another
     * sync: when one runs, its thread looks for waiting batches again before it stops, so this
     * returns false and leaves them to it.
     */
    boolean sync(int rounds) {
        for (int round = 0; round < rounds; round++) {
            if (!hasWaiting() || !syncing.tryLock()) {
                return false;
            }
            try {
                syncOnce();
            } finally {
                syncing.unlock();
            }
        }
        return hasWaiting();
    }

    /** Syncs and completes every batch handed over, waiting for a sync in progress; on close. */
    void syncAll() {
        syncing.lock();
        try {
            while (hasWaiting()) {
                syncOnce();
            }
        } finally {
            syncing.unlock();
        }
    }

    private boolean hasWaiting() {
        synchronized (waiting) {
            return !waiting.isEmpty();
        }
    }

    /** Under {@link #syncing}: syncs for the batches waiting now and completes them. */
    private void syncOnce() {
        List<List<? extends Completion>> batches;
        synchronized (waiting) {
            batches = new ArrayList<>(waiting);
            waiting.clear();
        }
        // taken after the batches: a batch's writes happened before it was handed over, so either
        // this sees them or a sync that has finished already covered them
        RuntimeException failed = null;
        if (dirty.getAndSet(false)) {
            try {
                onSync.run();
                syncLog();
            } catch (IOException | RuntimeException e) {
                dirty.set(true);
                failed = writeFailed.apply(e);
            }
        }
        for (List<? extends Completion> batch : batches) {
            for (Completion completion : batch) {
                if (failed == null) {
                    completion.complete();
                } else {
                    completion.fail(failed);
                }
            }
        }
    }

    /** Has {@code hook} run as each sync of the log starts; before the writer starts (tests). */
    void onSync(Runnable hook) {
        onSync = hook;
    }

    /** Syncs the day files written since the last sync: usually the current one alone. */
    private void syncLog() throws IOException {
        int newest = writtenCycle;
        for (int cycle = syncedCycle == Integer.MIN_VALUE ? newest : syncedCycle; cycle <= newest; cycle++) {
            if (cycle != syncedCycle || channel == null) {
                closeChannel();
                Path file = LogFiles.path(logDir, cycle);
                if (!file.toFile().exists()) {
                    continue;
                }
                channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.force(true);
                FilePrivacy.syncDirectory(logDir);
                syncedCycle = cycle;
            } else {
                channel.force(false);
            }
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    /** Closes the channel; after {@link #syncAll}. */
    @Override
    public void close() {
        syncing.lock();
        try {
            closeChannel();
        } catch (IOException e) {
            // the day file was synced; closing a read-only channel loses nothing
        } finally {
            syncing.unlock();
        }
    }
}
