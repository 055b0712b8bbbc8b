package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.quote;
import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.Arrays;

/**
 * Where a reader of the whole store stands: for each partition, the position of the next event to
 * deliver. Immutable. A consumer of {@link SubscriptionRequest#allFrom(StoreCursor)} persists
 * {@link #encode()} of the cursor after each event it has processed, and resumes from
 * {@link #decode(String)} of it with nothing lost or repeated.
 *
 * <p>A store is split into partitions, each with its own log and total order (see the design's
 * "Partitions and cursors"); today every store has exactly one, partition 0, whose positions are
 * the events' {@link RecordedEvent#position()}. The cursor names any number of partitions, so a
 * cursor written by a store with one partition stays readable when stores have more.
 *
 * <p>The encoding is {@code v1} followed by one {@code .}-separated decimal next position per
 * partition, partition 0 first, trailing partitions at 0 left out: {@code v1} is the start,
 * {@code v1.1235} the cursor after the event at position 1234 of partition 0. It is printable
 * ASCII, needs no escaping in a URL or an HTTP header, and is canonical: equal cursors encode to
 * equal texts.
 */
public final class StoreCursor {
    /** The most partitions a cursor names. */
    public static final int MAX_PARTITIONS = 4096;

    private static final String VERSION = "v1";
    private static final char SEPARATOR = '.';
    private static final int MAX_DIGITS = 19;
    private static final int MAX_ENCODED_LENGTH = VERSION.length() + MAX_PARTITIONS * (MAX_DIGITS + 1);
    private static final StoreCursor START = new StoreCursor(new long[0]);

    /** Next positions by partition; entries past the end are 0; never ends in a 0 (canonical form). */
    private final long[] next;

    private StoreCursor(long[] next) {
        this.next = next;
    }

    /** The cursor before the first event of every partition. */
    public static StoreCursor start() {
        return START;
    }

    /** The position of the next event to deliver from {@code partition}: 0 when nothing of it was delivered. */
    public long nextPosition(int partition) {
        requireArgument(partition >= 0 && partition < MAX_PARTITIONS, "partition must be between 0 and %s, was %s",
                MAX_PARTITIONS - 1, partition);
        return partition < next.length ? next[partition] : 0;
    }

    /** How many partitions this cursor names: one more than the highest with a next position above 0. */
    public int partitions() {
        return next.length;
    }

    /** Whether the event at {@code position} of {@code partition} is at or after this cursor: not yet delivered. */
    public boolean includes(int partition, long position) {
        return position >= nextPosition(partition);
    }

    /**
     * The cursor after {@code event} was delivered: its partition's next position moves past it, the
     * others stay. Never moves back: an event before this cursor leaves it as it is.
     */
    public StoreCursor after(RecordedEvent event) {
        requireArgument(event != null, "event must not be null");
        requireArgument(event.position() >= 0 && event.position() < Long.MAX_VALUE,
                "event position must be between 0 and %s, was %s", Long.MAX_VALUE - 1, event.position());
        return withNextPosition(event.partition(), Math.max(nextPosition(event.partition()), event.position() + 1));
    }

    /** This cursor with {@code partition}'s next position set to {@code position}. */
    public StoreCursor withNextPosition(int partition, long position) {
        requireArgument(partition >= 0 && partition < MAX_PARTITIONS, "partition must be between 0 and %s, was %s",
                MAX_PARTITIONS - 1, partition);
        requireArgument(position >= 0, "position must not be negative, was %s", position);
        if (nextPosition(partition) == position) {
            return this;
        }
        long[] changed = Arrays.copyOf(next, Math.max(next.length, partition + 1));
        changed[partition] = position;
        return canonical(changed);
    }

    /** The printable form: {@code v1.<next position of partition 0>.<of partition 1>…}. */
    public String encode() {
        StringBuilder text = new StringBuilder(VERSION.length() + next.length * 12).append(VERSION);
        for (long position : next) {
            text.append(SEPARATOR).append(position);
        }
        return text.toString();
    }

    /**
     * The cursor {@link #encode()} wrote.
     *
     * @throws InvalidCursorException when {@code text} is null, too long, of another version, holds
     *     anything but canonical decimal positions, or names more than {@value #MAX_PARTITIONS}
     *     partitions
     */
    public static StoreCursor decode(String text) {
        if (text == null) {
            throw new InvalidCursorException("no text");
        }
        if (text.length() > MAX_ENCODED_LENGTH) {
            throw new InvalidCursorException("it is " + text.length() + " characters, more than the "
                    + MAX_ENCODED_LENGTH + " a cursor can have");
        }
        if (!text.startsWith(VERSION) || (text.length() > VERSION.length() && text.charAt(VERSION.length()) != SEPARATOR)) {
            throw new InvalidCursorException(quote(text) + " does not start with " + VERSION
                    + " (a cursor of another version, or not a cursor)");
        }
        if (text.length() == VERSION.length()) {
            return START;
        }
        String[] parts = text.substring(VERSION.length() + 1).split("\\.", -1);
        if (parts.length > MAX_PARTITIONS) {
            throw new InvalidCursorException("it names " + parts.length + " partitions, more than the "
                    + MAX_PARTITIONS + " allowed");
        }
        long[] positions = new long[parts.length];
        for (int partition = 0; partition < parts.length; partition++) {
            positions[partition] = position(parts[partition], partition);
        }
        return canonical(positions);
    }

    private static long position(String digits, int partition) {
        boolean decimal = !digits.isEmpty() && digits.length() <= MAX_DIGITS
                && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                && (digits.length() == 1 || digits.charAt(0) != '0');
        if (!decimal) {
            throw new InvalidCursorException("the position of partition " + partition + ", " + quote(digits)
                    + ", is not a decimal number without leading zeros");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new InvalidCursorException("the position of partition " + partition + ", " + quote(digits)
                    + ", is larger than " + Long.MAX_VALUE);
        }
    }

    /** Drops trailing zeros, so that equal cursors have equal arrays and encodings. */
    private static StoreCursor canonical(long[] positions) {
        int length = positions.length;
        while (length > 0 && positions[length - 1] == 0) {
            length--;
        }
        return length == 0 ? START : new StoreCursor(length == positions.length ? positions
                : Arrays.copyOf(positions, length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreCursor other && Arrays.equals(next, other.next);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(next);
    }

    @Override
    public String toString() {
        return encode();
    }
}
