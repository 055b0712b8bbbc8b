package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.onePartition;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.StoreLockedException;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store's real day file cut, zeroed and bit-flipped, or its log deleted: what the store says, what
 * a writer may do, what repair saves, and that afterwards every acknowledged event, from before the
 * damage and after the repair, is readable or was reported lost by session and sequence.
 *
 * <p>The store: session {@code s2} (20 events, records 0 to 19) then session {@code s1} (1,000
 * events, one record each: record {@code 19 + n} holds sequence {@code n}), closed, so both
 * checkpoints describe it.
 */
class DamagedStoreTest {
    private static final SessionId S1 = SessionId.of("s1");
    private static final SessionId S2 = SessionId.of("s2");
    private static final SessionId S3 = SessionId.of("s3");
    private static final int S1_EVENTS = 1_000;
    private static final int S2_EVENTS = 20;
    /** The record holding sequence 501 of s1. */
    private static final int RECORD_OF_S1_501 = S2_EVENTS + 500;
    private static final List<StoreDamage.Lost> S1_FROM_501 = List.of(new StoreDamage.Lost(S1, 501, S1_EVENTS));
    private static final List<StoreDamage.Lost> EVERYTHING = List.of(new StoreDamage.Lost(S1, 1, S1_EVENTS),
            new StoreDamage.Lost(S2, 1, S2_EVENTS));

    @TempDir
    static Path pristineRoot;
    private static Path pristine;

    @TempDir
    Path tmp;

    /** What is done to the store, and which events that loses for good. */
    enum Damage {
        CUT_INSIDE_A_RECORD(true, S1_FROM_501, file -> file.truncate(file.record(RECORD_OF_S1_501) + 10)),
        CUT_AT_A_RECORD_HEADER(true, S1_FROM_501, file -> file.truncate(file.record(RECORD_OF_S1_501))),
        CUT_TO_ZERO_BYTES(true, EVERYTHING, file -> file.truncate(0)),
        CUT_TO_100_BYTES(true, EVERYTHING, file -> file.truncate(100)),
        CUT_TO_4096_BYTES(true, EVERYTHING, file -> file.truncate(4096)),
        ZEROS_FROM_INSIDE_A_RECORD(true, S1_FROM_501, file -> file.zeroFrom(file.record(RECORD_OF_S1_501) + 10)),
        ZEROS_FROM_A_RECORD_HEADER(true, S1_FROM_501, file -> file.zeroFrom(file.record(RECORD_OF_S1_501))),
        ZEROS_OVER_THE_LAST_RECORD(true, List.of(new StoreDamage.Lost(S1, S1_EVENTS, S1_EVENTS)),
                file -> file.zeroFrom(file.record(file.recordCount() - 1))),
        LENGTH_HEADER_BIT_FLIPPED(false, List.of(), file -> file.flip(file.record(RECORD_OF_S1_501), 0x04)),
        METADATA_FLAG_FLIPPED(false, List.of(), file -> file.flip(file.record(RECORD_OF_S1_501) + 3, 0x40)),
        PAYLOAD_BIT_FLIPPED(false, List.of(new StoreDamage.Lost(S1, 501, 501)),
                file -> file.flip(file.record(RECORD_OF_S1_501) + 60, 0x01)),
        LOG_DELETED(true, EVERYTHING, null);

        /** Whether the end of the log is damaged: the checks at open find it and a writer is refused. */
        final boolean atTheEnd;
        final List<StoreDamage.Lost> lost;
        private final Consumer<DayFileDamage> damage;

        Damage(boolean atTheEnd, List<StoreDamage.Lost> lost, Consumer<DayFileDamage> damage) {
            this.atTheEnd = atTheEnd;
            this.lost = lost;
            this.damage = damage;
        }

        void applyTo(Path dir) {
            if (damage == null) {
                deleteTree(dir.resolve("log"));
            } else {
                damage.accept(DayFileDamage.of(dir));
            }
        }

        boolean isLost(SessionId session, long sequence) {
            return lost.stream().anyMatch(l -> l.session().equals(session) && sequence >= l.fromSequence()
                    && sequence <= l.toSequence());
        }
    }

