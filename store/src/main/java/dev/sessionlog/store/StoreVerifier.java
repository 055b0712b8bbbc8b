package dev.sessionlog.store;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.spi.CheckingReplay;
import dev.sessionlog.store.index.LostEvents;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.DayFileReader;
import dev.sessionlog.store.log.LogDamage;
import dev.sessionlog.store.log.LogFiles;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.RawLog;
import dev.sessionlog.store.log.RecordFormat;
import dev.sessionlog.store.log.StorePositions;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Verification of one partition of a Chronicle store (the whole store, when it has one), in one pass over its whole log read directly from its files
 * ({@link RawLog}, never through Chronicle, so no damage can fault it): every record is checked
 * (its checksum, its header, sequences it repeats, every event decodes), damage between records is
 * reported where it is (file and byte), every readable event is fed through the append rules
 * ({@link CheckingReplay}: gaps, lifecycles, ended sessions), then the events the checkpoints
 * recorded beyond where the log now ends are reported lost, and the session index is compared with
 * what the log holds. Changes nothing.
 *
 * <p>Threads: the caller's, any thread, also while the writer appends: the pass reads the log up to
 * wherever it ends then, and the index comparison allows for the events appended meanwhile. One
 * verifier serves one pass.
 */
final class StoreVerifier {
    private final LogReader reader;
    /** Turns the log positions of the partition checked into the store's, for the problems reported. */
    private final StorePositions positions;
    /** The records this pass accepted, by ordinal: their positions name the ordinal, see {@link #located}. */
    private final PositionIndex scanned = new PositionIndex();
    /** Where each accepted record is: its day file and the offset of its Chronicle header, by ordinal. */
    private final List<LogFiles.DayFile> files = new ArrayList<>();
    private long[] located = new long[1024];
    private int records;
    private final CheckingReplay rules;
    private final List<StoreProblem> problems = new ArrayList<>();

    /** A verifier of the log {@code reader} reads, one partition's, whose positions are {@code positions}. */
    StoreVerifier(LogReader reader, StorePositions positions) {
        this.reader = reader;
        this.positions = positions;
        this.rules = new CheckingReplay((session, sequence) -> scanned.session(session)
                .map(recorded -> recorded.position(sequence))
                .filter(position -> position >= 0)
                .flatMap(position -> readBack(session, sequence, position)));
    }

    /** Checks every record of the log in {@code logDir} and every event in it, in log order. */
    void checkLog(Path logDir) {
        RawLog.scan(logDir, new RawLog.Visitor() {
            @Override
            public void record(LogFiles.DayFile file, long offset, long index,
                               Either<String, RecordFormat.Frame> record) {
                checkRecord(file, offset, index, record);
            }

            @Override
            public void damage(LogDamage damage) {
                problems.add(new StoreProblem(StoreProblem.Kind.RECORD, -1, null, 0, damage.description(),
                        damage.path().toString(), damage.offset()));
            }
        });
    }

    private void checkRecord(LogFiles.DayFile file, long offset, long index, Either<String, RecordFormat.Frame> record) {
        long position = index < 0 ? -1 : positions.toStore(Positions.of(index, 0));
        String where = file.path().toString();
        if (record.isLeft()) {
            problems.add(new StoreProblem(StoreProblem.Kind.RECORD, position, null, 0, record.getLeft(), where, offset));
            return;
        }
        RecordFormat.Frame frame = record.get();
        SessionId session = frame.session();
        if (!scanned.addRecord(frame, records)) {
            problems.add(new StoreProblem(StoreProblem.Kind.RECORD, position, session, frame.firstSequence(),
                    "record of session " + session + " starts at sequence " + frame.firstSequence()
                            + ", which repeats sequences already stored", where, offset));
            return;
        }
        locate(file, offset);
        for (int slot = 0; slot < frame.count(); slot++) {
            long eventPosition = index < 0 ? -1 : positions.toStore(Positions.of(index, slot));
            long sequence = frame.firstSequence() + slot;
            Either<DecodeFailure, RecordedEvent> decoded = reader.decode(eventPosition, frame, slot);
            List<String> found;
            if (decoded.isLeft()) {
                problems.add(new StoreProblem(StoreProblem.Kind.RECORD, eventPosition, session, sequence,
                        decoded.getLeft().describe(), where, offset));
                found = rules.skipUnreadable(session, sequence);
            } else {
                found = rules.check(decoded.get());
            }
            for (String problem : found) {
                problems.add(new StoreProblem(StoreProblem.Kind.EVENT, eventPosition, session, sequence, problem));
            }
        }
    }

