package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
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
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.LedgerState;
import dev.sessionlog.spi.OpenCall;
import io.vavr.control.Either;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The four record formats of the Kafka store: what a writer writes reads back the same, and
 * foreign, corrupt, truncated or newer records come back as a reason to skip them, never as an
 * exception, whatever their bytes.
 */
class WireFormatsTest {
    private static final EventCodec CODEC = EventCodec.standard();
    private static final SessionId SESSION = SessionId.of("s-1");
    private static final int PARTITION = 3;

    @Test
    void an_events_record_reads_back_its_events_with_their_positions_and_partition() {
        long first = Positions.first(PARTITION) + 41;
        List<RecordedEvent> events = List.of(event(7, "m7"), event(8, "m8"));
        byte[] value = EventRecords.write(first, encode(events));
        List<RecordedEvent> read = EventRecords.read(CODEC, PARTITION, EventRecords.key(SESSION), value).get();
        assertEquals(List.of(first, first + 1), read.stream().map(RecordedEvent::position).toList());
        assertEquals(List.of(PARTITION, PARTITION), read.stream().map(RecordedEvent::partition).toList());
        assertEquals(events.get(1).event(), read.get(1).event());
        assertEquals(events.get(0).eventId(), read.get(0).eventId());
        assertEquals(PARTITION, Positions.partitionOf(read.get(0).position()));
    }

