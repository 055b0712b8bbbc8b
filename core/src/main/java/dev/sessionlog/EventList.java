package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * An append-only list of events that one thread appends to and any thread reads: every method holds
 * the list's monitor briefly and returns copies, so a reader never sees half a batch. Readers may
 * wait for events beyond the end (live subscriptions).
 */
final class EventList {
    private final List<RecordedEvent> events = new ArrayList<>();

    /** Appends a batch at once and wakes the waiting readers. */
    synchronized void addAll(List<RecordedEvent> batch) {
        events.addAll(batch);
        notifyAll();
    }

    /** The number of events. */
    synchronized int size() {
        return events.size();
    }

    /** The event at {@code index}, or empty beyond the end. */
    synchronized Optional<RecordedEvent> get(long index) {
        return index >= 0 && index < events.size() ? Optional.of(events.get((int) index)) : Optional.empty();
    }

    /** Up to {@code maxCount} events from {@code fromIndex} on. */
    synchronized List<RecordedEvent> range(long fromIndex, int maxCount) {
        requireArgument(fromIndex >= 0 && maxCount >= 0, "bad range %s + %s", fromIndex, maxCount);
        if (fromIndex >= events.size()) {
            return List.of();
        }
        int from = (int) fromIndex;
        return List.copyOf(events.subList(from, (int) Math.min(events.size(), (long) from + maxCount)));
    }

    /** The last {@code maxCount} events, oldest first. */
    synchronized List<RecordedEvent> last(int maxCount) {
        requireArgument(maxCount >= 0, "max count must not be negative");
        return List.copyOf(events.subList(Math.max(0, events.size() - maxCount), events.size()));
    }

    /** Every event. */
    synchronized List<RecordedEvent> snapshot() {
        return List.copyOf(events);
    }

    /**
     * Waits until there are events at or beyond {@code fromIndex} or {@code keepWaiting} says stop,
     * then returns up to {@code maxCount} of them (empty when told to stop).
     */
    synchronized List<RecordedEvent> await(long fromIndex, int maxCount, BooleanSupplier keepWaiting)
            throws InterruptedException {
        while (events.size() <= fromIndex && keepWaiting.getAsBoolean()) {
            wait();
        }
        return keepWaiting.getAsBoolean() ? range(fromIndex, maxCount) : List.of();
    }

    /** Wakes every waiting reader so it can check whether to stop. */
    synchronized void wakeReaders() {
        notifyAll();
    }
}