    /** Notes where the record just accepted (ordinal {@link #records}) is. */
    private void locate(LogFiles.DayFile file, long offset) {
        if (files.isEmpty() || !files.get(files.size() - 1).equals(file)) {
            files.add(file);
        }
        if (records * 2 + 2 > located.length) {
            located = java.util.Arrays.copyOf(located, located.length * 2);
        }
        located[records * 2] = files.size() - 1;
        located[records * 2 + 1] = offset;
        records++;
    }

    /** An event this pass checked, read again from its file: the rules confirm idempotency-key hits with it. */
    private Optional<RecordedEvent> readBack(SessionId session, long sequence, long position) {
        int ordinal = (int) Positions.index(position);
        LogFiles.DayFile file = files.get((int) located[ordinal * 2]);
        RecordFormat.Frame frame;
        try (DayFileReader day = DayFileReader.open(file)) {
            frame = day.recordAt(located[ordinal * 2 + 1]).getOrNull();
        }
        int slot = frame == null ? -1 : (int) (sequence - frame.firstSequence());
        if (slot < 0 || slot >= frame.count() || !frame.session().equals(session)) {
            return Optional.empty();
        }
        return reader.decode(-1, frame, slot).toJavaOptional();
    }

    /**
     * Reports the events of {@code lost} (the checkpoints recorded them; the log no longer holds
     * them) beyond the last sequence this pass found of their session; sequences missing below it
     * are the rules' gaps.
     */
    void reportLost(List<LostEvents> lost) {
        for (LostEvents events : lost) {
            long found = scanned.session(events.session()).map(SessionPositions::size).orElse(0);
            long from = Math.max(events.fromSequence(), found + 1);
            if (from <= events.toSequence()) {
                problems.add(new StoreProblem(StoreProblem.Kind.LOST, -1, events.session(), from,
                        (from == events.toSequence() ? "sequence " + from : "sequences " + from + " to "
                                + events.toSequence()) + " of session " + events.session()
                                + " are lost: the store's checkpoints recorded them, the log no longer holds them"));
            }
        }
    }

    /** Reports damage found when the store opened, in the files it was found in. */
    void reportDamage(StoreDamage damage) {
        for (StoreDamage.Place place : damage.places()) {
            problems.add(new StoreProblem(StoreProblem.Kind.RECORD, -1, null, 0, place.description(), place.file(),
                    place.offset()));
        }
        reportLost(damage.lost().stream()
                .map(lost -> new LostEvents(lost.session(), lost.fromSequence(), lost.toSequence())).toList());
    }

    /** The records this pass accepted, for the checkpoints' knowledge to be compared with. */
    PositionIndex scanned() {
        return scanned;
    }

    /**
     * Compares the session index with the log as checked: {@code before} and {@code after} are
     * every indexed session's last sequence, read before and after {@link #checkLog}. A deleted
     * session is in no index; a session compaction removed from the log ({@code stillIndexed} is
     * false for it) leaves the session index at the next open.
     */
    void compareWithIndex(Map<SessionId, Long> before, Map<SessionId, Long> after,
                          Predicate<SessionId> stillIndexed) {
        Map<String, SessionId> sessions = new TreeMap<>();
        before.keySet().forEach(session -> sessions.put(session.value(), session));
        scanned.sessions().forEach((session, positions) -> {
            if (!positions.deleted()) {
                sessions.put(session.value(), session);
            }
        });
        for (SessionId session : sessions.values()) {
            boolean inLog = scanned.session(session).map(SessionPositions::size).orElse(0) > 0;
            if (!inLog && !stillIndexed.test(session)) {
                continue;
            }
            rules.compareWithIndex(session, before.getOrDefault(session, 0L), after.getOrDefault(session, 0L))
                    .ifPresent(problem -> problems.add(new StoreProblem(StoreProblem.Kind.INDEX, -1, session, 0,
                            problem)));
        }
    }

    /** What this pass checked and found. */
    StoreVerification report() {
        return new StoreVerification(rules.sessions(), rules.events(), problems);
    }
}