    @BeforeAll
    static void writePristineStore() {
        pristine = pristineRoot.resolve("pristine");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(pristine, onePartition())) {
            store.append(S2, ExpectedSequence.noSession(), List.of(started("s2"))).join();
            for (int i = 2; i <= S2_EVENTS; i++) {
                store.append(S2, ExpectedSequence.any(), List.of(message(S2 + "-" + i))).join();
            }
            store.append(S1, ExpectedSequence.noSession(), List.of(started("s1"))).join();
            for (int i = 2; i <= S1_EVENTS; i++) {
                store.append(S1, ExpectedSequence.any(), List.of(message(S1 + "-" + i))).join();
            }
        }
        assertEquals(S2_EVENTS + S1_EVENTS, DayFileDamage.of(pristine).recordCount());
    }

    private Path damaged(Damage damage) {
        Path dir = StoreFixtures.copyTree(pristine, tmp.resolve("store"));
        damage.applyTo(dir);
        return dir;
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void verification_reports_the_damaged_place_and_names_the_events_lost(Damage damage) {
        Path dir = damaged(damage);
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            StoreVerification verification = reader.verification();
            assertFalse(verification.healthy(), damage + ": " + verification);
            String damagedFile = damage == Damage.LOG_DELETED ? dir.resolve("log").toString()
                    : DayFileDamage.of(pristine).file().getFileName().toString();
            assertTrue(verification.problems().stream().anyMatch(p -> p.kind() == StoreProblem.Kind.RECORD
                    && p.file() != null && p.file().endsWith(damagedFile)), damage + ": " + verification);
            for (StoreDamage.Lost lost : damage.lost) {
                assertTrue(verification.problems().stream().anyMatch(p -> names(p, lost)),
                        damage + ": " + lost + " is not named in " + verification.problems());
            }
            for (StoreProblem problem : verification.problems()) {
                assertTrue(problem.sequence() < 1L << 32, damage + ": a position in the sequence field: " + problem);
            }
        }
    }

    /** A problem names lost events by their session and first sequence (a gap by the sequence after it). */
    private static boolean names(StoreProblem problem, StoreDamage.Lost lost) {
        if (!lost.session().equals(problem.session())) {
            return false;
        }
        return switch (problem.kind()) {
            case LOST -> problem.sequence() == lost.fromSequence();
            case EVENT -> problem.sequence() == lost.toSequence() + 1 && problem.description()
                    .contains("sequences " + lost.fromSequence() + " to " + lost.toSequence());
            default -> false;
        };
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void a_read_only_open_serves_what_is_readable_and_says_what_is_lost(Damage damage) {
        Path dir = damaged(damage);
        try (ChronicleSessionStore reader = ChronicleSessionStore.openReadOnly(dir)) {
            if (damage.atTheEnd) {
                assertEquals(damage.lost, reader.damage().map(StoreDamage::lost).orElseThrow(), damage.toString());
                assertEveryEventReadableOrLost(reader, damage, Map.of());
            } else {
                assertEquals(Optional.empty(), reader.damage(), "damage between intact records is verification's");
                assertEquals(S2_EVENTS, reader.read(S2, 1, Integer.MAX_VALUE).size(), "s2, before the damage");
                assertEquals(500, reader.read(S1, 1, 500).size(), "s1 up to the damaged record");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Damage.class, names = {"CUT_INSIDE_A_RECORD", "CUT_AT_A_RECORD_HEADER", "CUT_TO_ZERO_BYTES",
            "CUT_TO_100_BYTES", "CUT_TO_4096_BYTES", "ZEROS_FROM_INSIDE_A_RECORD", "ZEROS_FROM_A_RECORD_HEADER",
            "ZEROS_OVER_THE_LAST_RECORD"})
    void a_writer_refuses_a_damaged_end_changes_nothing_and_names_what_is_lost(Damage damage) throws IOException {
        assertTrue(damage.atTheEnd);
        Path dir = damaged(damage);
        Path file = DayFileDamage.of(pristine).file().getFileName();
        byte[] before = digest(dir.resolve("log").resolve(file));
        StoreDamagedException refused = assertThrows(StoreDamagedException.class,
                () -> ChronicleSessionStore.open(dir, onePartition()), damage.toString());
        assertEquals(damage.lost, refused.damage().lost(), damage.toString());
        assertTrue(refused.damage().places().stream().anyMatch(place -> place.file().endsWith(file.toString())
                && place.offset() >= 0), refused.damage().toString());
        assertTrue(refused.getMessage().contains("sessionlog repair --store " + dir), refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
        assertEquals(List.of(file), dayFiles(dir), "no file was added");
        assertTrue(Arrays.equals(before, digest(dir.resolve("log").resolve(file))), "the day file is unchanged");
    }

    @ParameterizedTest
    @EnumSource(value = Damage.class, names = {"LENGTH_HEADER_BIT_FLIPPED", "METADATA_FLAG_FLIPPED",
            "PAYLOAD_BIT_FLIPPED"})
    void a_writer_opens_a_store_damaged_between_intact_records_and_loses_no_acknowledged_append(Damage damage) {
        Path dir = damaged(damage);
        List<Long> acknowledged = new ArrayList<>();
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, onePartition())) {
            for (int i = 0; i < 10; i++) {
                acknowledged.add(writer.append(S1, ExpectedSequence.any(), List.of(message("after-" + i))).join()
                        .firstSequence());
            }
        }
        for (int open = 0; open < 2; open++) {
            try (ChronicleSessionStore store = open == 0 ? ChronicleSessionStore.openReadOnly(dir)
                    : ChronicleSessionStore.open(dir, onePartition())) {
                for (int i = 0; i < acknowledged.size(); i++) {
                    List<RecordedEvent> read = store.read(S1, acknowledged.get(i), 1);
                    assertEquals(1, read.size(), damage + ": acknowledged s1 " + acknowledged.get(i) + " is unreadable");
                    assertEquals("after-" + i, ((UserMessageReceived) read.get(0).event()).messageId());
                }
            } catch (StoreDamagedException refused) {
                throw new AssertionError(damage + ": a store that acknowledged appends must open again", refused);
            }
        }
    }

    @Test
    void a_writer_refuses_a_store_whose_log_was_deleted() {
        Path dir = damaged(Damage.LOG_DELETED);
        StoreDamagedException refused = assertThrows(StoreDamagedException.class,
                () -> ChronicleSessionStore.open(dir, onePartition()));
        assertEquals(EVERYTHING, refused.damage().lost());
        assertFalse(Files.exists(dir.resolve("log")), "the refused open created no log");
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void repair_salvages_every_readable_record_and_every_acknowledged_event_is_readable_or_reported_lost(
            Damage damage) throws IOException {
        Path dir = damaged(damage);
        Path file = DayFileDamage.of(pristine).file().getFileName();
        byte[] damagedBytes = damage == Damage.LOG_DELETED ? null : Files.readAllBytes(dir.resolve("log").resolve(file));

        RepairReport report = ChronicleSessionStore.repair(dir);
        assertTrue(report.repaired(), damage + ": " + report);
        assertEquals(damage.lost, report.damage().lost(), damage.toString());
        assertFalse(report.damage().places().isEmpty(), damage + ": " + report);
        Path aside = Path.of(report.movedAside().orElseThrow());
        assertTrue(aside.startsWith(dir), "the damaged files are kept inside the store directory: " + aside);
        if (damagedBytes != null) {
            assertTrue(Arrays.equals(damagedBytes, Files.readAllBytes(aside.resolve("log").resolve(file))),
                    "the damaged day file is kept as it was");
        }

        Map<SessionId, List<Long>> appended = new HashMap<>();
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, onePartition())) {
            if (writer.summary(S1).isEmpty()) {
                acknowledge(appended, S1, writer.append(S1, ExpectedSequence.noSession(), List.of(started("s1"))));
            }
            for (int i = 0; i < 10; i++) {
                acknowledge(appended, S1, writer.append(S1, ExpectedSequence.any(), List.of(message("after-" + i))));
            }
            acknowledge(appended, S3, writer.append(S3, ExpectedSequence.noSession(), List.of(started("s3"))));
        }
        for (int open = 0; open < 2; open++) {
            try (ChronicleSessionStore store = open == 0 ? ChronicleSessionStore.open(dir, onePartition())
                    : ChronicleSessionStore.openReadOnly(dir)) {
                assertEveryEventReadableOrLost(store, damage, appended);
                List<StoreProblem> problems = store.verify();
                if (damage == Damage.PAYLOAD_BIT_FLIPPED) {
                    assertEquals(1, problems.size(), problems.toString());
                    assertTrue(names(problems.get(0), damage.lost.get(0)), problems.toString());
                } else {
                    assertEquals(List.of(), problems, damage.toString());
                }
            }
        }
    }

    @Test
    void repair_leaves_a_healthy_store_as_it_is() throws IOException {
        Path dir = StoreFixtures.copyTree(pristine, tmp.resolve("healthy"));
        byte[] before = digest(DayFileDamage.of(dir).file());
        RepairReport report = ChronicleSessionStore.repair(dir);
        assertFalse(report.repaired());
        assertTrue(report.damage().isEmpty(), report.toString());
        assertEquals(S1_EVENTS + S2_EVENTS, report.events());
        assertTrue(Arrays.equals(before, digest(DayFileDamage.of(dir).file())));
        try (Stream<Path> children = Files.list(dir)) {
            assertTrue(children.noneMatch(child -> child.getFileName().toString().startsWith("damaged-")
                    || child.getFileName().toString().startsWith("repair")));
        }
    }

    @Test
    void repair_refuses_a_store_a_writer_holds() {
        Path dir = StoreFixtures.copyTree(pristine, tmp.resolve("held"));
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(dir, onePartition())) {
            assertThrows(StoreLockedException.class, () -> ChronicleSessionStore.repair(dir));
        }
    }

    /** Records the sequences an acknowledged append got, with the message ids it held. */
    private static void acknowledge(Map<SessionId, List<Long>> appended, SessionId session,
                                    CompletableFuture<AppendResult> append) {
        AppendResult result = append.join();
        assertFalse(result.duplicate());
        appended.computeIfAbsent(session, s -> new ArrayList<>()).add(result.firstSequence());
    }

    /**
     * Every event written before the damage is readable with its content, unless the damage lost
     * it; the events appended after a repair follow each session's last readable one.
     */
    private static void assertEveryEventReadableOrLost(ChronicleSessionStore store, Damage damage,
                                                      Map<SessionId, List<Long>> appended) {
        Map<SessionId, Integer> written = new LinkedHashMap<>();
        written.put(S2, S2_EVENTS);
        written.put(S1, S1_EVENTS);
        for (Map.Entry<SessionId, Integer> session : written.entrySet()) {
            List<RecordedEvent> events = store.read(session.getKey(), 1, Integer.MAX_VALUE);
            Map<Long, RecordedEvent> bySequence = new HashMap<>();
            events.forEach(event -> bySequence.put(event.sequence(), event));
            long lastKept = 0;
            for (long sequence = 1; sequence <= session.getValue(); sequence++) {
                RecordedEvent event = bySequence.get(sequence);
                if (damage.isLost(session.getKey(), sequence)) {
                    continue;
                }
                lastKept = sequence;
                String where = damage + ": " + session.getKey() + " sequence " + sequence;
                assertTrue(event != null, where + " is neither readable nor reported lost");
                if (sequence == 1) {
                    assertTrue(event.event() instanceof SessionStarted, where);
                } else {
                    assertEquals(session.getKey() + "-" + sequence, ((UserMessageReceived) event.event()).messageId(),
                            where);
                }
            }
            List<Long> after = appended.getOrDefault(session.getKey(), List.of());
            for (int i = 0; i < after.size(); i++) {
                long sequence = after.get(i);
                assertEquals(lastKept + 1 + i, sequence, damage + ": appends after the repair follow the last kept event");
                RecordedEvent event = bySequence.get(sequence);
                assertTrue(event != null, damage + ": acknowledged " + session.getKey() + " " + sequence + " is not readable");
                if (event.event() instanceof UserMessageReceived received) {
                    assertEquals("after-" + (lastKept == 0 ? i - 1 : i), received.messageId(), damage.toString());
                } else {
                    assertEquals(0, lastKept, damage + ": a new start only where every event was lost");
                }
            }
        }
        if (appended.containsKey(S3)) {
            assertEquals(1, store.read(S3, 1, 10).size());
        }
    }

    private static List<Path> dayFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            return files.filter(f -> f.toString().endsWith(".cq4")).map(Path::getFileName).toList();
        }
    }

    private static byte[] digest(Path file) throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
