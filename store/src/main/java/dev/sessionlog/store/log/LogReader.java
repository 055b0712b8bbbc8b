package dev.sessionlog.store.log;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.codec.EventCodec;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads records from any thread, virtual threads included, with a tailer borrowed from the
 * {@link QueueHandle}'s pool for the duration of one read. Counts the events it decodes, so tests can
 * prove a read touched only the records it needed.
 */
public final class LogReader {
    /** The most records a read steps over instead of seeking: FAST_DAILY's index spacing. */
    private static final int MAX_STEPS = 256;
    private final QueueHandle queue;
    private final EventCodec codec;
    private final AtomicLong decodedEvents = new AtomicLong();

    /** Reads {@code queue} with {@code codec}. */
    public LogReader(QueueHandle queue, EventCodec codec) {
        this.queue = queue;
        this.codec = codec;
    }

    /**
     * The events at {@code positions} (all of {@code session}, ascending). A record that is missing,
     * damaged or does not hold the expected event is skipped: reads never fail on one bad record.
     * Where Chronicle itself fails on a record (a damaged day file), that record is skipped and the
     * read goes on with a fresh tailer, which reaches later records through Chronicle's own index.
     */
    public List<RecordedEvent> read(SessionId session, long firstSequence, long[] positions) {
        if (positions.length == 0) {
            return List.of();
        }
        List<RecordedEvent> events = new ArrayList<>(positions.length);
        int[] reading = {0};
        while (reading[0] < positions.length) {
            int from = reading[0];
            try {
                reading[0] = queue.withTailer(tailer -> readFrom(tailer, session, firstSequence, positions, from,
                        events, reading));
            } catch (InternalError fault) {
                // a fault in a mapped file surfaces where the JVM next checks, not always where it
                // happened: drop the record being read then, and go on after it
                reading[0] = afterRecord(positions, reading[0]);
            }
        }
        return events;
    }

    /** The first position after the record of {@code positions[i]}. */
    private static int afterRecord(long[] positions, int i) {
        long index = Positions.index(positions[i]);
        int after = i + 1;
        while (after < positions.length && Positions.index(positions[after]) == index) {
            after++;
        }
        return after;
    }

    /**
     * Adds the events at {@code positions} from {@code from} on to {@code events}; returns where it
     * stopped: the end, or (through a {@link ChronicleReadFailure}, which drops the tailer) the
     * first position after a record Chronicle failed on.
     */
    private int readFrom(ExcerptTailer tailer, SessionId session, long firstSequence, long[] positions, int from,
                         List<RecordedEvent> events, int[] reading) {
        long frameIndex = -1;
        RecordFormat.Frame frame = null;
        for (int i = from; i < positions.length; i++) {
            long position = positions[i];
            if (position == Positions.ABSENT) {
                continue;
            }
            long index = Positions.index(position);
            int slot = Positions.slot(position);
            if (index != frameIndex) {
                frameIndex = index;
                reading[0] = i;
                try {
                    frame = frame(readRecord(tailer, index, false), session);
                    if (!holds(frame, session, slot, firstSequence + i)) {
                        // stepping counts records as Chronicle does, which damage before them can put
                        // out of step: seek through Chronicle's own index instead
                        frame = frame(readRecord(tailer, index, true), session);
                    }
                } catch (RuntimeException | InternalError damaged) {
                    throw new ChronicleReadFailure(afterRecord(positions, i), damaged);
                }
            }
            if (!holds(frame, session, slot, firstSequence + i)) {
                continue;
            }
            decode(position, frame, slot).peek(events::add);
        }
        return positions.length;
    }

    private static RecordFormat.Frame frame(Either<String, byte[]> record, SessionId session) {
        return record.flatMap(bytes -> RecordFormat.parse(bytes, session)).getOrNull();
    }

    /** Whether {@code frame} holds {@code session}'s event {@code sequence} in {@code slot}. */
    private static boolean holds(RecordFormat.Frame frame, SessionId session, int slot, long sequence) {
        return frame != null && !frame.erased() && frame.session().equals(session) && slot < frame.count()
                && frame.firstSequence() + slot == sequence;
    }

    /** Decodes one event's payload, counting it. */
    public Either<DecodeFailure, RecordedEvent> decode(long position, byte[] payload) {
        decodedEvents.incrementAndGet();
        return codec.decode(position, payload);
    }

    /** Decodes event {@code slot} of {@code frame} where it lies, without copying it out; counts it. */
    public Either<DecodeFailure, RecordedEvent> decode(long position, RecordFormat.Frame frame, int slot) {
        decodedEvents.incrementAndGet();
        return codec.decode(position, frame.bytes, frame.offset(slot), frame.length(slot));
    }

    /** How many events this reader has decoded since the store opened. */
    public long decodedEvents() {
        return decodedEvents.get();
    }

    /**
     * The bytes of the record at {@code index}. A record a little ahead of the tailer is reached by
     * stepping over the records between: a seek ({@code moveToIndex}) scans forward from the nearest
     * index entry anyway, and FAST_DAILY keeps one entry per 256 records, so stepping over fewer is
     * never more work. A session's records are usually close together. With {@code seek}, always
     * seeks.
     */
    private static Either<String, byte[]> readRecord(ExcerptTailer tailer, long index, boolean seek) {
        long next = tailer.index();
        if (!seek && index >= next && index - next < MAX_STEPS) {
            Either<String, byte[]> stepped = stepTo(tailer, index);
            if (stepped.isRight()) {
                return stepped;
            }
        }
        if (!tailer.moveToIndex(index)) {
            return Either.left("no record at index " + index);
        }
        return stepTo(tailer, index);
    }

    /** Reads forward to the record at {@code index}, stepping over at most {@link #MAX_STEPS} records. */
    private static Either<String, byte[]> stepTo(ExcerptTailer tailer, long index) {
        for (int step = 0; step < MAX_STEPS; step++) {
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent() || !document.isData() || document.index() > index) {
                    return Either.left("no data record at index " + index);
                }
                if (document.index() == index) {
                    return Either.right(copy(document));
                }
            }
        }
        return Either.left("no data record at index " + index + " within " + MAX_STEPS + " records");
    }

    /** The bytes of the document being read (a subscription's tailer reads documents itself). */
    public static byte[] copy(DocumentContext document) {
        Bytes<?> bytes = document.wire().bytes();
        byte[] copy = new byte[(int) bytes.readRemaining()];
        bytes.read(copy);
        return copy;
    }
}
