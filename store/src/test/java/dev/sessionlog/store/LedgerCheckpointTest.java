package dev.sessionlog.store;

import static dev.sessionlog.store.StoreFixtures.callStarted;
import static dev.sessionlog.store.StoreFixtures.message;
import static dev.sessionlog.store.StoreFixtures.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.store.index.LedgerCheckpoint;
import dev.sessionlog.store.index.LedgerCheckpointFormat2;
import dev.sessionlog.store.index.LedgerCheckpointFormat3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A store reopened from its ledger checkpoint must answer exactly as one that replayed every event:
 * same session index, same duplicates, same expected sequences, same open calls (ended as
 * INTERRUPTED). A checkpoint that cannot be trusted must cost time, never data.
 */
class LedgerCheckpointTest {
    private static final String LEDGER = LedgerCheckpoint.FILE_NAME;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void a_store_reopened_from_its_ledger_checkpoint_answers_as_one_that_replayed_every_event(long seed) {
        Path withCheckpoint = root.resolve("with");
        Written written = fill(withCheckpoint, new Random(seed), 12, 400);
        Path withoutCheckpoint = copy(withCheckpoint, "without");
        delete(withoutCheckpoint.resolve(LEDGER));

        View restored = view(withCheckpoint, written);
        View replayed = view(withoutCheckpoint, written);

        assertTrue(restored.decodedAtOpen() < written.events() / 4,
                "the checkpoint was used: " + restored.decodedAtOpen() + " events decoded at open");
        assertTrue(replayed.decodedAtOpen() >= written.events(), "the log was replayed");
        assertEquals(replayed.withoutDecodeCounts(), restored.withoutDecodeCounts());
        assertTrue(restored.events().values().stream().flatMap(List::stream).anyMatch(e ->
                e instanceof ModelCallFailed f && f.kind() == FailureKind.INTERRUPTED), "open calls were recovered");
    }

    @Test
    void events_stored_after_the_checkpoint_are_replayed_on_top_of_it() {
        Path dir = root.resolve("store");
        Random random = new Random(7);
        Written first = fill(dir, random, 6, 150);
        byte[] oldLedger = read(dir.resolve(LEDGER));
        byte[] oldIndex = read(dir.resolve("index.checkpoint"));
        Written both = fill(dir, random, 6, 150).after(first);
        // Put back the checkpoints of the first close, as a kill -9 after them would leave them;
        // then only the ledger's, with the index checkpoint up to date.
        Path bothOld = copy(dir, "both-old");
        write(bothOld.resolve(LEDGER), oldLedger);
        write(bothOld.resolve("index.checkpoint"), oldIndex);
        Path ledgerOld = copy(dir, "ledger-old");
        write(ledgerOld.resolve(LEDGER), oldLedger);
        Path reference = copy(dir, "reference");
        delete(reference.resolve(LEDGER));

        View expected = view(reference, both);
        for (Path stale : List.of(bothOld, ledgerOld)) {
            View actual = view(stale, both);
            assertTrue(actual.decodedAtOpen() < expected.decodedAtOpen(), "the old checkpoint was used");
            assertEquals(expected.withoutDecodeCounts(), actual.withoutDecodeCounts());
        }
    }

    @Test
    void damaged_wrong_version_hostile_and_foreign_ledger_checkpoints_fall_back_to_the_full_replay() {
        Path pristine = root.resolve("pristine");
        Written written = fill(pristine, new Random(11), 8, 300);
        byte[] good = read(pristine.resolve(LEDGER));
        Path foreignStore = root.resolve("foreign");
        fill(foreignStore, new Random(12), 8, 300);
        byte[] foreign = read(foreignStore.resolve(LEDGER));
        Path longerStore = copy(pristine, "longer");
        fill(longerStore, new Random(13), 8, 50);
        byte[] longer = read(longerStore.resolve(LEDGER));
        int firstIdLength = good[20];

        Map<String, byte[]> damaged = new LinkedHashMap<>();
        damaged.put("empty", new byte[0]);
        damaged.put("seven bytes", Arrays.copyOf(good, 7));
        damaged.put("truncated", Arrays.copyOf(good, good.length / 2));
        damaged.put("truncated before the crc", Arrays.copyOf(good, good.length - 3));
        damaged.put("one byte flipped", change(good, bytes -> {
            bytes[bytes.length / 2] ^= 0x10;
            return bytes;
        }));
        damaged.put("another version", withCrc(change(good, bytes -> putInt(bytes, 4, 1))));
        damaged.put("huge session count", withCrc(change(good, bytes -> putInt(bytes, 16, Integer.MAX_VALUE))));
        damaged.put("negative session count", withCrc(change(good, bytes -> putInt(bytes, 16, -1))));
        damaged.put("negative text length", withCrc(change(good, bytes -> putInt(bytes, 21 + firstIdLength, -7))));
        damaged.put("huge text length",
                withCrc(change(good, bytes -> putInt(bytes, 21 + firstIdLength, Integer.MAX_VALUE))));
        damaged.put("covering more than the log", withCrc(change(good, bytes -> putLong(bytes, 8, Long.MAX_VALUE))));
        damaged.put("trailing bytes", withCrc(Arrays.copyOf(Arrays.copyOf(good, good.length - 4), good.length + 4)));
        damaged.put("of another store", foreign);
        damaged.put("of a longer history", longer);

        Path referenceDir = copy(pristine, "reference");
        delete(referenceDir.resolve(LEDGER));
        View expected = view(referenceDir, written);
        int n = 0;
        for (Map.Entry<String, byte[]> damage : damaged.entrySet()) {
            Path dir = copy(pristine, "damaged-" + n++);
            write(dir.resolve(LEDGER), damage.getValue());
            View actual = view(dir, written);
            assertTrue(actual.decodedAtOpen() >= written.events(), damage.getKey() + ": the log was replayed");
            assertEquals(expected.withoutDecodeCounts(), actual.withoutDecodeCounts(), damage.getKey());
        }
    }

