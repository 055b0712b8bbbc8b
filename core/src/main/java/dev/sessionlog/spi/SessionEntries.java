package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;
import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.TextArena;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session index's entries as columns: one row per slot of a {@link SessionSlots}, in pages of
 * {@value #PAGE_SIZE} rows, instead of a {@link SessionSummary} with its {@code SessionId},
 * {@code SessionKey}, two {@code Instant}s and strings per session (over 500 bytes a session before).
 * A row holds the key as a handle into a {@link TextArena}; agent, channel, model and provider as one
 * number in a table of the distinct profiles ({@link Profiles}); the end reason, the last failure and a presence
 * bit in one {@code short}; the counters as {@code int}s (a session holds at most
 * {@link SessionLedger#MAX_SESSION_EVENTS} events); the token total; both instants as nanoseconds
 * since the epoch; and the log position of the newest event: 54 bytes plus the key's text. The
 * state is derived, as {@link SessionSummaries} derives it. A {@link SessionSummary} is made on
 * demand. Instants a nanosecond count cannot hold (before 1677 or after 2262) are kept exactly in a
 * side map, with a bit in the row saying so.
 *
 * <h2>Threads: a seqlock per stripe of rows</h2>
 * One writer changes rows (the ledger's writer); any thread reads. A row spans several arrays, so a
 * reader must never see half of a change. Each row belongs to one of {@value #STRIPES} stripes (its
 * slot modulo that), and each stripe has a version. The writer makes the version odd (an opaque
 * store), fences ({@link VarHandle#releaseFence()}), writes the row, and makes the version even again
 * with a release store. A reader reads the version with an acquire load (waiting while it is odd),
 * reads the row's primitives, fences ({@link VarHandle#acquireFence()}), and reads the version again:
 * when it changed, the row may be torn and it reads again. This is the optimistic read of
 * {@link java.util.concurrent.locks.StampedLock} with a version per stripe instead of one lock word:
 * readers never block the writer, and a reader retries only when a row of its stripe changed while
 * it read. What a reader decodes beyond the primitives (the key's text, the profile, an outlier
 * instant) was written before the row's release store and never changes afterwards. Pages are
 * filled, never replaced, and published through a volatile directory.
 */
public final class SessionEntries {
    static final int PAGE_BITS = 10;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int STRIPES = 4096;
    private static final VarHandle VERSIONS = MethodHandles.arrayElementVarHandle(int[].class);

    private static final int PRESENT = 1;
    private static final int END_SHIFT = 1;
    private static final int END_MASK = 0x7;
    private static final int FAILURE_SHIFT = 4;
    private static final int FAILURE_MASK = 0x3f;
    private static final int CREATED_OUTLIER = 1 << 10;
    private static final int UPDATED_OUTLIER = 1 << 11;
    private static final SessionEnded.Reason[] REASONS = SessionEnded.Reason.values();
    private static final FailureKind[] FAILURES = FailureKind.values();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Seconds strictly between these are in a nanosecond count's range whatever the nano. */
    private static final long MIN_NANOS_SECOND = Long.MIN_VALUE / NANOS_PER_SECOND;
    private static final long MAX_NANOS_SECOND = Long.MAX_VALUE / NANOS_PER_SECOND;

    static {
        requireState(REASONS.length <= END_MASK && FAILURES.length <= FAILURE_MASK,
                "the enums outgrew the bits of a row's flags");
    }

    private final SessionSlots slots;
    private final TextArena keys;
    private final Profiles profiles;
    /** For a copy: how many profiles existed when it was taken; -1 for live entries. */
    private final int frozenProfiles;
    /** Slot * 2 (+ 1 for updatedAt) → the instant a row's nanosecond column cannot hold. */
    private final Map<Long, Instant> outliers;
    private final int[] versions = new int[STRIPES];
    private volatile Page[] pages;
    /** Rows present; the writer's, or fixed in a copy. */
    private int count;

    /** Empty entries for the slots of {@code slots}, with their own key texts and profiles. */
    public SessionEntries(SessionSlots slots) {
        this(requireSlots(slots), new TextArena(), new Profiles(), -1, new ConcurrentHashMap<>(), new Page[0], 0);
    }

    private SessionEntries(SessionSlots slots, TextArena keys, Profiles profiles, int frozenProfiles,
                           Map<Long, Instant> outliers, Page[] pages, int count) {
        this.slots = slots;
        this.keys = keys;
        this.profiles = profiles;
        this.frozenProfiles = frozenProfiles;
        this.outliers = outliers;
        this.pages = pages;
        this.count = count;
    }

    private static SessionSlots requireSlots(SessionSlots slots) {
        requireArgument(slots != null, "slots must not be null");
        return slots;
    }

    /**
     * Entries holding {@code sessions}, for the slots of {@code slots} (given to sessions that have none).
     *
     * @throws IllegalArgumentException when a session appears twice, or a summary cannot be a row: a
     *     state that its end reason and open calls do not give, a count that is negative or above
     *     {@code Integer.MAX_VALUE}, a negative token total
     */
    public static SessionEntries of(List<LedgerState.Session> sessions, SessionSlots slots) {
        requireArgument(sessions != null, "sessions must not be null");
        SessionEntries entries = new SessionEntries(slots);
        Row row = new Row();
        for (LedgerState.Session session : sessions) {
            SessionSummary summary = session.summary();
            int slot = slots.add(summary.sessionId());
            requireArgument(!entries.contains(slot), "session %s appears twice", summary.sessionId());
            entries.write(slot, entries.rowOf(summary, session.lastPosition(), row));
        }
        return entries;
    }

    /** The slots whose rows these are. */
    public SessionSlots slots() {
        return slots;
    }

    /** How many sessions have a row. */
    public int count() {
        return count;
    }

    /** Whether {@code slot} has a row. Any thread. */
    public boolean contains(int slot) {
        Page page = page(slot);
        return page != null && (page.flags[slot & (PAGE_SIZE - 1)] & PRESENT) != 0;
    }

    /** The last sequence of {@code slot}'s session, 0 when it has no row. Any thread. */
    public long lastSequence(int slot) {
        Page page = page(slot);
        return page == null ? 0 : page.lastSequence[slot & (PAGE_SIZE - 1)];
    }

    /** Why {@code slot}'s session ended, or null while it is open or when it has no row. Any thread. */
    public SessionEnded.Reason endReason(int slot) {
        Page page = page(slot);
        if (page == null) {
            return null;
        }
        int end = (page.flags[slot & (PAGE_SIZE - 1)] >>> END_SHIFT) & END_MASK;
        return end == 0 ? null : REASONS[end - 1];
    }

    /** The log position of the newest event of {@code slot}'s session, -1 when it has no row. Any thread. */
    public long lastPosition(int slot) {
        Page page = page(slot);
        int i = slot & (PAGE_SIZE - 1);
        return page == null || (page.flags[i] & PRESENT) == 0 ? -1 : page.lastPosition[i];
    }

    /** The summary of {@code slot}'s session, or null when it has no row. Any thread. */
    public SessionSummary summary(int slot) {
        Row row = new Row();
        return read(slot, row) ? summary(slots.id(slot), row) : null;
    }

    /**
     * Every row as a value, in slot order: an object per session, for a store whose snapshots are
     * written as values (the Kafka store's snapshot records). Any thread; consistent only for
     * entries no writer changes (a {@link #copy}, as {@link LedgerState} holds).
     */
    public List<LedgerState.Session> values() {
        List<LedgerState.Session> values = new ArrayList<>(count);
        Row row = new Row();
        for (int slot = 0, n = slots.size(); slot < n; slot++) {
            if (read(slot, row)) {
                values.add(new LedgerState.Session(summary(slots.id(slot), row), row.lastPosition));
            }
        }
        return values;
    }

    // ------------------------------------------------------------------ rows

    /**
     * Reads {@code slot}'s row into {@code row}, consistently (see the class notes); returns whether
     * the session has one. Any thread.
     */
    boolean read(int slot, Row row) {
        if (slot < 0) {
            return false;
        }
        int stripe = slot & (STRIPES - 1);
        int i = slot & (PAGE_SIZE - 1);
        while (true) {
            int version = (int) VERSIONS.getAcquire(versions, stripe);
            if ((version & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            Page page = page(slot);
            if (page == null) {
                return false;
            }
            int flags = page.flags[i];
            row.flags = flags;
            row.key = page.key[i];
            row.profile = page.profile[i];
            row.lastSequence = page.lastSequence[i];
            row.messageCount = page.messageCount[i];
            row.openCalls = page.openCalls[i];
            row.totalTokens = page.totalTokens[i];
            row.createdAt = page.createdAt[i];
            row.updatedAt = page.updatedAt[i];
            row.lastPosition = page.lastPosition[i];
            row.createdOutlier = (flags & CREATED_OUTLIER) != 0 ? outliers.get(outlierKey(slot, false)) : null;
            row.updatedOutlier = (flags & UPDATED_OUTLIER) != 0 ? outliers.get(outlierKey(slot, true)) : null;
            VarHandle.acquireFence();
            if ((int) VERSIONS.getOpaque(versions, stripe) == version) {
                return (flags & PRESENT) != 0;
            }
        }
    }

    /** Writes {@code row} as {@code slot}'s, present; as the writer. */
    void write(int slot, Row row) {
        Page page = pageForWriting(slot);
        int i = slot & (PAGE_SIZE - 1);
        boolean added = (page.flags[i] & PRESENT) == 0;
        int stripe = slot & (STRIPES - 1);
        int version = (int) VERSIONS.getOpaque(versions, stripe);
        VERSIONS.setOpaque(versions, stripe, version + 1);
        VarHandle.releaseFence();
        int flags = row.flags | PRESENT;
        updateOutlier(slot, false, row.createdOutlier);
        updateOutlier(slot, true, row.updatedOutlier);
        page.flags[i] = (short) flags;
        page.key[i] = row.key;
        page.profile[i] = row.profile;
        page.lastSequence[i] = row.lastSequence;
        page.messageCount[i] = row.messageCount;
        page.openCalls[i] = row.openCalls;
        page.totalTokens[i] = row.totalTokens;
        page.createdAt[i] = row.createdAt;
        page.updatedAt[i] = row.updatedAt;
        page.lastPosition[i] = row.lastPosition;
        VERSIONS.setRelease(versions, stripe, version + 2);
        if (added) {
            count++;
        }
    }

    /**
     * Removes {@code slot}'s row, if it has one: its columns are zeroed, so that nothing of the
     * session stays behind (its key text stays in the arena until the entries are next loaded from a
     * checkpoint, which holds only the rows present). As the writer.
     */
    void remove(int slot) {
        Page page = page(slot);
        if (slot < 0 || page == null) {
            return;
        }
        int i = slot & (PAGE_SIZE - 1);
        boolean removed = (page.flags[i] & PRESENT) != 0;
        int stripe = slot & (STRIPES - 1);
        int version = (int) VERSIONS.getOpaque(versions, stripe);
        VERSIONS.setOpaque(versions, stripe, version + 1);
        VarHandle.releaseFence();
        updateOutlier(slot, false, null);
        updateOutlier(slot, true, null);
        page.flags[i] = 0;
        page.key[i] = TextArena.NULL;
        page.profile[i] = 0;
        page.lastSequence[i] = 0;
        page.messageCount[i] = 0;
        page.openCalls[i] = 0;
        page.totalTokens[i] = 0;
        page.createdAt[i] = 0;
        page.updatedAt[i] = 0;
        page.lastPosition[i] = 0;
        VERSIONS.setRelease(versions, stripe, version + 2);
        if (removed) {
            count--;
        }
    }

    private void updateOutlier(int slot, boolean updated, Instant outlier) {
        if (outlier != null) {
            outliers.put(outlierKey(slot, updated), outlier);
        } else if (!outliers.isEmpty()) {
            outliers.remove(outlierKey(slot, updated));
        }
    }

    /** The summary {@code row} describes, for the session {@code id}. */
    SessionSummary summary(SessionId id, Row row) {
        Profiles.Profile profile = profiles.get(row.profile);
        SessionEnded.Reason end = row.endReason();
        return new SessionSummary(id, row.key == TextArena.NULL ? null : new SessionKey(keys.get(row.key)),
                profile.agentId(), profile.channel(), row.state(), row.lastSequence, row.messageCount, row.openCalls,
                row.lastFailure(), profile.model(), profile.provider(), row.totalTokens, row.createdAt(), row.updatedAt(),
                end);
    }

    /**
     * {@code summary} as a row, into {@code row}, adding its key and profile here.
     *
     * @throws IllegalArgumentException when the summary cannot be a row (see {@link #of})
     */
    Row rowOf(SessionSummary summary, long lastPosition, Row row) {
        requireArgument(summary.lastSequence() >= 0 && summary.lastSequence() <= Integer.MAX_VALUE,
                "session %s: last sequence %s out of range", summary.sessionId(), summary.lastSequence());
        requireArgument(summary.messageCount() >= 0 && summary.messageCount() <= Integer.MAX_VALUE,
                "session %s: message count %s out of range", summary.sessionId(), summary.messageCount());
        requireArgument(summary.openCalls() >= 0 && summary.totalTokens() >= 0,
                "session %s: negative count", summary.sessionId());
        requireArgument(summary.createdAt() != null && summary.updatedAt() != null,
                "session %s: instants must not be null", summary.sessionId());
        row.flags = 0;
        row.endReason(summary.endReason());
        row.lastFailure(summary.lastFailure());
        row.openCalls = summary.openCalls();
        requireArgument(row.state() == summary.state(), "session %s: state %s, but its end and open calls give %s",
                summary.sessionId(), summary.state(), row.state());
        row.key = keys.add(summary.sessionKey() == null ? null : summary.sessionKey().value());
        row.profile = profiles.intern(summary.agentId(), summary.channel(), summary.model(), summary.provider());
        row.lastSequence = (int) summary.lastSequence();
        row.messageCount = (int) summary.messageCount();
        row.totalTokens = summary.totalTokens();
        row.createdAt(summary.createdAt());
        row.updatedAt(summary.updatedAt());
        row.lastPosition = lastPosition;
        return row;
    }

    /**
     * A copy of these entries as they are now, for a checkpoint: the rows are copied, the key texts
     * and profiles shared (they are only ever added to). As the writer, so that no row changes
     * while it is copied. O(sessions), a memory copy of 54 bytes a session.
     */
    SessionEntries copy() {
        Page[] current = pages;
        Page[] copied = new Page[current.length];
        for (int p = 0; p < current.length; p++) {
            copied[p] = current[p] == null ? null : current[p].copy();
        }
        return new SessionEntries(slots, keys, profiles, profiles.size(), new ConcurrentHashMap<>(outliers), copied,
                count);
    }

    /**
     * Whether these entries may be taken over whole by a ledger using {@code slots}: they are for
     * those slots, and own their texts (a {@link #copy} shares them with live entries, which go on
     * adding to them).
     */
    boolean canBeTakenOverFor(SessionSlots slots) {
        return this.slots == slots && frozenProfiles < 0;
    }

    /** Copies every row of {@code other} (of other slots, or a copy) into these entries, by session id; as the writer. */
    void copyRowsFrom(SessionEntries other) {
        Row row = new Row();
        for (int slot = 0, n = other.slots.size(); slot < n; slot++) {
            if (other.read(slot, row)) {
                Profiles.Profile profile = other.profiles.get(row.profile);
                row.key = keys.add(other.keys.get(row.key));
                row.profile = profiles.intern(profile.agentId(), profile.channel(), profile.model(), profile.provider());
                write(slots.add(other.slots.id(slot)), row);
            }
        }
    }

    TextArena keys() {
        return keys;
    }

    Profiles profiles() {
        return profiles;
    }

    /** How many profiles rows may name. */
    int profileCount() {
        return frozenProfiles >= 0 ? frozenProfiles : profiles.size();
    }

    private Page page(int slot) {
        Page[] directory = pages;
        int p = slot >>> PAGE_BITS;
        return p < directory.length ? directory[p] : null;
    }

    private Page pageForWriting(int slot) {
        Page[] directory = pages;
        int p = slot >>> PAGE_BITS;
        if (p >= directory.length) {
            directory = Arrays.copyOf(directory, Math.max(p + 1, directory.length * 2));
        }
        if (directory[p] == null) {
            directory[p] = new Page();
            pages = directory;
        }
        return directory[p];
    }

    private static long outlierKey(int slot, boolean updated) {
        return (long) slot << 1 | (updated ? 1 : 0);
    }

    /** {@value #PAGE_SIZE} rows, one array per column. */
    private static final class Page {
        final short[] flags = new short[PAGE_SIZE];
        final int[] key = new int[PAGE_SIZE];
        final int[] profile = new int[PAGE_SIZE];
        final int[] lastSequence = new int[PAGE_SIZE];
        final int[] messageCount = new int[PAGE_SIZE];
        final int[] openCalls = new int[PAGE_SIZE];
        final long[] totalTokens = new long[PAGE_SIZE];
        final long[] createdAt = new long[PAGE_SIZE];
        final long[] updatedAt = new long[PAGE_SIZE];
        final long[] lastPosition = new long[PAGE_SIZE];

        Page copy() {
            Page copy = new Page();
            System.arraycopy(flags, 0, copy.flags, 0, PAGE_SIZE);
            System.arraycopy(key, 0, copy.key, 0, PAGE_SIZE);
            System.arraycopy(profile, 0, copy.profile, 0, PAGE_SIZE);
            System.arraycopy(lastSequence, 0, copy.lastSequence, 0, PAGE_SIZE);
            System.arraycopy(messageCount, 0, copy.messageCount, 0, PAGE_SIZE);
            System.arraycopy(openCalls, 0, copy.openCalls, 0, PAGE_SIZE);
            System.arraycopy(totalTokens, 0, copy.totalTokens, 0, PAGE_SIZE);
            System.arraycopy(createdAt, 0, copy.createdAt, 0, PAGE_SIZE);
            System.arraycopy(updatedAt, 0, copy.updatedAt, 0, PAGE_SIZE);
            System.arraycopy(lastPosition, 0, copy.lastPosition, 0, PAGE_SIZE);
            return copy;
        }
    }

    /**
     * One row, unpacked: what {@link #read} fills and {@link #write} takes. A reader's own scratch
     * object, reused from row to row; instants outside a nanosecond count's range are in the
     * {@code …Outlier} fields, and the nanosecond fields then hold the nearest end of that range, so
     * that comparing them still orders rows (ties are broken with the outliers themselves).
     */
    static final class Row {
        int flags;
        int key = TextArena.NULL;
        int profile;
        int lastSequence;
        int messageCount;
        int openCalls;
        long totalTokens;
        long createdAt;
        long updatedAt;
        long lastPosition;
        Instant createdOutlier;
        Instant updatedOutlier;

        SessionEnded.Reason endReason() {
            int end = (flags >>> END_SHIFT) & END_MASK;
            return end == 0 ? null : REASONS[end - 1];
        }

        void endReason(SessionEnded.Reason reason) {
            flags = flags & ~(END_MASK << END_SHIFT) | (reason == null ? 0 : reason.ordinal() + 1) << END_SHIFT;
        }

        FailureKind lastFailure() {
            int failure = (flags >>> FAILURE_SHIFT) & FAILURE_MASK;
            return failure == 0 ? null : FAILURES[failure - 1];
        }

        void lastFailure(FailureKind kind) {
            flags = flags & ~(FAILURE_MASK << FAILURE_SHIFT) | (kind == null ? 0 : kind.ordinal() + 1) << FAILURE_SHIFT;
        }

        SessionSummary.State state() {
            return SessionSummaries.state(endReason(), openCalls);
        }

        Instant createdAt() {
            return createdOutlier != null ? createdOutlier : instant(createdAt);
        }

        Instant updatedAt() {
            return updatedOutlier != null ? updatedOutlier : instant(updatedAt);
        }

        /** The end reason and last failure as their numbers (ordinal + 1, 0 for none), unchecked beyond the bits they take. */
        void enumNumbers(int end, int failure) {
            if (end < 0 || end > END_MASK || failure < 0 || failure > FAILURE_MASK) { // per row: no boxing varargs
                throw new IllegalArgumentException("enum numbers " + end + " and " + failure + " out of range");
            }
            flags = flags & ~(END_MASK << END_SHIFT) & ~(FAILURE_MASK << FAILURE_SHIFT) | end << END_SHIFT
                    | failure << FAILURE_SHIFT;
        }

        /** Sets createdAt from its epoch second and nano, without making an {@code Instant} when nanoseconds hold it. */
        void createdAt(long seconds, int nano) {
            if (seconds > MIN_NANOS_SECOND && seconds < MAX_NANOS_SECOND) {
                createdAt = seconds * NANOS_PER_SECOND + nano;
                createdOutlier = null;
                flags &= ~CREATED_OUTLIER;
            } else {
                createdAt(Instant.ofEpochSecond(seconds, nano));
            }
        }

        /** Sets updatedAt from its epoch second and nano, as {@link #createdAt(long, int)}. */
        void updatedAt(long seconds, int nano) {
            if (seconds > MIN_NANOS_SECOND && seconds < MAX_NANOS_SECOND) {
                updatedAt = seconds * NANOS_PER_SECOND + nano;
                updatedOutlier = null;
                flags &= ~UPDATED_OUTLIER;
            } else {
                updatedAt(Instant.ofEpochSecond(seconds, nano));
            }
        }

        void createdAt(Instant instant) {
            createdOutlier = fitsNanos(instant) ? null : instant;
            createdAt = createdOutlier == null ? nanos(instant) : saturated(instant);
            flags = createdOutlier == null ? flags & ~CREATED_OUTLIER : flags | CREATED_OUTLIER;
        }

        void updatedAt(Instant instant) {
            updatedOutlier = fitsNanos(instant) ? null : instant;
            updatedAt = updatedOutlier == null ? nanos(instant) : saturated(instant);
            flags = updatedOutlier == null ? flags & ~UPDATED_OUTLIER : flags | UPDATED_OUTLIER;
        }

        /** Sets updatedAt to {@code instant} unless the row's is later: a session's updatedAt never goes back. */
        void updatedAtNoEarlier(Instant instant) {
            if (instant.isAfter(updatedAt())) {
                updatedAt(instant);
            }
        }

        boolean present() {
            return (flags & PRESENT) != 0;
        }

        /** {@code instant} in nanoseconds since the epoch, or null when a {@code long} cannot hold it. */
        static Long nanosOrNull(Instant instant) {
            return fitsNanos(instant) ? nanos(instant) : null;
        }

        private static Instant instant(long nanos) {
            return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
        }

        private static boolean fitsNanos(Instant instant) {
            try {
                nanos(instant);
                return true;
            } catch (ArithmeticException e) {
                return false; // only instants before 1677 or after 2262 get here
            }
        }

        /** The instant in nanoseconds since the epoch; ArithmeticException when a {@code long} cannot hold it. */
        private static long nanos(Instant instant) {
            long seconds = instant.getEpochSecond();
            return seconds < 0
                    ? Math.addExact(Math.multiplyExact(seconds + 1, NANOS_PER_SECOND), instant.getNano() - NANOS_PER_SECOND)
                    : Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), instant.getNano());
        }

        private static long saturated(Instant instant) {
            return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