    @Test
    void foreign_and_damaged_events_records_are_reasons_to_skip() {
        long first = Positions.first(PARTITION);
        byte[] key = EventRecords.key(SESSION);
        byte[] good = EventRecords.write(first, encode(List.of(event(1, "m1"), event(2, "m2"))));
        assertSkipped("without a value", EventRecords.read(CODEC, PARTITION, key, null));
        assertSkipped("not a sessionlog record", EventRecords.read(CODEC, PARTITION, key,
                "{\"hello\":\"kafka\"}".getBytes(StandardCharsets.UTF_8)));
        assertSkipped("without a key", EventRecords.read(CODEC, PARTITION, null, good));
        assertSkipped("not one of partition", EventRecords.read(CODEC, PARTITION + 1, key, good));
        assertSkipped("belongs to session", EventRecords.read(CODEC, PARTITION, EventRecords.key(SessionId.of("other")),
                good));
        assertSkipped("ends after", EventRecords.read(CODEC, PARTITION, key, Arrays.copyOf(good, 20)));
        assertSkipped("claims", EventRecords.read(CODEC, PARTITION, key, Arrays.copyOf(good, good.length - 5)));
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        assertSkipped("bytes follow", EventRecords.read(CODEC, PARTITION, key, longer));
        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).putInt(17, SessionStore.MAX_EVENT_BYTES + 1); // the first event's length
        assertSkipped("more than any event may take", EventRecords.read(CODEC, PARTITION, key, huge));
        byte[] newer = good.clone();
        newer[4] = 2;
        assertSkipped("format version 2", EventRecords.read(CODEC, PARTITION, key, newer));
        byte[] gap = EventRecords.write(first, encode(List.of(event(1, "m1"), event(3, "m3"))));
        assertSkipped("not consecutive", EventRecords.read(CODEC, PARTITION, key, gap));
        String future = new String(CODEC.encode(event(1, "m1")), StandardCharsets.UTF_8)
                .replace("user_message_received", "sent_from_the_future");
        byte[] unknownType = EventRecords.write(first, List.of(future.getBytes(StandardCharsets.UTF_8)));
        assertSkipped("unknown event type", EventRecords.read(CODEC, PARTITION, key, unknownType));
    }

    @Test
    void a_snapshot_record_reads_back_its_ledger_and_what_it_covers() {
        LedgerState state = ledgerState();
        long next = Positions.first(PARTITION) + 17;
        byte[] value = SnapshotRecords.write("store-a", PARTITION, next, 42, state);
        SnapshotRecords.LedgerSnapshot read = SnapshotRecords.read("store-a", PARTITION, SnapshotRecords.key(PARTITION),
                value).get();
        assertEquals(PARTITION, read.partition());
        assertEquals(next, read.nextPosition());
        assertEquals(42, read.coveredOffset());
        assertEquals(state.sessions().values(), read.sessions());
        assertArrayEquals(state.keyFingerprints(), read.keyFingerprints());
        assertArrayEquals(state.keySequences(), read.keySequences());
        assertEquals(state.collidedKeys(), read.collidedKeys());
        assertEquals(List.of(new SnapshotRecords.CallStart(SESSION, 3)), read.openCalls());
    }

    @Test
    void foreign_and_damaged_snapshot_records_are_reasons_to_skip() {
        long next = Positions.first(PARTITION) + 17;
        byte[] key = SnapshotRecords.key(PARTITION);
        byte[] good = SnapshotRecords.write("store-a", PARTITION, next, 42, ledgerState());
        assertSkipped("without a value", SnapshotRecords.read("store-a", PARTITION, key, null));
        assertSkipped("not a sessionlog snapshot", SnapshotRecords.read("store-a", PARTITION, key,
                "{\"hello\":\"kafka\"}".getBytes(StandardCharsets.UTF_8)));
        assertSkipped("another store (store-a)", SnapshotRecords.read("store-b", PARTITION, key, good));
        assertSkipped("key is not partition", SnapshotRecords.read("store-a", PARTITION, null, good));
        assertSkipped("key is not partition", SnapshotRecords.read("store-a", PARTITION + 1, key, good));
        assertSkipped("not one of partition", SnapshotRecords.read("store-a", PARTITION + 1,
                SnapshotRecords.key(PARTITION + 1), good));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        assertSkipped("checksum", SnapshotRecords.read("store-a", PARTITION, key, flipped));
        assertSkipped("checksum", SnapshotRecords.read("store-a", PARTITION, key,
                Arrays.copyOf(good, good.length - 3)));
        byte[] newer = good.clone();
        newer[4] = 3;
        assertSkipped("snapshot format version 3", SnapshotRecords.read("store-a", PARTITION, key, newer));
        byte[] withoutProviders = good.clone();
        withoutProviders[4] = 1;
        assertSkipped("snapshot format version 1", SnapshotRecords.read("store-a", PARTITION, key, withoutProviders));
        assertSkipped("ends too early", SnapshotRecords.read("store-a", PARTITION, key,
                withChecksum(Arrays.copyOfRange(good, 9, good.length - 3))));
        assertSkipped("bytes follow", SnapshotRecords.read("store-a", PARTITION, key,
                withChecksum(Arrays.copyOf(Arrays.copyOfRange(good, 9, good.length), good.length - 9 + 2))));
    }

    @Test
    void random_and_mutated_bytes_never_throw() {
        Random random = new Random(13);
        byte[] key = EventRecords.key(SESSION);
        byte[] good = EventRecords.write(Positions.first(PARTITION), encode(List.of(event(1, "m1"), event(2, "m2"))));
        byte[] request = new AppendRequest(UUID.randomUUID(), "node-1", SESSION, ExpectedSequence.any(),
                List.of(NewEvent.of(UserMessageReceived.text("m1", "hi")))).write(CODEC);
        byte[] reply = new AppendReply(UUID.randomUUID(), Either.right(new AppendResult(SESSION, 1, 1, 5, false)), 5)
                .write(SESSION);
        byte[] snapshot = SnapshotRecords.write("store-a", PARTITION, Positions.first(PARTITION), 7, ledgerState());
        byte[] snapshotBody = Arrays.copyOfRange(snapshot, 9, snapshot.length);
        byte[] snapshotKey = SnapshotRecords.key(PARTITION);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            SnapshotRecords.read("store-a", PARTITION, snapshotKey, bytes);
            SnapshotRecords.read("store-a", PARTITION, snapshotKey, withChecksum(bytes));
            byte[] mutatedBody = snapshotBody.clone();
            for (int m = 0; m < 1 + random.nextInt(4); m++) {
                mutatedBody[random.nextInt(mutatedBody.length)] = (byte) random.nextInt();
            }
            SnapshotRecords.read("store-a", PARTITION, snapshotKey, withChecksum(mutatedBody));
            SnapshotRecords.read("store-a", PARTITION, snapshotKey,
                    withChecksum(Arrays.copyOf(snapshotBody, random.nextInt(snapshotBody.length))));
            EventRecords.read(CODEC, PARTITION, key, bytes);
            AppendRequest.read(CODEC, bytes);
            AppendReply.read(bytes);
            for (byte[] original : List.of(good, request, reply)) {
                byte[] mutated = original.clone();
                for (int m = 0; m < 1 + random.nextInt(4); m++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt();
                }
                EventRecords.read(CODEC, PARTITION, key, mutated);
                AppendRequest.read(CODEC, mutated);
                AppendReply.read(mutated);
                byte[] cut = Arrays.copyOf(original, random.nextInt(original.length));
                EventRecords.read(CODEC, PARTITION, key, cut);
                AppendRequest.read(CODEC, cut);
                AppendReply.read(cut);
            }
        }
    }

    @Test
    void a_request_reads_back_its_session_expectation_events_and_metadata() {
        UUID id = UUID.randomUUID();
        EventMetadata metadata = new EventMetadata("turn-1", "cause-1", Map.of("k", "v"));
        AppendRequest request = new AppendRequest(id, "node-7", SESSION, ExpectedSequence.exactly(12),
                List.of(new NewEvent(UserMessageReceived.text("m1", "hi"), metadata),
                        NewEvent.of(UserMessageReceived.text("m2", "again"))));
        AppendRequest read = AppendRequest.read(CODEC, request.write(CODEC)).get();
        assertEquals(request, read);
        assertEquals(ExpectedSequence.any(), AppendRequest.read(CODEC, new AppendRequest(id, "n", SESSION,
                ExpectedSequence.any(), List.of()).write(CODEC)).get().expected());
        assertTrue(AppendRequest.read(CODEC, "garbage".getBytes(StandardCharsets.UTF_8)).isLeft());
    }

    @Test
    void a_reply_carries_the_result_or_the_typed_refusal_with_its_fields() {
        UUID id = UUID.randomUUID();
        AppendResult mixed = new AppendResult(SESSION, 4, 5, 99, false, List.of(AppendResult.Outcome.stored(4),
                AppendResult.Outcome.duplicateOf(2), AppendResult.Outcome.stored(5)));
        AppendReply result = AppendReply.read(new AppendReply(id, Either.right(mixed), 120).write(SESSION)).get();
        assertEquals(id, result.requestId());
        assertEquals(mixed, result.outcome().get());
        assertEquals(120, result.seenPosition());

        WrongExpectedSequenceException wrong = assertInstanceOf(WrongExpectedSequenceException.class,
                refusal(new WrongExpectedSequenceException(SESSION, ExpectedSequence.exactly(3), 7)));
        assertEquals(ExpectedSequence.exactly(3), wrong.expected());
        assertEquals(7, wrong.actual());
        assertEquals(SESSION, wrong.session());
        assertEquals(ExpectedSequence.noSession(), ((WrongExpectedSequenceException) refusal(
                new WrongExpectedSequenceException(SESSION, ExpectedSequence.noSession(), 1))).expected());
        assertEquals(SessionEnded.Reason.DELETED, ((SessionEndedException) refusal(
                new SessionEndedException(SESSION, SessionEnded.Reason.DELETED))).reason());
        assertEquals(CallId.of("c-1"), ((CallAlreadyEndedException) refusal(
                new CallAlreadyEndedException(SESSION, CallId.of("c-1")))).callId());
        InvalidEventException original = new InvalidEventException(SESSION, "the first event must be SessionStarted");
        assertEquals(original.getMessage(), refusal(original).getMessage());
        assertEquals("bad value", assertInstanceOf(IllegalArgumentException.class,
                refusal(new IllegalArgumentException("bad value"))).getMessage());
    }

    private static RuntimeException refusal(RuntimeException e) {
        return AppendReply.read(new AppendReply(UUID.randomUUID(), Either.left(e), 0).write(SESSION)).get()
                .outcome().getLeft();
    }

    private static void assertSkipped(String reason, Either<String, ?> read) {
        assertTrue(read.isLeft(), "must be skipped: " + reason);
        assertTrue(read.getLeft().contains(reason), read.getLeft());
    }

    /** A snapshot value around {@code body}, with a checksum that matches it: what a parser must survive. */
    private static byte[] withChecksum(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(9 + body.length).putInt(SnapshotRecords.MAGIC).put(SnapshotRecords.VERSION)
                .putInt((int) crc.getValue()).put(body).array();
    }

    /** A ledger state with every kind of entry, and every optional field of a summary both set and absent. */
    private static LedgerState ledgerState() {
        Instant at = Instant.parse("2026-01-01T00:00:00.123456789Z");
        SessionSummary full = new SessionSummary(SESSION, SessionKey.of("agent:main:telegram:direct:1"), "main",
                "telegram", SessionSummary.State.AWAITING_MODEL, 3, 1, 1, FailureKind.RATE_LIMITED, "claude", "anthropic",
                120, at, at.plusSeconds(5), null);
        SessionSummary sparse = new SessionSummary(SessionId.of("s-2"), null, null, null, SessionSummary.State.ENDED,
                2, 0, 0, null, null, 0, at, at, SessionEnded.Reason.DELETED);
        ModelCallStarted started = new ModelCallStarted(CallId.of("c-1"), "anthropic", "claude", 1, at.plusSeconds(60));
        return new LedgerState(List.of(new LedgerState.Session(full, Positions.first(PARTITION) + 9),
                new LedgerState.Session(sparse, Positions.first(PARTITION) + 11)), new int[] {17, -4}, new int[] {2, 1},
                Map.of("s-1\nm-1", 2L), List.of(new OpenCall(SESSION, started, 3)));
    }

    private static RecordedEvent event(long sequence, String messageId) {
        return new RecordedEvent(-1, SESSION, sequence, EventId.random(), Instant.parse("2026-01-01T00:00:00Z"),
                UserMessageReceived.text(messageId, "text of " + messageId), EventMetadata.EMPTY);
    }

    private static List<byte[]> encode(List<RecordedEvent> events) {
        List<byte[]> encoded = new ArrayList<>();
        events.forEach(e -> encoded.add(CODEC.encode(e)));
        return encoded;
    }
}
