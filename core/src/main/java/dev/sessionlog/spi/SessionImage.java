package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.requireArgument;
import static dev.sessionlog.util.Preconditions.requireState;

import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.TextArena;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.time.Instant;

/**
 * The session index's entries ({@link SessionEntries}) as bytes, for a store's checkpoint: written
 * row by row from the columns and read back into columns, with no object per session, so that a
 * million sessions load in a fraction of a second. The layout, big-endian:
 * <pre>
 * int   rows
 * rows  × { byte id length, the id's ASCII bytes;
 *           text key;
 *           int profile (an index into the profiles below);
 *           byte end reason, byte last failure (0 for none, else 1 + an index into the names below);
 *           int last sequence, int message count, int open calls; long total tokens;
 *           long createdAt epoch second, int nano; long updatedAt epoch second, int nano;
 *           long log position of the newest event }
 * int   profiles × { text agent, text channel, text model, text provider }
 * int   end reasons × text name
 * int   failure kinds × text name
 * </pre>
 * where a text is {@link TextArena}'s serialized form (lossless for every string, -1 for null). The
 * enums are written by name, once, so renumbering them never changes what a file means. A store
 * that embeds this layout pins it with its own format version. The layout before the index kept
 * the provider ({@link Layout#WITHOUT_PROVIDER}: profiles of three texts) is still read, for what an
 * old checkpoint says about the log; its rows have no provider.
 *
 * <p>Reading trusts nothing: every count must fit in the bytes left, every index must name an entry
 * of its table, every session must already have a slot (a store's position index gives its
 * sessions theirs) and appear once; anything else is an {@link IllegalArgumentException}.
 */
public final class SessionImage {
    /** The fewest bytes a row takes: a one-character id, a null key, every fixed field. */
    private static final int MIN_ROW_BYTES = 1 + 1 + 4 + 4 + 1 + 1 + 3 * 4 + 8 + 2 * 12 + 8;
    private static final SessionEnded.Reason[] REASONS = SessionEnded.Reason.values();
    private static final FailureKind[] FAILURES = FailureKind.values();

    private SessionImage() {}

    /** Which profiles a file's rows name: the one difference between the layouts written so far. */
    public enum Layout {
        /** Profiles of agent, channel and model: written before the index kept the provider. */
        WITHOUT_PROVIDER,
        /** Profiles of agent, channel, model and provider: what {@link #write} writes. */
        WITH_PROVIDER
    }

    /** Writes every row of {@code entries}; from any thread, for entries no writer changes (a {@link SessionEntries} copy). */
    public static void write(SessionEntries entries, DataOutput out) throws IOException {
        SessionSlots slots = entries.slots();
        SessionEntries.Row row = new SessionEntries.Row();
        out.writeInt(entries.count());
        int written = 0;
        for (int slot = 0, n = slots.size(); slot < n; slot++) {
            if (!entries.read(slot, row)) {
                continue;
            }
            slots.writeId(slot, out);
            entries.keys().writeTo(row.key, out);
            out.writeInt(row.profile);
            out.writeByte(row.endReason() == null ? 0 : row.endReason().ordinal() + 1);
            out.writeByte(row.lastFailure() == null ? 0 : row.lastFailure().ordinal() + 1);
            out.writeInt(row.lastSequence);
            out.writeInt(row.messageCount);
            out.writeInt(row.openCalls);
            out.writeLong(row.totalTokens);
            writeInstant(out, row.createdAt());
            writeInstant(out, row.updatedAt());
            out.writeLong(row.lastPosition);
            written++;
        }
        requireState(written == entries.count(), "%s rows written of %s", written, entries.count());
        int profiles = entries.profileCount();
        out.writeInt(profiles);
        for (int i = 0; i < profiles; i++) {
            Profiles.Profile profile = entries.profiles().get(i);
            TextArena.write(profile.agentId(), out);
            TextArena.write(profile.channel(), out);
            TextArena.write(profile.model(), out);
            TextArena.write(profile.provider(), out);
        }
        out.writeInt(REASONS.length);
        for (SessionEnded.Reason reason : REASONS) {
            TextArena.write(reason.name(), out);
        }
        out.writeInt(FAILURES.length);
        for (FailureKind kind : FAILURES) {
            TextArena.write(kind.name(), out);
        }
    }

