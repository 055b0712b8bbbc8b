package dev.sessionlog.store;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.DecodeFailure;
import dev.sessionlog.spi.CheckingReplay;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.LogScanner;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.RecordFormat;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Verification of a Chronicle store, in one pass over the whole log: every record is checked (its
 * checksum, its header, sequences it repeats, every event decodes), every readable event is fed
 * through the append rules ({@link CheckingReplay}: gaps, lifecycles, ended sessions), and at the
 * end the session index is compared with what the log holds. Changes nothing.
 *
 * <p>Threads: the caller's, any thread, also while the writer appends: the pass reads the log up to
 * wherever it ends then, and the index comparison allows for the events appended meanwhile. One
 * verifier serves one pass.
 */
final class StoreVerifier {
    private final QueueHandle queue;
    private final LogReader reader;
    /** The records this pass accepted, to read checked events back for the rules. */
    private final PositionIndex scanned = new PositionIndex();
    private final CheckingReplay rules;
    private final List<StoreProblem> problems = new ArrayList<>();

    StoreVerifier(QueueHandle queue, LogReader reader) {
        this.queue = queue;
        this.reader = reader;
        this.rules = new CheckingReplay((session, sequence) -> scanned.session(session)
                .map(positions -> positions.position(sequence))
                .filter(position -> position >= 0)
                .flatMap(position -> reader.read(session, sequence, new long[] {position}).stream().findFirst()));
    }

    /** Checks every record of the log and every event in it, in log order. */
    void checkLog() {
        LogScanner.scan(queue, -1, this::checkRecord);
    }

    private void checkRecord(long recordIndex, Either<String, RecordFormat.Frame> record) {
        long position = Positions.of(recordIndex, 0);
        if (record.isLeft()) {
            problems.add(new StoreProblem(position, record.getLeft()));
            return;
        }
        RecordFormat.Frame frame = record.get();
        SessionId session = frame.session();
        if (!scanned.addRecord(frame, recordIndex)) {
            problems.add(new StoreProblem(StoreProblem.Kind.RECORD, position, session, frame.firstSequence(),
                    "record of session " + session + " starts at sequence " + frame.firstSequence()
                            + ", which repeats sequences already stored"));
            return;
        }
        for (int slot = 0; slot < frame.count(); slot++) {
            long eventPosition = Positions.of(recordIndex, slot);
            long sequence = frame.firstSequence() + slot;
            Either<DecodeFailure, RecordedEvent> decoded = reader.decode(eventPosition, frame, slot);
            List<String> found;
            if (decoded.isLeft()) {
                problems.add(new StoreProblem(StoreProblem.Kind.RECORD, eventPosition, session, sequence,
                        decoded.getLeft().describe()));
                found = rules.skipUnreadable(session, sequence);
            } else {
                found = rules.check(decoded.get());
            }
            for (String problem : found) {
                problems.add(new StoreProblem(StoreProblem.Kind.EVENT, eventPosition, session, sequence, problem));
            }
        }
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
