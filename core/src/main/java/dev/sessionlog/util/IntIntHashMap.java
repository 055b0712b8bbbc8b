package dev.sessionlog.util;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * A map from int to positive int with open addressing and linear probing, each entry packed into
 * one {@code long} (key in the high half, value in the low): 8 bytes a slot, no boxing, and a slot
 * is empty when it is 0, which no entry can be because values are positive. The ledger keeps one
 * entry per idempotency key of every stored event (a 32-bit fingerprint of the key, to the event's
 * sequence), so this table is most of the writer's heap per event; as a {@code HashMap<String, Long>}
 * it would cost ten times as much. Not thread-safe. No removal: idempotency keys are never forgotten.
 */
public final class IntIntHashMap {
    /** What {@link #get} returns for a key that is absent; no value can be it. */
    public static final int MISSING = 0;

    private static final int MIN_CAPACITY = 16;
    private static final int MAX_CAPACITY = 1 << 30;

    private long[] slots;
    private int size;

    /** An empty map. */
    public IntIntHashMap() {
        this(0);
    }

    /** An empty map sized for about {@code expectedSize} entries. */
    public IntIntHashMap(int expectedSize) {
        requireArgument(expectedSize >= 0, "expected size must not be negative, was %s", expectedSize);
        long wanted = Math.max(MIN_CAPACITY, (long) expectedSize * 4 / 3 + 1);
        requireArgument(wanted <= MAX_CAPACITY, "expected size %s is too large", expectedSize);
        slots = new long[Integer.highestOneBit((int) wanted - 1) << 1];
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    public int get(int key) {
        int mask = slots.length - 1;
        for (int i = slot(key, mask); slots[i] != 0; i = (i + 1) & mask) {
            if (keyOf(slots[i]) == key) {
                return valueOf(slots[i]);
            }
        }
        return MISSING;
    }

    /** Whether {@code key} has a value. */
    public boolean containsKey(int key) {
        return get(key) != MISSING;
    }

    /**
     * Maps {@code key} to {@code value}; returns the previous value or {@link #MISSING}.
     *
     * @throws IllegalArgumentException when {@code value} is not positive, or the map is full
     */
    public int put(int key, int value) {
        if (value <= 0) { // not requireArgument: its varargs would box every put of a million-key restore
            throw new IllegalArgumentException("values must be positive, was " + value);
        }
        if ((size + 1) * 4L > slots.length * 3L) {
            requireArgument(slots.length < MAX_CAPACITY, "the map cannot grow past %s entries", size);
            resize(slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = slot(key, mask);
        while (slots[i] != 0) {
            if (keyOf(slots[i]) == key) {
                int previous = valueOf(slots[i]);
                slots[i] = entry(key, value);
                return previous;
            }
            i = (i + 1) & mask;
        }
        slots[i] = entry(key, value);
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
        void accept(int key, int value);
    }

    /** Hands every entry to {@code consumer}, in no particular order. */
    public void forEach(EntryConsumer consumer) {
        requireArgument(consumer != null, "consumer must not be null");
        for (long slot : slots) {
            if (slot != 0) {
                consumer.accept(keyOf(slot), valueOf(slot));
            }
        }
    }

    private void resize(int capacity) {
        long[] old = slots;
        slots = new long[capacity];
        int mask = capacity - 1;
        for (long entry : old) {
            if (entry != 0) {
                int i = slot(keyOf(entry), mask);
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = entry;
            }
        }
    }

    private static long entry(int key, int value) {
        return ((long) key << 32) | value;
    }

    private static int keyOf(long entry) {
        return (int) (entry >>> 32);
    }

    private static int valueOf(long entry) {
        return (int) entry;
    }

    // Keys are often already hashes, but callers may pass sequential numbers: mix before masking.
    private static int slot(int key, int mask) {
        int h = key * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
