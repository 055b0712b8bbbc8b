package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.quote;
import static dev.sessionlog.util.Preconditions.requireArgument;
import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.AppendResult;
import dev.sessionlog.AppendResult.Outcome;
import dev.sessionlog.CallAlreadyEndedException;
import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.IntIntHashMap;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongBiFunction;

/**
 * Per-session writer state and the append rules: the one place they are written, shared by every
 * store. A store's writer calls {@link #plan} (checks, changes nothing), writes the planned events,
 * then {@link #commit}s them; on open it {@link #replay}s what is stored, or {@link #restore}s a
 * checkpoint of its state and replays only what was stored after it.
 *
 * <p>The rules, checked in the order {@link dev.sessionlog.SessionStore#append} states:
 * <ul>
 *   <li>an append holds 1 to {@value #MAX_BATCH} events, no idempotency key twice,
 *       {@code SessionStarted} only first and {@code SessionEnded} only last;</li>
 *   <li>an event whose idempotency key is already stored is a duplicate of the stored event (for a
 *       {@code ModelCallStarted}, when it names the same call; for terminal events and
 *       {@code SessionKeyAssigned}, when equal; an identical copy of a session's first event is a
 *       duplicate too, so starting twice is harmless); when every event of an append is one, the
 *       append is answered with the originals and {@code duplicate = true} whatever its expected
 *       sequence and whatever happened since, so a retry of a stored append always succeeds;
 *       otherwise only the new events are written and the result's outcomes say which is which;</li>
 *   <li>then: appends to an ended session fail with {@link SessionEndedException}, then the expected
 *       sequence is checked ({@link WrongExpectedSequenceException});</li>
 *   <li>then the new events against the session: the first event of a new session is
 *       {@code SessionStarted}; a model call's terminal event needs a started call
 *       ({@link InvalidEventException}); a different second terminal event fails with
 *       {@link CallAlreadyEndedException}; a {@code ModelCallStarted} reusing a call id for another
 *       call, a second different {@code SessionStarted} or {@code SessionKeyAssigned}, or one on a
 *       session that has a key, and an id chosen for a key that breaks the rule of
 *       {@link IdempotencyIds} are invalid;</li>
 *   <li>a session holds at most {@value #MAX_SESSION_EVENTS} events;</li>
 *   <li>ending a session ends its open calls first: the plan puts a {@code ModelCallFailed(CANCELLED)}
 *       for each before the {@code SessionEnded}, so every started call has its terminal event and
 *       a late outcome is refused with {@link SessionEndedException}, never stored elsewhere.</li>
 * </ul>
 * Sizes are the store's to check, on what it is about to write ({@link AppendLimits}).
 *
 * <p>Memory: one row of {@link SessionEntries} per session (54 bytes plus the key's text, the id
 * kept once in the {@link SessionSlots}), plus one 8-byte entry per idempotency key in a table at most three
 * quarters full (a 32-bit fingerprint of the key's hash and the event's sequence). A hit is
 * confirmed against the stored event through the {@link EventLookup}, so a fingerprint shared by
 * two keys is never taken for a duplicate; the second key of such a pair is kept by name.
 *
 * <p>Threads: every method that changes state, and {@link #plan}, {@link #overdueCalls} and
 * {@link #openCalls}, belong to the store's writer: one thread at a time, whichever holds the
 * store's writer role (ADR 0009), with that role's lock ordering its calls. {@link #lastSequence},
 * {@link #summary}, {@link #sessions} and {@link #isDeleted} may be called from any thread: the
 * {@link SessionIndex} reads its rows consistently from any thread (a seqlock per stripe of rows,
 * see {@link SessionEntries}).
 */
public final class SessionLedger {
    /** The most events one append may hold. */
    public static final int MAX_BATCH = 10_000;
    /** The most events one session may hold: sequences are kept as {@code int}s. */
    public static final int MAX_SESSION_EVENTS = Integer.MAX_VALUE;

    private final Clock clock;
    private final EventLookup lookup;
    private final ToLongBiFunction<SessionId, String> keyHash;
    private final SessionIndex index;
    // Replaced once, whole, by restore; otherwise only added to.
    private IntIntHashMap keySequences = new IntIntHashMap();
    // Keys whose hash another key already holds: practically never used, kept exact.
    private final Map<String, Long> collidedKeys = new HashMap<>();
    private final Map<CallKey, OpenCall> openCalls = new LinkedHashMap<>();