    @Test
    void a_retry_of_an_event_stored_before_the_checkpoint_is_a_duplicate_and_a_new_one_is_not() {
        Path dir = root.resolve("store");
        SessionId session = SessionId.of("retry");
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            store.append(session, ExpectedSequence.noSession(), List.of(started("retry"), message("m-1"))).join();
        }
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            assertEquals(0, store.decodedEvents(), "opened from the checkpoint");
            AppendResult retry = store.append(session, ExpectedSequence.exactly(99), List.of(message("m-1"))).join();
            assertEquals(new AppendResult(session, 2, 2, retry.position(), true), retry);
            assertEquals(3, store.append(session, ExpectedSequence.exactly(2), List.of(message("m-2"))).join()
                    .lastSequence());
        }
    }

    @Test
    void a_read_only_store_lists_sessions_from_the_ledger_checkpoint_as_a_full_replay_would() {
        Path withCheckpoint = root.resolve("with");
        Written written = fill(withCheckpoint, new Random(21), 10, 300);
        Path withoutCheckpoint = copy(withCheckpoint, "without");
        delete(withoutCheckpoint.resolve(LEDGER));
        try (ChronicleSessionStore restored = ChronicleSessionStore.openReadOnly(withCheckpoint);
             ChronicleSessionStore replayed = ChronicleSessionStore.openReadOnly(withoutCheckpoint)) {
            List<SessionSummary> expected = replayed.sessions(SessionQuery.all());
            assertEquals(expected, restored.sessions(SessionQuery.all()));
            assertTrue(expected.stream().anyMatch(summary -> summary.openCalls() > 0), "open calls are kept");
            assertTrue(restored.decodedEvents() < written.events() / 4, "the checkpoint was used");
            assertTrue(replayed.decodedEvents() >= written.events(), "the log was replayed");
        }
    }

    @Test
    void a_writer_replays_past_a_format_2_or_3_checkpoint_so_every_session_has_its_provider_and_a_reader_uses_format_3()
            throws IOException {
        int format = 2;
        for (Rewrite rewrite : List.<Rewrite>of(LedgerCheckpointFormat2::rewrite, LedgerCheckpointFormat3::rewrite)) {
            Path old = root.resolve("format-" + format);
            Written written = fill(old, new Random(31 + format), 10, 300);
            rewrite.apply(old);
            assertEquals(format, ByteBuffer.wrap(read(old.resolve(LEDGER))).getInt(4));
            Path none = copy(old, "none-" + format);
            delete(none.resolve(LEDGER));
            Path oldReadOnly = copy(old, "format-" + format + "-read-only");
            Path noneReadOnly = copy(none, "none-" + format + "-read-only");

            View restored = view(old, written);
            View replayed = view(none, written);
            assertTrue(restored.decodedAtOpen() >= written.events(), "format " + format + ": the log was replayed");
            assertEquals(replayed.withoutDecodeCounts(), restored.withoutDecodeCounts(), "format " + format);
            assertTrue(restored.sessions().stream().anyMatch(summary -> summary.provider() != null),
                    "format " + format + ": the providers came from the log " + restored.sessions());
            assertEquals(4, ByteBuffer.wrap(read(old.resolve(LEDGER))).getInt(4), "the close wrote format 4");
            try (ChronicleSessionStore fromOld = ChronicleSessionStore.openReadOnly(oldReadOnly);
                 ChronicleSessionStore fromLog = ChronicleSessionStore.openReadOnly(noneReadOnly)) {
                List<SessionSummary> expected = fromLog.sessions(SessionQuery.all());
                List<SessionSummary> actual = fromOld.sessions(SessionQuery.all());
                if (format == 3) {
                    // a reader cannot write format 4: replaying on every read-only open would cost each
                    // CLI command the whole log while an older gateway keeps writing format 3
                    assertTrue(fromOld.decodedEvents() < written.events() / 4,
                            "a reader used the format 3 checkpoint: " + fromOld.decodedEvents() + " decoded");
                    assertEquals(withoutProviders(expected), withoutProviders(actual));
                    assertTrue(actual.stream().allMatch(summary -> summary.provider() == null), actual::toString);
                } else {
                    assertEquals(expected, actual, "format 2 is replayed past by readers too");
                }
            }
            try (ChronicleSessionStore reopened = ChronicleSessionStore.open(old, options())) {
                assertTrue(reopened.decodedEvents() < written.events() / 4, "the format 4 checkpoint was used");
                assertEquals(restored.sessions().size(), reopened.sessions(SessionQuery.all()).size());
            }
            format++;
        }
    }

    private static List<SessionSummary> withoutProviders(List<SessionSummary> summaries) {
        return summaries.stream().map(s -> new SessionSummary(s.sessionId(), s.sessionKey(), s.agentId(), s.channel(),
                s.state(), s.lastSequence(), s.messageCount(), s.openCalls(), s.lastFailure(), s.model(),
                s.totalTokens(), s.createdAt(), s.updatedAt(), s.endReason())).toList();
    }

    /** Rewrites a store's ledger checkpoint in an older format. */
    @FunctionalInterface
    private interface Rewrite {
        void apply(Path dir) throws IOException;
    }

    // ---------------------------------------------------------------- random content

    /** What a fill appended: every keyed event per session (for retries), and the event count. */
    private record Written(Map<SessionId, List<SessionEvent>> keyed, int events) {
        Written after(Written earlier) {
            Map<SessionId, List<SessionEvent>> all = new LinkedHashMap<>(earlier.keyed);
            keyed.forEach((session, events) -> all.merge(session, events, (a, b) ->
                    Stream.concat(a.stream(), b.stream()).toList()));
            return new Written(all, earlier.events + events);
        }
    }

    /**
     * Appends {@code appends} random appends to {@code sessions} sessions (started when new): keyed
     * messages and deliveries, model calls started, completed, failed or left open, settings, and
     * sessions ended or deleted; then closes the store, which writes the checkpoints.
     */
    private Written fill(Path dir, Random random, int sessions, int appends) {
        Map<SessionId, List<SessionEvent>> keyed = new LinkedHashMap<>();
        int events = 0;
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            List<SessionId> live = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                SessionId id = SessionId.of("s-" + s);
                Optional<SessionSummary> summary = store.summary(id);
                if (summary.isPresent()) {
                    if (!summary.get().ended()) {
                        live.add(id);
                    }
                } else {
                    // a deleted session answers its own start as a duplicate: it cannot start again
                    if (!store.append(id, ExpectedSequence.noSession(), List.of(started("s" + s))).join().duplicate()) {
                        events++;
                        live.add(id);
                    }
                }
            }
            Map<SessionId, List<ModelCallStarted>> open = new LinkedHashMap<>();
            for (int i = 0; i < appends && !live.isEmpty(); i++) {
                SessionId session = live.get(random.nextInt(live.size()));
                List<ModelCallStarted> calls = open.computeIfAbsent(session, s -> new ArrayList<>());
                String unique = dir.getFileName() + "-" + random.nextInt(1 << 30) + "-" + i;
                SessionEvent event = switch (random.nextInt(20)) {
                    case 0, 1, 2 -> callStarted("c-" + unique, clock.instant().plusSeconds(3600));
                    case 3, 4 -> calls.isEmpty() ? message("m-" + unique)
                            : new ModelCallCompleted(calls.get(0).callId(), List.of(), Usage.of(random.nextInt(500), 7),
                                    "stop");
                    case 5 -> calls.isEmpty() ? message("m-" + unique)
                            : ModelCallFailed.of(calls.get(0).callId(), "anthropic", "claude-sonnet-4-6",
                                    FailureKind.values()[random.nextInt(FailureKind.values().length)]);
                    case 6 -> new DeliveryRecorded("d-" + unique, null, "reply " + unique);
                    case 7 -> SettingsChanged.model("openai", "model-" + random.nextInt(3));
                    case 8 -> random.nextInt(10) == 0 ? new SessionEnded(random.nextBoolean()
                            ? SessionEnded.Reason.RESET : SessionEnded.Reason.DELETED) : message("m-" + unique);
                    default -> message("m-" + unique);
                };
                AppendResult result = store.append(session, ExpectedSequence.any(), List.of(event)).join();
                events += (int) (result.lastSequence() - result.firstSequence() + 1);
                if (event.idempotencyKey().isPresent()) {
                    keyed.computeIfAbsent(session, s -> new ArrayList<>()).add(event);
                }
                if (event instanceof ModelCallStarted startedCall) {
                    calls.add(startedCall);
                } else if (event instanceof ModelCallCompleted || event instanceof ModelCallFailed) {
                    calls.remove(0);
                } else if (event instanceof SessionEnded) {
                    live.remove(session);
                }
            }
        }
        return new Written(keyed, events);
    }

    // ---------------------------------------------------------------- what a store answers

    /**
     * Everything a reopened store answers: its session index, each session's events (payload and
     * sequence; event ids of recovered calls are random), the answers to retries of every keyed
     * event, and to appends with a right and a wrong expected sequence.
     */
    private record View(long decodedAtOpen, List<SessionSummary> sessions,
                        Map<SessionId, Optional<SessionSummary>> summaries, Map<SessionId, List<SessionEvent>> events,
                        Map<SessionId, List<String>> answers) {
        View withoutDecodeCounts() {
            return new View(0, sessions, summaries, events, answers);
        }
    }

    private View view(Path dir, Written written) {
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options())) {
            long decoded = store.decodedEvents();
            List<SessionSummary> sessions = store.sessions(SessionQuery.all());
            Map<SessionId, Optional<SessionSummary>> summaries = new LinkedHashMap<>();
            Map<SessionId, List<SessionEvent>> events = new LinkedHashMap<>();
            Map<SessionId, List<String>> answers = new LinkedHashMap<>();
            for (SessionId session : written.keyed().keySet()) {
                summaries.put(session, store.summary(session));
                events.put(session, store.read(session, 1, Integer.MAX_VALUE).stream()
                        .map(RecordedEvent::event).toList());
                List<String> sessionAnswers = new ArrayList<>();
                for (SessionEvent retry : written.keyed().get(session)) {
                    sessionAnswers.add(answer(() -> store.append(session, ExpectedSequence.any(), List.of(retry))
                            .join()));
                }
                long last = store.summary(session).map(SessionSummary::lastSequence).orElse(0L);
                if (last > 1) {
                    sessionAnswers.add(answer(() -> store.append(session, ExpectedSequence.exactly(last - 1),
                            List.of(message("late-" + session))).join()));
                    sessionAnswers.add(answer(() -> store.append(session, ExpectedSequence.exactly(last),
                            List.of(message("next-" + session))).join()));
                }
                answers.put(session, sessionAnswers);
            }
            return new View(decoded, sessions, summaries, events, answers);
        }
    }

    /** An append's result without its position (recovery appends may differ in position), or its failure's type. */
    private static String answer(Supplier<AppendResult> append) {
        try {
            AppendResult result = append.get();
            return result.firstSequence() + ".." + result.lastSequence() + (result.duplicate() ? " duplicate" : "");
        } catch (CompletionException e) {
            return e.getCause().getClass().getSimpleName()
                    + (e.getCause() instanceof WrongExpectedSequenceException w ? " " + w.getMessage() : "");
        }
    }

    // ---------------------------------------------------------------- files

    private ChronicleStoreOptions options() {
        return ChronicleStoreOptions.builder().watchdogInterval(Duration.ZERO).partitions(1)
                .diskReserveBytes(ChronicleStoreOptions.MIN_DISK_RESERVE_BYTES)
                .clock(clock).build();
    }

    private Path copy(Path from, String name) {
        return StoreFixtures.copyTree(from, root.resolve(name));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] change(byte[] original, UnaryOperator<byte[]> change) {
        return change.apply(original.clone());
    }

    private static byte[] putInt(byte[] bytes, int offset, int value) {
        ByteBuffer.wrap(bytes).putInt(offset, value);
        return bytes;
    }

    private static byte[] putLong(byte[] bytes, int offset, long value) {
        ByteBuffer.wrap(bytes).putLong(offset, value);
        return bytes;
    }

    /** The bytes with their last four replaced by a valid CRC32C: damage that only the parser can catch. */
    private static byte[] withCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        return putInt(bytes, bytes.length - 4, (int) crc.getValue());
    }
}
