package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * What an append stored, and what became of each of its events.
 *
 * <p>An event whose idempotency key is already stored is not stored again (see
 * {@link SessionStore#append}): in an append that mixes such retries with new events, only the new
 * ones are written, {@link #firstSequence()} to {@link #lastSequence()} are the sequences written,
 * {@link #duplicate()} is false, and {@link #outcomes()} says for each event of the append whether it
 * was stored at a sequence or was already stored at one.
 *
 * @param session the session
 * @param firstSequence the sequence of the first event written (for a duplicate: of the first original)
 * @param lastSequence the sequence of the last event written (for a duplicate: of the last original);
 *     events the store adds to an append (the cancellations of open calls before a
 *     {@code SessionEnded}) lie in between
 * @param position the log position of the last event written (for a duplicate: of the last original)
 * @param duplicate true when every event was already stored (a retry): nothing new was written
 * @param outcomes what became of each event of the append, in the order they were given
 */
public record AppendResult(SessionId session, long firstSequence, long lastSequence, long position,
                           boolean duplicate, List<Outcome> outcomes) {

    /**
     * What became of one event of an append.
     *
     * @param sequence the sequence it was stored at, or, for a duplicate, the sequence of the event
     *     already stored under its idempotency key
     * @param duplicate whether it was already stored, so this append did not store it again
     */
    public record Outcome(long sequence, boolean duplicate) {
        /** Requires a positive sequence. */
        public Outcome {
            requireArgument(sequence >= 1, "sequence must be at least 1, was %s", sequence);
        }

        /** Stored by this append at {@code sequence}. */
        public static Outcome stored(long sequence) {
            return new Outcome(sequence, false);
        }

        /** Already stored, at {@code sequence}. */
        public static Outcome duplicateOf(long sequence) {
            return new Outcome(sequence, true);
        }
    }

    /**
     * Requires the session, at least one outcome, and {@code duplicate} to be true exactly when every
     * outcome is a duplicate; copies the outcomes.
     */
    public AppendResult {
        requireArgument(session != null, "session must not be null");
        requireArgument(outcomes != null && !outcomes.isEmpty(), "an append result needs an outcome per event");
        if (!(outcomes instanceof SequenceRange)) { // a range is built consistent, and may be long
            outcomes = List.copyOf(outcomes);
            requireArgument(duplicate == outcomes.stream().allMatch(Outcome::duplicate),
                    "duplicate must be true exactly when every event was already stored");
        }
    }

    /**
     * A result whose events are the sequences {@code firstSequence} to {@code lastSequence}, each
     * stored by this append, or each already stored when {@code duplicate}: the result of an append
     * that mixed nothing, which is all a result said before it had {@link #outcomes()}.
     */
    public AppendResult(SessionId session, long firstSequence, long lastSequence, long position, boolean duplicate) {
        this(session, firstSequence, lastSequence, position, duplicate,
                new SequenceRange(firstSequence, lastSequence, duplicate));
    }

    /** The outcomes of a range of sequences, computed on demand: a range may be long, its meaning is two numbers. */
    private static final class SequenceRange extends AbstractList<Outcome> implements RandomAccess {
        private final long first;
        private final int size;
        private final boolean duplicate;

        SequenceRange(long first, long last, boolean duplicate) {
            requireArgument(first >= 1 && last >= first && last - first < Integer.MAX_VALUE,
                    "sequences %s to %s are not a range of events", first, last);
            this.first = first;
            this.size = (int) (last - first + 1);
            this.duplicate = duplicate;
        }

        @Override
        public Outcome get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " of " + size + " outcomes");
            }
            return new Outcome(first + index, duplicate);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