    /** A ledger that reads stored events back through {@code lookup}, numbering sessions with slots of its own. */
    public SessionLedger(Clock clock, EventLookup lookup) {
        this(clock, lookup, new SessionSlots());
    }

    /**
     * A ledger that reads stored events back through {@code lookup} and keeps its session index in
     * rows numbered by {@code slots}, which a store may share with its own per-session state (one
     * copy of each session id); the store's writer then adds to {@code slots} as this ledger's writer.
     */
    public SessionLedger(Clock clock, EventLookup lookup, SessionSlots slots) {
        this(clock, lookup, slots, SessionLedger::hashKey);
    }

    /** With a chosen key hash: tests force collisions with it. */
    SessionLedger(Clock clock, EventLookup lookup, ToLongBiFunction<SessionId, String> keyHash) {
        this(clock, lookup, new SessionSlots(), keyHash);
    }

    private SessionLedger(Clock clock, EventLookup lookup, SessionSlots slots,
                          ToLongBiFunction<SessionId, String> keyHash) {
        requireArgument(clock != null, "clock must not be null");
        requireArgument(lookup != null, "event lookup must not be null");
        requireArgument(slots != null, "slots must not be null");
        this.clock = clock;
        this.lookup = lookup;
        this.keyHash = keyHash;
        this.index = new SessionIndex(slots);
    }

    /**
     * Checks an append against the current state and plans it, changing nothing. The checks run in
     * the order {@link dev.sessionlog.SessionStore#append} states, each refusing with its own error:
     * the append itself, then retries (an append whose every event is stored is answered as a
     * duplicate), the session's end, the expected sequence, and last the new events against the
     * session's state.
     *
     * @throws InvalidEventException for an append or event the rules refuse
     * @throws WrongExpectedSequenceException when the session's last sequence is not the expected one
     * @throws SessionEndedException when the session has ended
     * @throws CallAlreadyEndedException for a second, different outcome of a call
     */
    public AppendPlan plan(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        requireArgument(session != null, "session must not be null");
        requireArgument(expected != null, "expected sequence must not be null");
        requireArgument(events != null, "events must not be null");
        // 1. The append itself, whatever the session's state.
        if (events.isEmpty()) {
            throw new InvalidEventException(session, "an append needs at least one event");
        }
        if (events.size() > MAX_BATCH) {
            throw new InvalidEventException(session, "an append holds at most " + MAX_BATCH + " events, got "
                    + events.size());
        }
        int slot = index.slotOf(session);
        boolean exists = index.contains(slot);
        long last = index.lastSequence(slot);
        Triage triage = new Triage(session, slot, exists, events.size());
        for (int i = 0; i < events.size(); i++) {
            triage.sort(events.get(i), i, i == events.size() - 1);
        }
        // 2. A retry of stored events is answered with them, whatever it expected and whatever happened since.
        List<NewEvent> fresh = triage.fresh;
        if (fresh.isEmpty()) {
            long position = lookup.find(session, triage.lastDuplicate).map(RecordedEvent::position).orElse(-1L);
            List<Outcome> outcomes = triage.outcomes(last, 0);
            return new AppendPlan(session, List.of(), new AppendResult(session, triage.firstDuplicate,
                    triage.lastDuplicate, position, true, outcomes), last, outcomes);
        }
        // 3. Nothing is appended after the end.
        SessionEnded.Reason ended = index.endReason(slot);
        if (ended != null) {
            throw new SessionEndedException(session, ended);
        }
        // 4. The expected sequence, before anything is said about the events.
        if (!expected.isSatisfiedBy(last)) {
            throw new WrongExpectedSequenceException(session, expected, last);
        }
        // 5. The new events against the session's state.
        if (triage.problem != null) {
            throw triage.problem;
        }
        if (!exists && AppendRole.of(fresh.get(0).event()) != AppendRole.START) {
            throw new InvalidEventException(session, "the first event of a new session must be SessionStarted, not "
                    + fresh.get(0).event().getClass().getSimpleName());
        }
        int added = 0;
        if (AppendRole.of(fresh.get(fresh.size() - 1).event()) == AppendRole.END) {
            List<NewEvent> cancellations = cancellationsBeforeEnd(session, triage.startedHere, triage.endedHere);
            fresh.addAll(fresh.size() - 1, cancellations);
            added = cancellations.size();
        }
        if (last + fresh.size() > MAX_SESSION_EVENTS) {
            throw new InvalidEventException(session, "a session holds at most " + MAX_SESSION_EVENTS + " events");
        }

        Instant now = clock.instant();
        List<RecordedEvent> toWrite = new ArrayList<>(fresh.size());
        long sequence = last;
        for (NewEvent e : fresh) {
            toWrite.add(new RecordedEvent(-1, session, ++sequence, EventId.random(), now, e.event(), e.metadata()));
        }
        return new AppendPlan(session, toWrite, null, last, triage.outcomes(last, added));
    }