    /**
     * Reads rows written by {@link #write} from {@code in}'s position into new entries for
     * {@code slots}; leaves {@code in} after them. As the writer of {@code slots}' owner.
     *
     * <p>Fast when the rows come in the order of {@code slots} (a store's checkpoints are written in
     * slot order and its position index loads its slots in that order): each row's session is then
     * found by one comparison with the next slot's id, without hashing. Rows are stored with the
     * file's numbers for profiles and enums, and renumbered only when the file's tables differ from
     * these entries' (they match for a file this version wrote).
     *
     * @throws IllegalArgumentException when the bytes are not such rows (see the class notes)
     * @throws java.time.DateTimeException when an instant is beyond what {@code Instant} holds
     * @throws java.nio.BufferUnderflowException when the rows run past the end
     */
    public static SessionEntries read(ByteBuffer in, SessionSlots slots) {
        return read(in, slots, Layout.WITH_PROVIDER);
    }

    /**
     * Reads rows written in {@code layout} as {@link #read(ByteBuffer, SessionSlots)} does; rows of
     * {@link Layout#WITHOUT_PROVIDER} have no provider.
     *
     * @throws IllegalArgumentException when the bytes are not such rows (see the class notes)
     * @throws java.time.DateTimeException when an instant is beyond what {@code Instant} holds
     * @throws java.nio.BufferUnderflowException when the rows run past the end
     */
    public static SessionEntries read(ByteBuffer in, SessionSlots slots, Layout layout) {
        requireArgument(layout != null, "layout must not be null");
        return read(in, slots, false, layout);
    }

    /**
     * Reads rows written by {@link #write} from {@code in}'s position into entries with slots of
     * their own, each session named given one: for what a checkpoint says on its own, without the
     * store's slots. Leaves {@code in} after the rows.
     *
     * @throws IllegalArgumentException when the bytes are not such rows (see the class notes)
     * @throws java.time.DateTimeException when an instant is beyond what {@code Instant} holds
     * @throws java.nio.BufferUnderflowException when the rows run past the end
     */
    public static SessionEntries readWithOwnSlots(ByteBuffer in) {
        return readWithOwnSlots(in, Layout.WITH_PROVIDER);
    }

    /**
     * Reads rows written in {@code layout} as {@link #readWithOwnSlots(ByteBuffer)} does; rows of
     * {@link Layout#WITHOUT_PROVIDER} have no provider (the file does not say it, which is why a
     * store does not restore its index from one).
     *
     * @throws IllegalArgumentException when the bytes are not such rows (see the class notes)
     * @throws java.time.DateTimeException when an instant is beyond what {@code Instant} holds
     * @throws java.nio.BufferUnderflowException when the rows run past the end
     */
    public static SessionEntries readWithOwnSlots(ByteBuffer in, Layout layout) {
        requireArgument(layout != null, "layout must not be null");
        return read(in, new SessionSlots(), true, layout);
    }

