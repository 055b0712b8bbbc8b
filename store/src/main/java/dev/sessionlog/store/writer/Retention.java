package dev.sessionlog.store.writer;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.store.index.PositionIndex;
import dev.sessionlog.store.index.SessionPositions;
import dev.sessionlog.store.log.Positions;
import dev.sessionlog.store.log.QueueHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.RollCycle;

/**
 * Compaction: removes old day files holding only sessions that ended, whole: the oldest files
 * before the first one that holds an event of a live session, or of an ended session that
 * continues into a kept file; never the newest file.
 *
 * <p>Threads: the writer only, with its appender closed ({@link SingleWriter#compact} runs it as a
 * task between appends): it reads the ledger and changes the position index.
 */
final class Retention {
    private Retention() {}

    /** Removes what may be removed; returns the number of files removed. */
    static int compact(QueueHandle queue, PositionIndex index, SessionLedger ledger) {
        int[] cycles = queue.withQueue(q -> new int[] {q.firstCycle(), q.lastCycle(), q.cycle()});
        RollCycle rollCycle = queue.withQueue(q -> q.rollCycle());
        int cutoff = Math.min(cycles[1], cycles[2]);
        List<SessionSpan> ended = new ArrayList<>();
        for (Map.Entry<SessionId, SessionPositions> entry : index.sessions().entrySet()) {
            SessionPositions positions = entry.getValue();
            if (positions.size() == 0) {
                continue;
            }
            SessionSpan span = new SessionSpan(entry.getKey(),
                    rollCycle.toCycle(Positions.index(positions.position(1))),
                    rollCycle.toCycle(Positions.index(positions.position(positions.size()))));
            boolean hasEnded = positions.deleted()
                    || ledger.summary(entry.getKey()).map(SessionSummary::ended).orElse(false);
            if (hasEnded) {
                ended.add(span);
            } else {
                cutoff = Math.min(cutoff, span.first());
            }
        }
        boolean moved = true;
        while (moved) {
            moved = false;
            for (SessionSpan span : ended) {
                if (span.first() < cutoff && span.last() >= cutoff) {
                    cutoff = span.first();
                    moved = true;
                }
            }
        }
        if (cutoff <= cycles[0]) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        DateTimeFormatter names = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        for (int cycle = cycles[0]; cycle < cutoff; cycle++) {
            Path file = queue.logDir().resolve(names.format(Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis()))
                    + ".cq4");
            if (Files.exists(file)) {
                files.add(file);
            }
        }
        int keepFrom = cutoff;
        queue.whileClosed(() -> {
            for (Path file : files) {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove " + file, e);
                }
            }
        });
        for (SessionSpan span : ended) {
            if (span.last() < keepFrom) {
                index.remove(span.session());
            }
        }
        return files.size();
    }

    private record SessionSpan(SessionId session, int first, int last) {}
}
