package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.SessionSummary.State;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.util.TextArena;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The session index's rows as bytes ({@link SessionImage}): every field back as written, and nothing hostile taken. */
class SessionImageTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123456789Z");

    private static final List<LedgerState.Session> SESSIONS = List.of(
            session(new SessionSummary(SessionId.of("6f1c2a4e-8b0d-4c53-9a61-000000000001"),
                    SessionKey.of("agent:main:telegram:direct:1"), "main", "telegram", State.AWAITING_MODEL, 7, 3, 2,
                    FailureKind.RATE_LIMITED, "gpt-5", "openai", 1_234, T0, T0.plusSeconds(5), null), 70),
            session(new SessionSummary(SessionId.of("s-2"), null, null, null, State.ENDED, 1, 0, 0, null, null, 0,
                    Instant.parse("1500-01-01T00:00:00Z"), Instant.MAX, SessionEnded.Reason.DELETED), 71),
            session(new SessionSummary(SessionId.of("s-3"), SessionKey.of("clé:日本:\uD800"), "agent ü", "canal 日本",
                    State.ENDED, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, FailureKind.UNKNOWN, "model \uDC00",
                    "fournisseur \uD800", Long.MAX_VALUE, Instant.MIN, T0, SessionEnded.Reason.ARCHIVED), Long.MAX_VALUE));

    private static LedgerState.Session session(SessionSummary summary, long lastPosition) {
        return new LedgerState.Session(summary, lastPosition);
    }

    private static byte[] image(SessionEntries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SessionImage.write(entries, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void every_field_of_every_row_comes_back_as_written() throws IOException {
        SessionSlots slots = new SessionSlots();
        SessionEntries written = SessionEntries.of(SESSIONS, slots);
        ByteBuffer in = ByteBuffer.wrap(image(written));
        SessionEntries read = SessionImage.read(in, slots);

        assertFalse(in.hasRemaining());
        assertEquals(SESSIONS.size(), read.count());
        for (LedgerState.Session session : SESSIONS) {
            int slot = slots.slotOf(session.summary().sessionId());
            assertEquals(session.summary(), read.summary(slot));
            assertEquals(session.lastPosition(), read.lastPosition(slot));
        }
        assertTrue(read.canBeTakenOverFor(slots), "read rows are their own");
        assertFalse(written.copy().canBeTakenOverFor(slots), "a copy shares its texts with the live rows");
    }

    @Test
    void rows_are_found_by_id_whatever_their_order_and_a_direct_buffer_is_read_too() throws IOException {
        SessionSlots slots = new SessionSlots();
        for (int i = SESSIONS.size() - 1; i >= 0; i--) {
            slots.add(SESSIONS.get(i).summary().sessionId()); // slots in the reverse order of the rows
        }
        byte[] bytes = image(SessionEntries.of(SESSIONS, new SessionSlots()));
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 3).put(bytes).put(new byte[3]).flip();
        SessionEntries read = SessionImage.read(direct, slots);
        assertEquals(3, direct.remaining(), "the rows are consumed, nothing more");
        for (LedgerState.Session session : SESSIONS) {
            assertEquals(session.summary(), read.summary(slots.slotOf(session.summary().sessionId())));
        }
    }

    @Test
    void names_are_read_by_name_so_tables_in_another_order_mean_the_same() throws IOException {
        SessionSlots slots = new SessionSlots();
        slots.add(SessionId.of("a"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(1);
        writeRow(out, "a", 2, 1, 2);
        out.writeInt(3); // profiles: none, then two, in an order this version never writes
        for (String text : new String[] {null, null, null, null, "agent-x", "chan-x", "model-x", "prov-x",
                "agent-y", null, null, "prov-y"}) {
            TextArena.write(text, out);
        }
        writeNames(out, "DELETED", "RESET");
        writeNames(out, "TIMEOUT", "AUTH", "BILLING");

        SessionEntries read = SessionImage.read(ByteBuffer.wrap(bytes.toByteArray()), slots);
        SessionSummary summary = read.summary(slots.slotOf(SessionId.of("a")));
        assertEquals("agent-y", summary.agentId());
        assertNull(summary.channel());
        assertEquals("prov-y", summary.provider());
        assertEquals(SessionEnded.Reason.DELETED, summary.endReason());
        assertEquals(FailureKind.AUTH, summary.lastFailure());
    }

    @Test
    void rows_of_the_layout_before_the_provider_read_with_their_model_and_no_provider() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(2);
        writeRow(out, "a", 1, 0, 2);
        writeRow(out, "b", 0, 1, 0);
        out.writeInt(2); // triples: agent, channel, model
        for (String text : new String[] {null, null, null, "agent-x", "chan-x", "model-x"}) {
            TextArena.write(text, out);
        }
        writeNames(out, "RESET");
        writeNames(out, "TIMEOUT", "AUTH");
        ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray());

        SessionEntries read = SessionImage.readWithOwnSlots(in, SessionImage.Layout.WITHOUT_PROVIDER);
        assertFalse(in.hasRemaining());
        SessionSummary a = read.summary(read.slots().slotOf(SessionId.of("a")));
        assertEquals("model-x", a.model());
        assertEquals("chan-x", a.channel());
        assertNull(a.provider());
        assertEquals(FailureKind.AUTH, a.lastFailure());
        SessionSummary b = read.summary(read.slots().slotOf(SessionId.of("b")));
        assertNull(b.model());
        assertEquals(SessionEnded.Reason.RESET, b.endReason());
        assertThrows(IllegalArgumentException.class,
                () -> SessionImage.readWithOwnSlots(ByteBuffer.wrap(bytes.toByteArray()), null));
    }

    @Test
    void rows_naming_what_is_not_there_or_breaking_a_rule_are_refused() throws IOException {
        SessionSlots slots = new SessionSlots();
        slots.add(SessionId.of("a"));
        List<Consumer<DataOutputStream>> bad = List.of(
                out -> row(out, 1, "b", 0, 0, 0, 1),            // a session without a slot
                out -> row(out, 2, "a", 0, 0, 0, 1),            // a session twice
                out -> row(out, 1, "a", 1, 0, 0, 1),            // a profile the table does not hold
                out -> row(out, 1, "a", 0, 3, 0, 1),            // an end reason past the names
                out -> row(out, 1, "a", 0, 0, 4, 1),            // a failure kind past the names
                out -> row(out, 1, "a", 0, 0, 0, -1),           // a negative count
                out -> row(out, Integer.MAX_VALUE, "a", 0, 0, 0, 1));
        for (int i = 0; i < bad.size(); i++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bad.get(i).accept(new DataOutputStream(bytes));
            int which = i;
            assertThrows(IllegalArgumentException.class,
                    () -> SessionImage.read(ByteBuffer.wrap(bytes.toByteArray()), slots), "case " + which);
        }
        ByteArrayOutputStream unknownName = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(unknownName);
        out.writeInt(0);
        out.writeInt(1);
        writeNullProfile(out);
        writeNames(out, "VANISHED");
        assertThrows(IllegalArgumentException.class, () -> SessionImage.read(ByteBuffer.wrap(unknownName.toByteArray()),
                slots));
        byte[] good = image(SessionEntries.of(SESSIONS, new SessionSlots()));
        for (int length = 0; length < good.length; length += 11) {
            SessionSlots all = new SessionSlots();
            SESSIONS.forEach(session -> all.add(session.summary().sessionId()));
            ByteBuffer truncated = ByteBuffer.wrap(Arrays.copyOf(good, length));
            try {
                SessionImage.read(truncated, all);
            } catch (IllegalArgumentException | BufferUnderflowException expected) {
                continue;
            }
            throw new AssertionError("an image cut to " + length + " of " + good.length + " bytes was read");
        }
    }

    @Test
    void thousands_of_rows_across_pages_with_the_longest_ids_and_keys_round_trip_into_slots_of_their_own()
            throws IOException {
        List<LedgerState.Session> sessions = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) { // three pages of rows (1,024 a page) and a part
            String suffix = "-" + i;
            String id = i % 3 == 0 ? String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", i)
                    : i % 3 == 1 ? "s".repeat(SessionId.MAX_LENGTH - suffix.length()) + suffix : "s" + suffix;
            String key = i % 4 == 0 ? null
                    : i % 4 == 1 ? ("日本:" + i + ":").repeat(SessionKey.MAX_LENGTH).substring(0, SessionKey.MAX_LENGTH)
                    : "agent:main:telegram:direct:" + i;
            sessions.add(session(new SessionSummary(SessionId.of(id), key == null ? null : SessionKey.of(key),
                    "agent-" + i % 7, i % 2 == 0 ? "telegram" : null, State.IDLE, i + 1, i, 0, null,
                    i % 11 == 0 ? "model-" + "m".repeat(5_000) : "gpt-5", i % 5 == 0 ? null : "openai", i,
                    T0.plusMillis(i), T0.plusSeconds(i), null), 1_000L + i));
        }
        SessionEntries written = SessionEntries.of(sessions, new SessionSlots());
        byte[] image = image(written);

        ByteBuffer in = ByteBuffer.wrap(image);
        SessionEntries own = SessionImage.readWithOwnSlots(in);
        assertFalse(in.hasRemaining());
        SessionEntries shared = SessionImage.read(ByteBuffer.wrap(image), written.slots());
        assertEquals(sessions.size(), own.count());
        assertEquals(sessions.size(), own.slots().size());
        for (LedgerState.Session session : sessions) {
            SessionId id = session.summary().sessionId();
            assertEquals(session.summary(), own.summary(own.slots().slotOf(id)));
            assertEquals(session.lastPosition(), own.lastPosition(own.slots().slotOf(id)));
            assertEquals(session.summary(), shared.summary(written.slots().slotOf(id)));
        }
    }

    @Test
    void rows_read_into_slots_of_their_own_refuse_an_id_not_in_its_stored_form_or_named_twice_saying_which_row()
            throws IOException {
        for (String[] ids : new String[][] {{"a", "Not-Stored"}, {"a", "b", "a"}, {"a", ""}}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(ids.length);
            for (String id : ids) {
                writeRow(out, id, 0, 0, 0);
            }
            out.writeInt(1);
            writeNullProfile(out);
            writeNames(out, "RESET");
            writeNames(out, "TIMEOUT");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> SessionImage.readWithOwnSlots(ByteBuffer.wrap(bytes.toByteArray())), Arrays.toString(ids));
            assertTrue(refused.getMessage().contains("row " + (ids.length - 1)), refused.getMessage());
        }
    }

    /** The profile of nulls: agent, channel, model and provider. */
    private static void writeNullProfile(DataOutputStream out) throws IOException {
        for (int i = 0; i < 4; i++) {
            TextArena.write(null, out);
        }
    }

    /** {@code rows} rows of session {@code id}, then one profile (all null) and the current names. */
    private static void row(DataOutputStream out, int rows, String id, int profile, int end, int failure, int count) {
        try {
            out.writeInt(rows);
            for (int i = 0; i < Math.min(rows, 2); i++) {
                writeRow(out, id, profile, end, failure, count);
            }
            out.writeInt(1);
            writeNullProfile(out);
            writeNames(out, "RESET", "DELETED");
            writeNames(out, "RATE_LIMITED", "AUTH", "TIMEOUT");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void writeRow(DataOutputStream out, String id, int profile, int end, int failure) throws IOException {
        writeRow(out, id, profile, end, failure, 1);
    }

    private static void writeRow(DataOutputStream out, String id, int profile, int end, int failure, int count)
            throws IOException {
        out.writeByte(id.length());
        out.write(id.getBytes(StandardCharsets.US_ASCII));
        TextArena.write(null, out);
        out.writeInt(profile);
        out.writeByte(end);
        out.writeByte(failure);
        out.writeInt(count);
        out.writeInt(0);
        out.writeInt(0);
        out.writeLong(0);
        out.writeLong(T0.getEpochSecond());
        out.writeInt(0);
        out.writeLong(T0.getEpochSecond());
        out.writeInt(0);
        out.writeLong(1);
    }

    private static void writeNames(DataOutputStream out, String... names) throws IOException {
        out.writeInt(names.length);
        for (String name : names) {
            TextArena.write(name, out);
        }
    }
}