    private static SessionEntries read(ByteBuffer in, SessionSlots slots, boolean addSlots, Layout layout) {
        ByteBuffer heap = in.hasArray() ? in : copyOnHeap(in);
        byte[] bytes = heap.array();
        int count = count(heap, MIN_ROW_BYTES);
        SessionEntries entries = new SessionEntries(slots);
        SessionEntries.Row row = new SessionEntries.Row();
        int[] rowSlots = new int[count];
        int[] rowProfiles = new int[count];
        byte[] rowEnds = new byte[count];
        byte[] rowFailures = new byte[count];
        int expected = 0;
        for (int r = 0; r < count; r++) {
            int idLength = heap.get() & 0xff;
            int at = heap.arrayOffset() + heap.position();
            if (idLength > heap.remaining()) {
                throw new IllegalArgumentException("a session id runs past the end");
            }
            int slot = slots.isSlotOfAscii(expected, bytes, at, idLength) ? expected
                    : addSlots ? slots.addAscii(bytes, at, idLength) : slots.slotOfAscii(bytes, at, idLength);
            if (slot < 0 || entries.contains(slot)) {
                throw new IllegalArgumentException(
                        "row " + r + " names no valid session id, one without a slot, or one twice");
            }
            heap.position(heap.position() + idLength);
            row.flags = 0;
            row.key = entries.keys().addSerialized(heap);
            row.profile = heap.getInt();
            rowEnds[r] = heap.get();
            rowFailures[r] = heap.get();
            row.enumNumbers(rowEnds[r] & 0xff, rowFailures[r] & 0xff);
            row.lastSequence = heap.getInt();
            row.messageCount = heap.getInt();
            row.openCalls = heap.getInt();
            row.totalTokens = heap.getLong();
            if ((row.lastSequence | row.messageCount | row.openCalls) < 0 || row.totalTokens < 0) {
                throw new IllegalArgumentException("row " + r + " holds a negative count");
            }
            row.createdAt(heap.getLong(), nano(heap));
            row.updatedAt(heap.getLong(), nano(heap));
            row.lastPosition = heap.getLong();
            entries.write(slot, row);
            rowSlots[r] = slot;
            rowProfiles[r] = row.profile;
            expected = slot + 1;
        }
        boolean withProvider = layout == Layout.WITH_PROVIDER;
        int profiles = count(heap, withProvider ? 16 : 12);
        int[] numbers = new int[profiles];
        boolean renumber = false;
        for (int i = 0; i < profiles; i++) {
            numbers[i] = entries.profiles().intern(TextArena.read(heap), TextArena.read(heap), TextArena.read(heap),
                    withProvider ? TextArena.read(heap) : null);
            renumber |= numbers[i] != i;
        }
        SessionEnded.Reason[] reasons = names(heap, SessionEnded.Reason.class);
        FailureKind[] kinds = names(heap, FailureKind.class);
        renumber |= !isPrefixOf(reasons, REASONS) || !isPrefixOf(kinds, FAILURES);
        for (int r = 0; r < count; r++) {
            if (rowProfiles[r] < 0 || rowProfiles[r] >= profiles || (rowEnds[r] & 0xff) > reasons.length
                    || (rowFailures[r] & 0xff) > kinds.length) {
                throw new IllegalArgumentException("row " + r + " names a profile or a name its tables do not hold");
            }
            if (renumber) {
                entries.read(rowSlots[r], row);
                row.profile = numbers[rowProfiles[r]];
                row.endReason(named(reasons, rowEnds[r] & 0xff));
                row.lastFailure(named(kinds, rowFailures[r] & 0xff));
                entries.write(rowSlots[r], row);
            }
        }
        if (heap != in) {
            in.position(in.position() + heap.position());
        }
        return entries;
    }

    private static ByteBuffer copyOnHeap(ByteBuffer in) {
        byte[] copy = new byte[in.remaining()];
        in.get(in.position(), copy);
        return ByteBuffer.wrap(copy);
    }

    private static int nano(ByteBuffer in) {
        int nano = in.getInt();
        if (nano < 0 || nano >= 1_000_000_000) {
            throw new IllegalArgumentException("bad nanosecond " + nano);
        }
        return nano;
    }

    private static boolean isPrefixOf(Object[] values, Object[] of) {
        return values.length <= of.length && Arrays.equals(values, 0, values.length, of, 0, values.length);
    }

    private static <E extends Enum<E>> E[] names(ByteBuffer in, Class<E> type) {
        int count = count(in, 4);
        @SuppressWarnings("unchecked")
        E[] values = (E[]) java.lang.reflect.Array.newInstance(type, count);
        for (int i = 0; i < count; i++) {
            String name = TextArena.read(in);
            requireArgument(name != null, "a null %s name", type.getSimpleName());
            values[i] = Enum.valueOf(type, name);
        }
        return values;
    }

    private static <E> E named(E[] values, int number) {
        return number == 0 ? null : values[number - 1];
    }

    private static void writeInstant(DataOutput out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    /** A count of entries of at least {@code minBytes} each, refused when they cannot fit in what is left. */
    private static int count(ByteBuffer in, int minBytes) {
        int count = in.getInt();
        requireArgument(count >= 0 && count <= in.remaining() / minBytes, "bad count %s", count);
        return count;
    }
}
