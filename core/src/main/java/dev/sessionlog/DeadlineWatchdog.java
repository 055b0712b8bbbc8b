package dev.sessionlog;

/**
 * The role of a store that ends model calls past their deadline with
 * {@code ModelCallFailed(TIMEOUT)}. Stores run it on a schedule; tests with an injected clock call
 * it directly.
 */
public interface DeadlineWatchdog {

    /** Ends every open call whose deadline is before the store clock's now; returns how many it ended. */
    int endOverdueCalls();
}