    /**
     * Applies a plan after its events were written; {@code positions} are the log positions of
     * {@link AppendPlan#toWrite()}, in order. A duplicate plan is answered with its result.
     *
     * @throws IllegalStateException when the session changed since the plan was made
     */
    public AppendResult commit(AppendPlan plan, long[] positions) {
        if (plan.isDuplicate()) {
            return plan.duplicateResult();
        }
        requireState(lastSequence(plan.session()) == plan.expectedLastSequence(),
                "session %s changed since the append was planned", plan.session());
        List<RecordedEvent> written = plan.positioned(positions);
        written.forEach(this::apply);
        RecordedEvent first = written.get(0);
        RecordedEvent lastWritten = written.get(written.size() - 1);
        return new AppendResult(plan.session(), first.sequence(), lastWritten.sequence(), lastWritten.position(), false,
                plan.outcomes());
    }

    /** Rebuilds state from an already-stored event (store open, recovery), in log order; checks nothing. */
    public void replay(RecordedEvent event) {
        requireArgument(event != null, "event must not be null");
        apply(event);
    }

    /**
     * The whole state, for a checkpoint: restoring it into an empty ledger with the same key hash
     * gives the state this ledger has now, without replaying the events. As the writer.
     */
    public LedgerState export() {
        int[] fingerprints = new int[keySequences.size()];
        int[] sequences = new int[fingerprints.length];
        int[] next = {0};
        keySequences.forEach((fingerprint, sequence) -> {
            fingerprints[next[0]] = fingerprint;
            sequences[next[0]++] = sequence;
        });
        return new LedgerState(index.export(), fingerprints, sequences, collidedKeys, List.copyOf(openCalls.values()));
    }

    /**
     * Takes over a state {@link #export}ed by a ledger with the same key hash, in place of replaying
     * the events it covers; later events are then {@link #replay}ed on top. Checks the whole state
     * before changing anything, so a refused state leaves the ledger empty. As the writer,
     * before anything else.
     *
     * @throws IllegalStateException when this ledger is not empty
     * @throws IllegalArgumentException when {@code state} names a session twice, a key fingerprint
     *         twice, a sequence that is not positive, or an open call of an unknown session
     */
    public void restore(LedgerState state) {
        requireArgument(state != null, "state must not be null");
        requireState(index.isEmpty() && keySequences.size() == 0 && collidedKeys.isEmpty() && openCalls.isEmpty(),
                "only an empty ledger can be restored");
        SessionEntries entries = state.sessions();
        IntIntHashMap keys = new IntIntHashMap(state.keyFingerprints().length);
        for (int i = 0; i < state.keyFingerprints().length; i++) {
            // not requireArgument: an open runs this loop cold, where its varargs box every key
            if (keys.put(state.keyFingerprints()[i], state.keySequences()[i]) != IntIntHashMap.MISSING) {
                throw new IllegalArgumentException("key fingerprint " + state.keyFingerprints()[i] + " appears twice");
            }
        }
        Map<CallKey, OpenCall> calls = new LinkedHashMap<>();
        for (OpenCall call : state.openCalls()) {
            requireArgument(entries.contains(entries.slots().slotOf(call.session())),
                    "open call %s belongs to the unknown session %s",
                    call.started().callId(), call.session());
            calls.put(new CallKey(call.session(), call.started().callId()), call);
        }
        index.restore(entries);
        keySequences = keys;
        collidedKeys.putAll(state.collidedKeys());
        openCalls.putAll(calls);
    }

