package dev.sessionlog.internal;

import static dev.sessionlog.internal.Preconditions.requireArgument;

/**
 * A map from long to long with open addressing and linear probing: 16 bytes per entry, no boxing.
 * The ledger keeps one entry per idempotency key of every stored event, which for a store of
 * millions of events would cost far more as a {@code HashMap<String, Long>}. Not thread-safe.
 * No removal: idempotency keys are never forgotten.
 */
public final class LongLongHashMap {
    /** What {@link #get} returns for a key that is absent. */
    public static final long MISSING = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 16;

    // Slot i is empty when used[i] is false; keeping this flag apart lets every long be a key.
    private long[] keys;
    private long[] values;
    private boolean[] used;
    private int size;

    /** An empty map. */
    public LongLongHashMap() {
        this(MIN_CAPACITY);
    }

    /** An empty map sized for about {@code expectedSize} entries. */
    public LongLongHashMap(int expectedSize) {
        requireArgument(expectedSize >= 0, "expected size must not be negative, was %s", expectedSize);
        allocate(tableSizeFor(expectedSize));
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    public long get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask); used[i]; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return MISSING;
    }

    /** Whether {@code key} has a value. */
    public boolean containsKey(long key) {
        return get(key) != MISSING;
    }

    /**
     * Maps {@code key} to {@code value}; returns the previous value or {@link #MISSING}.
     *
     * @throws IllegalArgumentException when {@code value} is {@link #MISSING}
     */
    public long put(long key, long value) {
        requireArgument(value != MISSING, "the value %s is reserved for absent keys", value);
        if ((size + 1) * 4L > keys.length * 3L) {
            resize(keys.length * 2);
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (used[i]) {
            if (keys[i] == key) {
                long previous = values[i];
                values[i] = value;
                return previous;
            }
            i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = key;
        values[i] = value;
        size++;
        return MISSING;
    }

    /** The number of keys. */
    public int size() {
        return size;
    }

    /** Receives one entry of the map. */
    @FunctionalInterface
    public interface EntryConsumer {
        /** Takes the entry {@code key -> value}. */
        void accept(long key, long value);
    }

    /** Hands every entry to {@code consumer}, in no particular order. */
    public void forEach(EntryConsumer consumer) {
        requireArgument(consumer != null, "consumer must not be null");
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                consumer.accept(keys[i], values[i]);
            }
        }
    }

    private void resize(int capacity) {
        requireArgument(capacity > 0, "the map cannot grow past %s entries", size);
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        allocate(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldUsed[j]) {
                int i = slot(oldKeys[j], mask);
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
    }

    private static int tableSizeFor(int expectedSize) {
        long wanted = Math.max(MIN_CAPACITY, (long) expectedSize * 4 / 3 + 1);
        requireArgument(wanted <= 1 << 30, "expected size %s is too large", expectedSize);
        return Integer.highestOneBit((int) wanted - 1) << 1;
    }

    // Keys are often already hashes, but callers may pass sequential numbers: mix before masking.
    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
