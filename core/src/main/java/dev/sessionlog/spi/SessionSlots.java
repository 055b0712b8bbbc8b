package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.SessionId;
import dev.sessionlog.util.TextArena;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense number, a slot, for every session id a store has seen: 0, 1, 2 … in the order they were
 * added, never taken back. It lets the session index ({@link SessionEntries}) and a store's own
 * per-session state (the Chronicle store's position index) keep one row per session in arrays
 * instead of a map entry and a few objects each, and share one copy of each id.
 *
 * <p>Memory: each id in a {@link TextArena} (18 bytes for a UUID-shaped id, 2 plus its length
 * otherwise), its handle (4 bytes), and a cell of an open-addressing hash table at most three
 * quarters full (5 to 8 bytes): about 28 bytes for a UUID-shaped session id, where a
 * {@code ConcurrentHashMap} entry with its {@code SessionId}, {@code String} and array took about
 * 130, once in each index.
 *
 * <p>Threads: one writer adds, whoever writes the structures that share it (a store's writer, or a
 * read-only store's refresher under its lock); any thread looks up. A slot's id is written before
 * the slot is published into the table with a release store, and a reader reads a cell with an
 * acquire load, so a reader that finds a slot reads its whole id. When the table grows, the new one
 * is filled and published (a volatile write) before any further slot goes into it: a lookup that
 * started before a slot was added may miss it, as if it had run first; one that starts after the
 * add returned finds it.
 */
public final class SessionSlots {
    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int MIN_TABLE = 16;
    /** How many runs of cells {@link #index()} sorts the ids into before putting them in the table. */
    private static final int BUCKETS = 1 << 12;
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle SIZE;
    /** What {@link #storedSessionIdHash} returns for bytes that are not a stored session id: no {@code int} hash is it. */
    private static final long NOT_AN_ID = Long.MIN_VALUE;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(SessionSlots.class, "size", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TextArena ids = new TextArena();
    /** Slot → handle of its id in {@link #ids}, in pages of {@value #PAGE_SIZE}. */
    private volatile int[][] handles = new int[0][];
    /** Open addressing, linear probing; see {@link Table}. */
    private volatile Table table = new Table(MIN_TABLE);
    /** Slots given; read with an acquire (volatile) load, written with a release store. */
    private volatile int size;
    /** While ids are appended in bulk: their hashes, from slot {@link #appendedFrom} on; null otherwise. The writer's. */
    private int[] appendedHashes;
    private int appendedFrom;

    /** The slot of {@code session}, or -1 when it has none. Any thread. */
    public int slotOf(SessionId session) {
        int found = probe(table, session.value()); // a null session throws NullPointerException here
        return found >= 0 ? found : -1;
    }

    /**
     * The slot of the session whose id is the {@code length} ASCII bytes at {@code offset} in
     * {@code bytes}, or -1 when it has none; without making a {@code String}. Any thread.
     */
    public int slotOfAscii(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int found = probe(table, TextArena.hashLatin1(bytes, offset, length), bytes, offset, length);
        return found >= 0 ? found : -1;
    }

    /**
     * Whether {@code slot} is the slot of the session whose id is those bytes: one comparison, no
     * hashing, for a reader that expects sessions in slot order (a checkpoint lists them so). Any
     * thread.
     */
    public boolean isSlotOfAscii(int slot, byte[] bytes, int offset, int length) {
        return slot >= 0 && slot < size && ids.contentEqualsLatin1(handle(slot), bytes, offset, length);
    }

    /** The slot of {@code session}, given one if it has none. As the writer. */
    public int add(SessionId session) {
        String id = session.value();
        Table current = table;
        int found = probe(current, id);
        return found >= 0 ? found : insert(ids.add(id), id.hashCode(), current, -found - 1);
    }

    /**
     * The slot of the session whose id is the {@code length} ASCII bytes at {@code offset} in
     * {@code bytes} (as a checkpoint stores it), given one if it has none; or -1, adding nothing,
     * when those bytes are not a session id in its stored, lower-case form. As the writer.
     */
    public int addAscii(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long checked = storedSessionIdHash(bytes, offset, length);
        if (checked == NOT_AN_ID) {
            return -1;
        }
        int hash = (int) checked;
        Table current = table;
        int found = probe(current, hash, bytes, offset, length);
        return found >= 0 ? found : insert(ids.addLatin1(bytes, offset, length), hash, current, -found - 1);
    }

    /** The id of {@code slot}. Any thread, for a slot it was given. */
    public SessionId id(int slot) {
        return new SessionId(ids.get(handle(slot)));
    }

    /** Writes the id of {@code slot} as a checkpoint stores it: its length in one byte, then its ASCII bytes. */
    public void writeId(int slot, DataOutput out) throws IOException {
        int handle = handle(slot);
        out.writeByte(ids.length(handle));
        ids.writeLatin1(handle, out);
    }

    /** How many slots were given: every slot is below it. Any thread. */
    public int size() {
        return size;
    }

    /**
     * Gives the next slot to the session whose id is the {@code length} ASCII bytes at
     * {@code offset} in {@code bytes}, without looking it up: for loading many ids at once, as a
     * checkpoint lists them. Lookups do not find the ids appended so until {@link #index()} has
     * put them in the hash table. Returns -1, adding nothing, when the bytes are not a session id in
     * its stored form. As the writer, on slots no one else reads yet.
     */
    public int appendAscii(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long checked = storedSessionIdHash(bytes, offset, length);
        if (checked == NOT_AN_ID) {
            return -1;
        }
        int slot = size;
        if (appendedHashes == null) {
            appendedHashes = new int[64];
            appendedFrom = slot;
        } else if (slot - appendedFrom == appendedHashes.length) {
            appendedHashes = Arrays.copyOf(appendedHashes, appendedHashes.length * 2);
        }
        appendedHashes[slot - appendedFrom] = (int) checked;
        setHandle(slot, ids.addLatin1(bytes, offset, length));
        SIZE.setRelease(this, slot + 1);
        return slot;
    }

    /**
     * Puts the ids {@link #appendAscii appended} since the last call into the hash table; returns
     * false when two ids are the same session's, and then these slots must not be used. The table is
     * built anew and filled in the order of the cells the ids land in, so that building it walks the
     * table's memory in order: a million ids put one by one cost a million random cache misses,
     * three quarters of loading a million sessions' index checkpoint. As the writer.
     */
    public boolean index() {
        if (appendedHashes == null) {
            return true;
        }
        int n = size;
        int[] mixed = new int[n];
        for (int slot = 0; slot < n; slot++) {
            mixed[slot] = mix(slot >= appendedFrom ? appendedHashes[slot - appendedFrom] : ids.hash(handle(slot)));
        }
        appendedHashes = null;
        Table grown = new Table((int) Math.min(Integer.MAX_VALUE - 8, (long) n * 3 / 2 + MIN_TABLE));
        int[] counts = new int[BUCKETS + 1];
        for (int slot = 0; slot < n; slot++) {
            counts[bucket(grown, mixed[slot]) + 1]++;
        }
        for (int b = 0; b < BUCKETS; b++) {
            counts[b + 1] += counts[b];
        }
        // each slot with its mixed hash, in bucket order: read in order below, where a slot's
        // handle is read only when a probe meets a cell of the same tag
        long[] order = new long[n];
        for (int slot = 0; slot < n; slot++) {
            order[counts[bucket(grown, mixed[slot])]++] = (long) mixed[slot] << 32 | slot;
        }
        for (long entry : order) {
            int slot = (int) entry;
            int hash = (int) (entry >>> 32);
            int found = probe(grown, hash, slot);
            if (found >= 0) {
                return false; // the same id twice
            }
            grown.placeAt(-found - 1, hash, slot);
        }
        table = grown;
        return true;
    }

    /**
     * The {@link String#hashCode()} of the bytes when they are a session id as {@link SessionId}
     * stores it (valid, and in lower case), else {@link #NOT_AN_ID}: the check and the hash in one pass.
     */
    static long storedSessionIdHash(byte[] bytes, int offset, int length) {
        if (length < 1 || length > SessionId.MAX_LENGTH || !isLowerLetterOrDigit(bytes[offset])) {
            return NOT_AN_ID;
        }
        int hash = bytes[offset];
        // The rules of SessionId.isValid, on bytes: letters, digits, '_', '-', and '.' not after '.'.
        for (int i = offset + 1; i < offset + length; i++) {
            byte c = bytes[i];
            boolean allowed = isLowerLetterOrDigit(c) || c == '_' || c == '-' || (c == '.' && bytes[i - 1] != '.');
            if (!allowed) {
                return NOT_AN_ID;
            }
            hash = 31 * hash + c;
        }
        return hash;
    }

    private static boolean isLowerLetterOrDigit(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** The slot of {@code id} in {@code table}, or -(the empty cell where it would go) - 1. */
    private int probe(Table table, String id) {
        int mixed = mix(id.hashCode());
        int tag = table.tag(mixed);
        for (int i = table.start(mixed); ; i = table.next(i)) {
            int cell = table.cell(i);
            if (cell == 0) {
                return -i - 1;
            }
            if (table.tagOf(cell) == tag && ids.contentEquals(handle(table.slotOf(cell)), id)) {
                return table.slotOf(cell);
            }
        }
    }

    /** Like {@link #probe(Table, String)}, for an id's ASCII bytes. */
    private int probe(Table table, int hash, byte[] bytes, int offset, int length) {
        int mixed = mix(hash);
        int tag = table.tag(mixed);
        for (int i = table.start(mixed); ; i = table.next(i)) {
            int cell = table.cell(i);
            if (cell == 0) {
                return -i - 1;
            }
            if (table.tagOf(cell) == tag && ids.contentEqualsLatin1(handle(table.slotOf(cell)), bytes, offset, length)) {
                return table.slotOf(cell);
            }
        }
    }

    /** Like {@link #probe(Table, String)}, for the id of {@code slot}, given its mixed hash. */
    private int probe(Table table, int mixed, int slot) {
        int tag = table.tag(mixed);
        for (int i = table.start(mixed); ; i = table.next(i)) {
            int cell = table.cell(i);
            if (cell == 0) {
                return -i - 1;
            }
            if (table.tagOf(cell) == tag && ids.contentEquals(handle(table.slotOf(cell)), ids.get(handle(slot)))) {
                return table.slotOf(cell);
            }
        }
    }

    /** The bucket of the table's cells a mixed hash starts in, for {@link #index()}'s ordering. */
    private static int bucket(Table table, int mixed) {
        return (int) ((long) table.start(mixed) * BUCKETS / table.cells.length);
    }

    private void setHandle(int slot, int handle) {
        if (slot >= Integer.MAX_VALUE - 1) { // not requireState: its varargs array is made on every call in cold code
            throw new IllegalStateException("no slot is left for another session");
        }
        int[][] pages = handles;
        int page = slot >>> PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, Math.max(4, pages.length * 2));
        }
        if (pages[page] == null) {
            pages[page] = new int[PAGE_SIZE];
        }
        pages[page][slot & (PAGE_SIZE - 1)] = handle;
        if (pages != handles) {
            handles = pages;
        }
    }

    /** Gives the next slot to the id at {@code handle}, into {@code freeCell} of {@code probed} unless the table grows. */
    private int insert(int handle, int hash, Table probed, int freeCell) {
        requireState(appendedHashes == null, "ids appended in bulk are not indexed yet");
        int slot = size;
        setHandle(slot, handle);
        if ((slot + 1L) * 4 > probed.cells.length * 3L) {
            rehash((int) Math.min(Integer.MAX_VALUE - 8, probed.cells.length * 2L));
            table.place(mix(hash), slot);
        } else {
            probed.placeAt(freeCell, mix(hash), slot);
        }
        SIZE.setRelease(this, slot + 1);
        return slot;
    }

    /** Fills a table of {@code length} cells with every slot, then publishes it. */
    private void rehash(int length) {
        Table grown = new Table(length);
        for (int slot = 0; slot < size; slot++) {
            grown.place(mix(ids.hash(handle(slot))), slot);
        }
        table = grown;
    }

    private int handle(int slot) {
        return handles[slot >>> PAGE_BITS][slot & (PAGE_SIZE - 1)];
    }

    private static int mix(int hash) {
        return hash * 0x9E3779B9;
    }

    /**
     * The hash table: cells of slot + 1 in the low {@link #slotBits} bits (0 for an empty cell) and,
     * above them, a tag of the id's hash, so that a probe compares an id's text only when the tags
     * agree (1 in 2,048 of the other ids at a million sessions): most probes touch one cache line of
     * the table, not an id. The first cell probed is the mixed hash's high bits scaled to the length,
     * which may be any length, so the table can be sized to what it holds.
     */
    private static final class Table {
        final int[] cells;
        /** Bits of a cell for slot + 1: enough for the table's length, which is more than the slots it holds. */
        final int slotBits;

        Table(int length) {
            cells = new int[length];
            slotBits = 32 - Integer.numberOfLeadingZeros(length);
        }

        int start(int mixed) {
            return (int) ((mixed & 0xFFFFFFFFL) * cells.length >>> 32);
        }

        int next(int i) {
            return i + 1 == cells.length ? 0 : i + 1;
        }

        int cell(int i) {
            return (int) CELLS.getAcquire(cells, i);
        }

        /** The tag of a mixed hash: its low bits, which {@link #start} does not use. */
        int tag(int mixed) {
            return mixed & ((1 << (32 - slotBits)) - 1);
        }

        int tagOf(int cell) {
            return cell >>> slotBits;
        }

        int slotOf(int cell) {
            return (cell & ((1 << slotBits) - 1)) - 1;
        }

        /** Puts {@code slot} in the first free cell from its hash's. */
        void place(int mixed, int slot) {
            int i = start(mixed);
            while ((int) CELLS.getOpaque(cells, i) != 0) {
                i = next(i);
            }
            placeAt(i, mixed, slot);
        }

        /** Puts {@code slot} in the free cell {@code i}: a release store, after its id was written. */
        void placeAt(int i, int mixed, int slot) {
            CELLS.setRelease(cells, i, tag(mixed) << slotBits | (slot + 1));
        }
    }
}