    /**
     * Forgets a session entirely, as if it had never been appended to: its index entry, its open
     * calls and the keys kept by name. A store calls it when it erases a deleted session's events
     * from its log; afterwards the session id is new again (an append to it starts at sequence 1).
     * The 32-bit fingerprints of its idempotency keys stay in the key table until the next full
     * replay: they hold no key text, and a hit on one is confirmed against the stored event, which
     * is gone, so it never makes a new event a duplicate. As the writer.
     */
    public void forget(SessionId session) {
        requireArgument(session != null, "session must not be null");
        index.remove(session);
        openCalls.keySet().removeIf(call -> call.session().equals(session));
        String prefix = collisionKey(session, "");
        collidedKeys.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** Open calls of sessions that have not ended whose deadline is before the clock's now. */
    public List<OpenCall> overdueCalls() {
        Instant now = clock.instant();
        List<OpenCall> overdue = new ArrayList<>();
        for (OpenCall call : openCalls.values()) {
            Instant deadline = call.started().deadline();
            if (deadline != null && deadline.isBefore(now) && !isEnded(call.session())) {
                overdue.add(call);
            }
        }
        return overdue;
    }

    /** Every open call, oldest first (recovery ends them as interrupted). */
    public List<OpenCall> openCalls() {
        return List.copyOf(openCalls.values());
    }

    /** The session's last sequence, 0 when it does not exist. Any thread. */
    public long lastSequence(SessionId session) {
        return index.lastSequence(index.slotOf(session));
    }

    /** Whether the session ended as deleted: its events are no longer readable. Any thread. */
    public boolean isDeleted(SessionId session) {
        return index.endReason(index.slotOf(session)) == SessionEnded.Reason.DELETED;
    }

    /** The session's index entry; empty when it does not exist or was deleted. Any thread. */
    public Optional<SessionSummary> summary(SessionId session) {
        return index.summary(session);
    }

    /** The sessions {@code query} selects, most recently updated first; deleted ones never. Any thread. */
    public List<SessionSummary> sessions(SessionQuery query) {
        return index.sessions(query);
    }

    private List<NewEvent> cancellationsBeforeEnd(SessionId session, Map<CallId, ModelCallStarted> startedHere,
                                                  Set<CallId> endedHere) {
        List<ModelCallStarted> stillOpen = new ArrayList<>();
        for (OpenCall call : openCalls.values()) {
            if (call.session().equals(session)) {
                stillOpen.add(call.started());
            }
        }
        stillOpen.addAll(startedHere.values());
        List<NewEvent> cancellations = new ArrayList<>();
        for (ModelCallStarted started : stillOpen) {
            if (!endedHere.contains(started.callId())) {
                cancellations.add(NewEvent.of(ModelCallFailed.of(started.callId(), started.provider(),
                        started.model(), FailureKind.CANCELLED)));
            }
        }
        return cancellations;
    }

    /** The stored event holding {@code key} in {@code session}, confirmed against the event itself. */
    private Optional<RecordedEvent> stored(SessionId session, Optional<String> key) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        int sequence = keySequences.get(fingerprint(session, key.get()));
        if (sequence == IntIntHashMap.MISSING) {
            return Optional.empty();
        }
        Optional<RecordedEvent> candidate = lookup.find(session, sequence)
                .filter(e -> e.event().idempotencyKey().equals(key));
        if (candidate.isPresent()) {
            return candidate;
        }
        Long collided = collidedKeys.get(collisionKey(session, key.get()));
        return collided == null ? Optional.empty() : lookup.find(session, collided);
    }

    private void apply(RecordedEvent event) {
        SessionId session = event.sessionId();
        index.apply(event);
        event.event().idempotencyKey().ifPresent(key -> remember(session, key, event.sequence()));
        SessionEvent e = event.event();
        switch (AppendRole.of(e)) {
            case CALL_START -> {
                ModelCallStarted started = (ModelCallStarted) e;
                openCalls.put(new CallKey(session, started.callId()), new OpenCall(session, started, event.sequence()));
            }
            case CALL_END -> openCalls.remove(new CallKey(session,
                    e instanceof ModelCallCompleted c ? c.callId() : ((ModelCallFailed) e).callId()));
            case START, KEYED, KEY_ASSIGNED, END, PLAIN -> { }
        }
    }

