package dev.sessionlog.store.index;

import dev.sessionlog.SessionId;
import dev.sessionlog.spi.SessionSlots;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.RecordFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Per-session event positions for the whole log, plus the last Chronicle index it covers. Sessions
 * are numbered by {@link SessionSlots} (shared with the ledger's session index, so each id is kept
 * once), and each slot has a row in pages of {@value #PAGE_SIZE}: a size word and the positions of
 * its first {@value #INLINE} events inline, the rest in an array of its own. A session of three
 * events costs 40 bytes here, where a map entry, a second copy of its id, a {@link SessionPositions}
 * object and its array cost about 200.
 *
 * <p>Threads: written by one thread (the writer, or a read-only store's refresher under its lock),
 * read by any. A row's positions are written before its size word, which is stored with a release
 * store and read with an acquire load; positions below a size never change, and an overflow array
 * that grows is copied and replaced before the size that covers its new element, so a reader that
 * sees size {@code n} sees every position below {@code n}. Pages are filled, never replaced, and the
 * page directory is volatile.
 */
public final class PositionIndex {
    /** Positions kept in a session's row; those after them go to an array of the session's own. */
    static final int INLINE = 4;
    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    /** The size word's top bit: the session was deleted. Its other 31 bits: how many events. */
    private static final int DELETED = 1 << 31;
    private static final VarHandle SIZES = MethodHandles.arrayElementVarHandle(int[].class);

    private final SessionSlots slots;
    private volatile Page[] pages = new Page[0];
    private volatile long lastIndex = -1;

    /** An empty index with slots of its own. */
    public PositionIndex() {
        this(new SessionSlots());
    }

    private PositionIndex(SessionSlots slots) {
        this.slots = slots;
    }

    /** The slots numbering this index's sessions: the ledger of the same store numbers its sessions with them. */
    public SessionSlots slots() {
        return slots;
    }

    /**
     * Records the events of one record. Returns false, changing nothing, when the record repeats
     * sequences already indexed (a duplicated or out-of-order record is skipped, never indexed). A
     * record that starts after a gap (the records between were damaged) is indexed, and the missing
     * sequences are marked absent, so one bad record never hides the rest of its session. An erased
     * record holds nothing to index: false.
     */
    public boolean addRecord(RecordFormat.Frame record, long index) {
        if (record.erased()) {
            return false;
        }
        return addRecord(record.session(), record.firstSequence(), record.count(), record.deletesSession(), index);
    }

    /** Like {@link #addRecord(RecordFormat.Frame, long)}, from the record's header fields. */
    public boolean addRecord(SessionId session, long firstSequence, int count, boolean deletesSession, long index) {
        int slot = slots.add(session);
        Page page = pageForWriting(slot);
        int row = slot & (PAGE_SIZE - 1);
        int word = page.sizes[row];
        int size = word & ~DELETED;
        if (firstSequence <= size || firstSequence - 1 + count > Integer.MAX_VALUE) {
            return false;
        }
        int next = size;
        while (next + 1L < firstSequence) {
            put(page, row, next++, Positions.ABSENT);
        }
        for (int slotInRecord = 0; slotInRecord < count; slotInRecord++) {
            put(page, row, next++, Positions.of(index, slotInRecord));
        }
        SIZES.setRelease(page.sizes, row, next | (word & DELETED) | (deletesSession ? DELETED : 0));
        return true;
    }

    /** Writes the position of the event at {@code offset} (its sequence minus one) in a row; before the size covers it. */
    private static void put(Page page, int row, int offset, long position) {
        if (offset < INLINE) {
            page.inline[row * INLINE + offset] = position;
            return;
        }
        long[] overflow = page.overflow[row];
        int at = offset - INLINE;
        if (overflow == null || at == overflow.length) {
            int capacity = overflow == null ? INLINE : overflow.length + (overflow.length >> 1) + 1;
            overflow = overflow == null ? new long[capacity] : Arrays.copyOf(overflow, capacity);
            page.overflow[row] = overflow;
        }
        overflow[at] = position;
    }

    /**
     * Whether the record at {@code index} is the one this index holds for its session's sequences;
     * an erased record belongs to no session and is held by every index of its log (its session was
     * removed from the index when it was erased).
     */
    public boolean holds(RecordFormat.Frame record, long index) {
        if (record.erased()) {
            return true;
        }
        return position(slots.slotOf(record.session()), record.firstSequence()) == Positions.of(index, 0);
    }

    /** Forgets a session whose records were removed from the log. */
    public void remove(SessionId session) {
        int slot = slots.slotOf(session);
        Page page = page(slot);
        if (page != null) {
            int row = slot & (PAGE_SIZE - 1);
            SIZES.setRelease(page.sizes, row, 0);
            page.overflow[row] = null;
        }
    }

    /** The session's positions, if it has any. */
    public Optional<SessionPositions> session(SessionId session) {
        int slot = slots.slotOf(session);
        return sizeWord(slot) == 0 ? Optional.empty() : Optional.of(new SessionPositions(this, slot));
    }

    /** Every session's positions (a live view, in slot order; building each entry's id costs an allocation). */
    public Map<SessionId, SessionPositions> sessions() {
        return new SessionsView();
    }

    /**
     * Every session's positions and the last index covered, at one moment, for a checkpoint; by the
     * index's writer, so that nothing changes while it is taken. O(sessions): the rows are copied
     * (44 bytes a session), overflow arrays shared (positions below a size never change).
     */
    public Snapshot snapshot() {
        Page[] current = pages;
        Page[] copied = new Page[current.length];
        for (int p = 0; p < current.length; p++) {
            copied[p] = current[p] == null ? null : current[p].copy();
        }
        return new Snapshot(lastIndex, slots, slots.size(), copied);
    }

    /**
     * How many events the index holds, absent ones included: the sum of every session's size, read
     * row by row without an object per session. Any thread; exact when the writer holds still.
     */
    public long events() {
        long events = 0;
        for (int slot = 0, n = slots.size(); slot < n; slot++) {
            events += size(slot);
        }
        return events;
    }

    /** The Chronicle index of the last record scanned into this index, -1 before any. */
    public long lastIndex() {
        return lastIndex;
    }

    /** Notes that every record up to {@code index} has been scanned. */
    public void coveredUpTo(long index) {
        lastIndex = Math.max(lastIndex, index);
    }

    // ------------------------------------------------------------------ by slot

    /** How many events {@code slot}'s session has: its last sequence; 0 when it has none. Any thread. */
    int size(int slot) {
        return sizeWord(slot) & ~DELETED;
    }

    /** Whether {@code slot}'s session was deleted. Any thread. */
    boolean deleted(int slot) {
        return (sizeWord(slot) & DELETED) != 0;
    }

    /** The position of {@code sequence} of {@code slot}'s session, or {@link Positions#ABSENT}. Any thread. */
    long position(int slot, long sequence) {
        Page page = page(slot);
        if (page == null) {
            return Positions.ABSENT;
        }
        int row = slot & (PAGE_SIZE - 1);
        int size = (int) SIZES.getAcquire(page.sizes, row) & ~DELETED;
        if (sequence < 1 || sequence > size) {
            return Positions.ABSENT;
        }
        int offset = (int) (sequence - 1);
        if (offset < INLINE) {
            return page.inline[row * INLINE + offset];
        }
        long[] overflow = page.overflow[row];
        return overflow == null ? Positions.ABSENT : overflow[offset - INLINE]; // null: removed meanwhile
    }

    /** The positions of sequences {@code from .. from + count - 1} of {@code slot}'s session, bounded by its size. */
    long[] range(int slot, long from, int count) {
        Page page = page(slot);
        if (page == null) {
            return new long[0];
        }
        int row = slot & (PAGE_SIZE - 1);
        int size = (int) SIZES.getAcquire(page.sizes, row) & ~DELETED;
        if (from < 1 || from > size || count <= 0) {
            return new long[0];
        }
        int start = (int) (from - 1);
        int end = (int) Math.min(size, (long) start + count);
        long[] range = new long[end - start];
        int inlineEnd = Math.min(end, INLINE);
        if (start < inlineEnd) {
            System.arraycopy(page.inline, row * INLINE + start, range, 0, inlineEnd - start);
        }
        if (end > INLINE) {
            long[] overflow = page.overflow[row];
            int overflowStart = Math.max(start, INLINE);
            if (overflow == null) { // removed meanwhile
                Arrays.fill(range, overflowStart - start, range.length, Positions.ABSENT);
            } else {
                System.arraycopy(overflow, overflowStart - INLINE, range, overflowStart - start, end - overflowStart);
            }
        }
        return range;
    }

    private int sizeWord(int slot) {
        Page page = page(slot);
        return page == null ? 0 : (int) SIZES.getAcquire(page.sizes, slot & (PAGE_SIZE - 1));
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * Loads one session from a checkpoint into its new slot: {@code size} positions at {@code in}'s
     * position, which this leaves after them. As the index's writer, before anyone reads it.
     */
    void load(int slot, boolean deleted, int size, ByteBuffer in) {
        Page page = pageForWriting(slot);
        int row = slot & (PAGE_SIZE - 1);
        for (int offset = 0; offset < Math.min(size, INLINE); offset++) {
            page.inline[row * INLINE + offset] = in.getLong();
        }
        if (size > INLINE) {
            long[] overflow = new long[size - INLINE];
            in.asLongBuffer().get(overflow);
            in.position(in.position() + overflow.length * Long.BYTES);
            page.overflow[row] = overflow;
        }
        SIZES.setRelease(page.sizes, row, size | (deleted ? DELETED : 0));
    }

    private Page page(int slot) {
        Page[] directory = pages;
        int p = slot >>> PAGE_BITS;
        return slot >= 0 && p < directory.length ? directory[p] : null;
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

    /** {@value #PAGE_SIZE} rows. */
    private static final class Page {
        /** Per row: how many events, and the deleted bit; see {@link #DELETED}. */
        final int[] sizes = new int[PAGE_SIZE];
        /** Per row, {@value #INLINE} positions: those of sequences 1 to {@value #INLINE}. */
        final long[] inline = new long[PAGE_SIZE * INLINE];
        /** Per row: the positions of sequences after {@value #INLINE}, or null. */
        final long[][] overflow = new long[PAGE_SIZE][];

        Page copy() {
            Page copy = new Page();
            System.arraycopy(sizes, 0, copy.sizes, 0, PAGE_SIZE);
            System.arraycopy(inline, 0, copy.inline, 0, inline.length);
            System.arraycopy(overflow, 0, copy.overflow, 0, PAGE_SIZE);
            return copy;
        }
    }

    /**
     * The index at one moment, for a checkpoint: {@link #lastIndex()}, and every session's positions
     * up to its size then.
     */
    public static final class Snapshot {
        private final long lastIndex;
        private final SessionSlots slots;
        private final int slotCount;
        private final Page[] pages;

        private Snapshot(long lastIndex, SessionSlots slots, int slotCount, Page[] pages) {
            this.lastIndex = lastIndex;
            this.slots = slots;
            this.slotCount = slotCount;
            this.pages = pages;
        }

        /** The Chronicle index of the last record it covers. */
        public long lastIndex() {
            return lastIndex;
        }

        /** How many events it holds, absent ones included. */
        public long events() {
            long events = 0;
            for (int slot = 0; slot < slotCount; slot++) {
                events += sizeWord(slot) & ~DELETED;
            }
            return events;
        }

        SessionSlots slots() {
            return slots;
        }

        int slotCount() {
            return slotCount;
        }

        /** The size word of {@code slot}: 0 when the session has no positions. */
        int sizeWord(int slot) {
            Page page = pages.length > slot >>> PAGE_BITS ? pages[slot >>> PAGE_BITS] : null;
            return page == null ? 0 : page.sizes[slot & (PAGE_SIZE - 1)];
        }

        /** The position of {@code sequence}, 1 to the size, of {@code slot}'s session. */
        long position(int slot, int sequence) {
            Page page = pages[slot >>> PAGE_BITS];
            int row = slot & (PAGE_SIZE - 1);
            int offset = sequence - 1;
            return offset < INLINE ? page.inline[row * INLINE + offset] : page.overflow[row][offset - INLINE];
        }
    }

    /** {@link #sessions()}: the sessions with positions, each entry's id made when asked for. */
    private final class SessionsView extends AbstractMap<SessionId, SessionPositions> {
        @Override
        public Set<Map.Entry<SessionId, SessionPositions>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<SessionId, SessionPositions>> iterator() {
                    return new Iterator<>() {
                        private final int end = slots.size();
                        private int next = advance(0);

                        private int advance(int from) {
                            int slot = from;
                            while (slot < end && sizeWord(slot) == 0) {
                                slot++;
                            }
                            return slot;
                        }

                        @Override
                        public boolean hasNext() {
                            return next < end;
                        }

                        @Override
                        public Map.Entry<SessionId, SessionPositions> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            int slot = next;
                            next = advance(slot + 1);
                            return new Entry(slot);
                        }
                    };
                }

                @Override
                public int size() {
                    int count = 0;
                    for (int slot = 0, end = slots.size(); slot < end; slot++) {
                        count += sizeWord(slot) == 0 ? 0 : 1;
                    }
                    return count;
                }
            };
        }

        @Override
        public SessionPositions get(Object key) {
            return key instanceof SessionId session ? session(session).orElse(null) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        /** One session's entry; its id is made when asked for. */
        private final class Entry implements Map.Entry<SessionId, SessionPositions> {
            private final int slot;

            Entry(int slot) {
                this.slot = slot;
            }

            @Override
            public SessionId getKey() {
                return slots.id(slot);
            }

            @Override
            public SessionPositions getValue() {
                return new SessionPositions(PositionIndex.this, slot);
            }

            @Override
            public SessionPositions setValue(SessionPositions value) {
                throw new UnsupportedOperationException("the index is changed through addRecord and remove");
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Map.Entry<?, ?> entry && getKey().equals(entry.getKey())
                        && getValue().equals(entry.getValue());
            }

            @Override
            public int hashCode() {
                return getKey().hashCode() ^ getValue().hashCode();
            }
        }
    }
}
