package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * The optimistic-concurrency condition of an append: what the session's last sequence must be for
 * the append to go through. A mismatch fails the append with {@link WrongExpectedSequenceException}.
 */
public final class ExpectedSequence {
    private static final long ANY = -1;
    private static final ExpectedSequence ANY_SEQUENCE = new ExpectedSequence(ANY);
    private static final ExpectedSequence NO_SESSION = new ExpectedSequence(0);

    private final long value;

    private ExpectedSequence(long value) {
        this.value = value;
    }

    /** Append whatever the session's state: concurrent appends are sequenced, never rejected. */
    public static ExpectedSequence any() {
        return ANY_SEQUENCE;
    }

    /** The session must not exist yet. */
    public static ExpectedSequence noSession() {
        return NO_SESSION;
    }

    /** The session's last sequence must be {@code sequence} (0 is the same as {@link #noSession()}). */
    public static ExpectedSequence exactly(long sequence) {
        requireArgument(sequence >= 0, "expected sequence must not be negative, was %s", sequence);
        return sequence == 0 ? NO_SESSION : new ExpectedSequence(sequence);
    }

    /** Whether a session whose last sequence is {@code lastSequence} (0 for none) satisfies this. */
    public boolean isSatisfiedBy(long lastSequence) {
        return value == ANY || value == lastSequence;
    }

    /** Whether this is {@link #any()}. */
    public boolean isAny() {
        return value == ANY;
    }

    /** The expected last sequence (0 for no session); -1 for {@link #any()}. */
    public long value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectedSequence other && other.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return value == ANY ? "any" : value == 0 ? "no session" : "exactly " + value;
    }
}
