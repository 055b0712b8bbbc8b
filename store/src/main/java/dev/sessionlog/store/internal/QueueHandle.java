package dev.sessionlog.store.internal;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The open Chronicle queue, replaceable: after any {@code Error} from Chronicle the writer closes and
 * reopens it rather than keep writing into a mapping that may be dead. Readers use it under the read
 * lock, so they never touch a queue being closed; a reopen waits for them (reads are microseconds).
 */
public final class QueueHandle implements AutoCloseable {
    private final Path logDir;
    private final StoreMetadata metadata;
    private final boolean readOnly;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private SingleChronicleQueue queue;
    private boolean closed;

    /** Opens the queue in {@code logDir}. */
    public QueueHandle(Path logDir, StoreMetadata metadata, boolean readOnly) {
        this.logDir = logDir;
        this.metadata = metadata;
        this.readOnly = readOnly;
        this.queue = ChronicleQueues.open(logDir, metadata, readOnly);
    }

    /** Runs {@code action} with the open queue; throws {@link IllegalStateException} once closed. */
    public <T> T withQueue(Function<SingleChronicleQueue, T> action) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the log is closed");
            }
            return action.apply(queue);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the queue and opens it again (after an {@code Error}, or after files were removed). */
    public void reopen() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closeQuietly(queue);
            queue = ChronicleQueues.open(logDir, metadata, readOnly);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs {@code action} with the queue closed, then reopens it: for removing roll-cycle files. */
    public void whileClosed(Runnable action) {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closeQuietly(queue);
            try {
                action.run();
            } finally {
                queue = ChronicleQueues.open(logDir, metadata, readOnly);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The directory of the queue's files. */
    public Path logDir() {
        return logDir;
    }

    private static void closeQuietly(SingleChronicleQueue queue) {
        try {
            queue.close();
        } catch (RuntimeException | Error ignored) {
            // a queue that faulted may fail to close; a new one is opened either way
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(queue);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
