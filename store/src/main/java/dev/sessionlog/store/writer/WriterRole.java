package dev.sessionlog.store.writer;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer role (ADR 0009): the thread that holds it is the store's one writer, and it alone
 * appends to the log, changes the ledger and the position index, and takes checkpoints. It is a
 * lock, so the role passes from thread to thread with a happens-before edge: each writer sees
 * everything the one before it wrote.
 *
 * <p>Threads: any thread may try to take it ({@link SingleWriter} does, for its callers and its
 * background thread). The classes whose methods only the writer may call assert
 * {@link #isHeldByCurrentThread()} (tests run with assertions on).
 */
final class WriterRole {
    private final ReentrantLock lock = new ReentrantLock();

    /** Takes the role if no thread holds it; never waits. */
    boolean tryTake() {
        return lock.tryLock();
    }

    /** Takes the role, waiting for the thread that holds it. */
    void take() {
        lock.lock();
    }

    /** Gives the role up; only its holder. */
    void release() {
        lock.unlock();
    }

    /** Whether some thread holds the role now (a hint: it may be released at once). */
    boolean isTaken() {
        return lock.isLocked();
    }

    /** Whether the calling thread is the writer. */
    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }
}