    private void remember(SessionId session, String key, long sequence) {
        int fingerprint = fingerprint(session, key);
        if (keySequences.containsKey(fingerprint)) {
            collidedKeys.put(collisionKey(session, key), sequence);
        } else {
            keySequences.put(fingerprint, Math.toIntExact(sequence));
        }
    }

    /** The key's hash folded to 32 bits: half the table of a 64-bit hash; the rarer sharing is confirmed. */
    private int fingerprint(SessionId session, String key) {
        long hash = keyHash.applyAsLong(session, key);
        return (int) (hash ^ (hash >>> 32));
    }

    private boolean isEnded(SessionId session) {
        return index.endReason(index.slotOf(session)) != null;
    }

    private static String collisionKey(SessionId session, String key) {
        return session.value() + '\n' + key;
    }

    /** The key {@link ModelCallStarted#idempotencyKey()} gives a call. */
    static String startKey(CallId callId) {
        return "call-start:" + callId.value();
    }

    /** FNV-1a over the session id, a newline (no session id holds one) and the key, then a 64-bit finalizer. */
    static long hashKey(SessionId session, String key) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, session.value());
        h = (h ^ '\n') * 0x100000001b3L;
        h = fnv(h, key);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * Sorts the events of one append into new ones and retries of stored ones. What is wrong with the
     * append itself is refused at once; what is wrong with a new event given the session's state is
     * kept as {@link #problem}, for the plan to throw once the session's end and the expected sequence
     * have been checked.
     */
    private final class Triage {
        private final SessionId session;
        private final int slot;
        private final boolean sessionExists;
        private final List<NewEvent> fresh = new ArrayList<>();
        /** Per event of the append: the sequence of the stored event it repeats, or 0 when it is new. */
        private final long[] duplicateOf;
        private long firstDuplicate = Long.MAX_VALUE;
        private long lastDuplicate;
        /** The first thing wrong with a new event given the session's state; null when nothing is. */
        private SessionStoreException problem;
        /** Keys seen earlier in this append; only built once an append holds a second event. */
        private Set<String> batchKeys;
        private String firstKey;
        /** Whether this append starts the session with a key. */
        private boolean keyedHere;
        private final Map<CallId, ModelCallStarted> startedHere = new LinkedHashMap<>();
        private final Set<CallId> endedHere = new HashSet<>();

        Triage(SessionId session, int slot, boolean sessionExists, int size) {
            this.session = session;
            this.slot = slot;
            this.sessionExists = sessionExists;
            this.duplicateOf = new long[size];
        }

        void sort(NewEvent candidate, int index, boolean isLast) {
            requireArgument(candidate != null, "event %s of the append is null", index);
            SessionEvent event = candidate.event();
            Optional<String> key = event.idempotencyKey();
            if (key.isPresent() && !firstTimeInAppend(key.get(), index)) {
                throw new InvalidEventException(session, "the append holds the idempotency key " + quote(key.get())
                        + " twice");
            }
            AppendRole role = AppendRole.of(event);
            if (role == AppendRole.START && index != 0) {
                throw new InvalidEventException(session, "SessionStarted may only be the first event of a session");
            }
            if (role == AppendRole.END && !isLast) {
                throw new InvalidEventException(session, "nothing may follow SessionEnded in the same append");
            }
            long original = switch (role) {
                case START -> checkStart((SessionStarted) event);
                case KEYED -> stored(session, key).map(RecordedEvent::sequence).orElse(0L);
                case CALL_START -> checkCallStart((ModelCallStarted) event, key.orElseThrow());
                case CALL_END -> checkCallEnd(event, key.orElseThrow());
                case KEY_ASSIGNED -> checkKeyAssigned((SessionKeyAssigned) event, key.orElseThrow());
                case END, PLAIN -> 0L;
            };
            if (original > 0) {
                duplicateOf[index] = original;
                firstDuplicate = Math.min(firstDuplicate, original);
                lastDuplicate = Math.max(lastDuplicate, original);
                return;
            }
            String badId = IdempotencyIds.problem(event);
            if (badId != null) {
                problem(new InvalidEventException(session, badId));
            }
            fresh.add(candidate);
        }

        /**
         * What becomes of each event: its original's sequence, or the one it is written at when the
         * new events follow {@code last} with {@code added} events of the store's own put before the
         * last one (the cancellations before a {@code SessionEnded}).
         */
        List<Outcome> outcomes(long last, int added) {
            List<Outcome> outcomes = new ArrayList<>(duplicateOf.length);
            long next = last;
            int freshSeen = 0;
            for (long original : duplicateOf) {
                if (original > 0) {
                    outcomes.add(Outcome.duplicateOf(original));
                } else {
                    boolean lastFresh = ++freshSeen == fresh.size() - added;
                    next += lastFresh ? 1 + added : 1;
                    outcomes.add(Outcome.stored(next));
                }
            }
            return outcomes;
        }

        private void problem(SessionStoreException e) {
            if (problem == null) {
                problem = e;
            }
        }

        /** Whether {@code key} is new to this append; most appends hold one event and need no set. */
        private boolean firstTimeInAppend(String key, int index) {
            if (index == 0) {
                firstKey = key;
                return true;
            }
            if (batchKeys == null) {
                batchKeys = new HashSet<>();
                if (firstKey != null) {
                    batchKeys.add(firstKey);
                }
            }
            return batchKeys.add(key);
        }

        private long checkStart(SessionStarted event) {
            if (sessionExists) {
                Optional<RecordedEvent> first = lookup.find(session, 1);
                if (first.isPresent() && first.get().event().equals(event)) {
                    return 1;
                }
                problem(new InvalidEventException(session, "the session has already started; SessionStarted may only"
                        + " be its first event"));
                return 0;
            }
            keyedHere = event.sessionKey() != null;
            return 0;
        }

        private long checkCallStart(ModelCallStarted event, String key) {
            Optional<RecordedEvent> earlier = stored(session, Optional.of(key));
            if (earlier.isPresent()) {
                if (earlier.get().event() instanceof ModelCallStarted original && original.isSameCallAs(event)) {
                    return earlier.get().sequence();
                }
                problem(new InvalidEventException(session, "model call " + quote(event.callId().value())
                        + " was already started with another provider, model or attempt; use a new call id"));
                return 0;
            }
            startedHere.put(event.callId(), event);
            return 0;
        }

        private long checkCallEnd(SessionEvent event, String key) {
            CallId callId = event instanceof ModelCallCompleted c ? c.callId() : ((ModelCallFailed) event).callId();
            Optional<RecordedEvent> earlier = stored(session, Optional.of(key));
            if (earlier.isPresent()) {
                if (earlier.get().event().equals(event)) {
                    return earlier.get().sequence();
                }
                problem(new CallAlreadyEndedException(session, callId));
                return 0;
            }
            if (!startedHere.containsKey(callId)
                    && stored(session, Optional.of(startKey(callId))).isEmpty()) {
                problem(new InvalidEventException(session, "model call " + quote(callId.value())
                        + " was never started in this session"));
            }
            endedHere.add(callId);
            return 0;
        }

        private long checkKeyAssigned(SessionKeyAssigned event, String key) {
            Optional<RecordedEvent> earlier = stored(session, Optional.of(key));
            if (earlier.isPresent()) {
                if (earlier.get().event().equals(event)) {
                    return earlier.get().sequence();
                }
                problem(new InvalidEventException(session, "the session's key was already assigned at sequence "
                        + earlier.get().sequence() + "; a session has one key"));
                return 0;
            }
            SessionKey existing = sessionExists ? index.sessionKey(slot) : null;
            if (existing != null || keyedHere) {
                String has = existing != null ? "the session already has the key " + quote(existing.value())
                        : "the SessionStarted of this append gives the session a key";
                problem(new InvalidEventException(session, has + "; SessionKeyAssigned only gives a key to a session"
                        + " started without one"));
            }
            return 0;
        }
    }

    private record CallKey(SessionId session, CallId callId) {}
}
