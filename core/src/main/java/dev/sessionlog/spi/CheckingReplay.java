package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.event.ModelCallFailed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongBiFunction;

/**
 * Checks stored events against the append rules, for a store's verification: feeds them, in log
 * order, through a {@link SessionLedger} as though each were appended anew, reports what the rules
 * would have refused, and then takes each as stored ({@link SessionLedger#replay}), so every event
 * is judged against what really precedes it in the log. The rules are the ledger's own, not a copy:
 * a start that is not first, events after the end, a terminal event without its start, a second
 * terminal event, a repeated idempotency key, an end that leaves calls open. Sequences are checked
 * here: each event must be its session's next one.
 *
 * <p>A log written through the rules yields nothing; damage, a bug, or a log edited by hand does.
 *
 * <p>Threads: one thread at a time. Memory: a ledger's, O(1) per session plus 8 bytes per
 * idempotency key.
 */
public final class CheckingReplay {
    private final SessionLedger ledger;
    /** Each session's last sequence seen, read or not. */
    private final Map<SessionId, Long> lastSequences = new HashMap<>();
    private long events;

    /**
     * A replay that reads events it already checked back through {@code lookup}, by session and
     * sequence, to confirm idempotency-key matches (as a store's ledger does). {@code lookup} may
     * find any stored event (a store's reads the whole log): the rules are only shown the events
     * before the one being checked, as a writer would have known them.
     */
    public CheckingReplay(EventLookup lookup) {
        this(lookup, SessionLedger::hashKey);
    }

    /** As {@link #CheckingReplay(EventLookup)}, with the ledger's key hash given (tests make keys share one). */
    CheckingReplay(EventLookup lookup, ToLongBiFunction<SessionId, String> keyHash) {
        requireArgument(lookup != null, "event lookup must not be null");
        // Without the bound, a key whose 32-bit fingerprint another session's key shares (dozens in a
        // million sessions) was confirmed against the event being checked itself, read back from the
        // log: verify reported it as repeating itself.
        this.ledger = new SessionLedger(Clock.systemUTC(), (session, sequence) -> sequence < lastSequence(session)
                ? lookup.find(session, sequence) : Optional.empty(), keyHash);
    }

    /**
     * Checks the next stored event of its session and takes it as stored; returns what is wrong with
     * it, empty when the rules would have stored it just so. An event whose sequence is not after
     * its session's last one is reported and skipped, as a store's index skips it.
     */
    public List<String> check(RecordedEvent event) {
        requireArgument(event != null, "event must not be null");
        SessionId session = event.sessionId();
        List<String> problems = new ArrayList<>(0);
        if (!sequenceChecked(session, event.sequence(), problems)) {
            return problems;
        }
        String name = event.event().getClass().getSimpleName();
        try {
            AppendPlan plan = ledger.plan(session, ExpectedSequence.any(),
                    List.of(new NewEvent(event.event(), event.metadata())));
            if (plan.isDuplicate()) {
                problems.add(name + " repeats sequence " + plan.duplicateResult().firstSequence()
                        + ": the rules answer a repeated event as a duplicate and store it once");
            } else if (plan.toWrite().size() > 1) {
                problems.add(name + " leaves " + openCalls(plan) + " open: the rules end open calls first");
            }
        } catch (SessionStoreException refused) {
            problems.add(name + " breaks the append rules: " + refused.getMessage());
        }
        ledger.replay(event);
        return problems;
    }

    /**
     * Notes that {@code session}'s event at {@code sequence} is stored but cannot be read (the
     * caller reports that): the next event is expected after it, and the rules go on with what
     * could be read. Returns what is wrong with its sequence, as {@link #check} would.
     */
    public List<String> skipUnreadable(SessionId session, long sequence) {
        requireArgument(session != null, "session must not be null");
        List<String> problems = new ArrayList<>(0);
        sequenceChecked(session, sequence, problems);
        return problems;
    }

    /**
     * Counts the event and checks that it is its session's next one, adding what is wrong to
     * {@code problems}; returns false for an event to skip, whose sequence is already taken.
     */
    private boolean sequenceChecked(SessionId session, long sequence, List<String> problems) {
        events++;
        long expected = lastSequence(session) + 1;
        if (sequence < expected) {
            problems.add("sequence " + sequence + " of session " + session + " repeats one already stored"
                    + " (expected " + expected + "); skipped");
            return false;
        }
        if (sequence > expected) {
            problems.add("sequence gap: expected " + expected + ", found " + sequence + ": sequences " + expected
                    + " to " + (sequence - 1) + " of session " + session + " are missing");
        }
        lastSequences.put(session, sequence);
        return true;
    }

    /**
     * Compares a store's session index with the log as checked so far: what is wrong, or empty.
     * While a writer appends, the index read before the events were checked may be behind the log
     * but never ahead, and the index read after may be ahead but never behind.
     *
     * @param indexedBefore the session's last sequence in the index before the check, 0 for none
     * @param indexedAfter the same, read after the check
     */
    public Optional<String> compareWithIndex(SessionId session, long indexedBefore, long indexedAfter) {
        long logLast = lastSequence(session);
        if (indexedBefore > logLast) {
            return Optional.of("the index says the last sequence is " + indexedBefore + " but the log ends at "
                    + logLast);
        }
        if (indexedAfter < logLast) {
            return Optional.of("the log holds events up to sequence " + logLast + " but the index says the last is "
                    + indexedAfter);
        }
        return Optional.empty();
    }

    /** The last sequence of {@code session} checked or skipped, 0 for none. */
    public long lastSequence(SessionId session) {
        return lastSequences.getOrDefault(session, 0L);
    }

    /** How many sessions had events checked. */
    public int sessions() {
        return lastSequences.size();
    }

    /** How many events were checked or skipped as unreadable. */
    public long events() {
        return events;
    }

    private static String openCalls(AppendPlan plan) {
        List<String> calls = new ArrayList<>();
        for (RecordedEvent cancellation : plan.toWrite().subList(0, plan.toWrite().size() - 1)) {
            calls.add("model call " + ((ModelCallFailed) cancellation.event()).callId());
        }
        return String.join(", ", calls);
    }
}
