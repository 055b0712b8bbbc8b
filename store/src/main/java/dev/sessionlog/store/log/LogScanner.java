package dev.sessionlog.store.log;

import io.vavr.control.Either;
import java.util.Optional;
import net.openhft.chronicle.wire.DocumentContext;

/** Reads every record of the log in order, from the start or after a given index. */
public final class LogScanner {

    /** Receives each record: its Chronicle index and its parsed frame, or why it could not be parsed. */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(long index, Either<String, RecordFormat.Frame> record);
    }

    private LogScanner() {}

    /** The parsed record at {@code index}, when there is a readable one. */
    public static Optional<RecordFormat.Frame> recordAt(QueueHandle queue, long index) {
        return queue.withTailer(tailer -> {
            if (!tailer.moveToIndex(index)) {
                return Optional.empty();
            }
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent() || !document.isData() || document.index() != index) {
                    return Optional.empty();
                }
                return RecordFormat.parse(LogReader.copy(document)).toJavaOptional();
            }
        });
    }

    /**
     * Visits every data record after {@code afterIndex} (-1: from the start) and returns the index of
     * the last one visited ({@code afterIndex} when none). Returns {@code Long.MIN_VALUE} without
     * visiting anything when {@code afterIndex} is not in the log, so the caller rebuilds from the
     * start. Any thread; the tailer is borrowed for this call.
     */
    public static long scan(QueueHandle queue, long afterIndex, RecordVisitor visitor) {
        return scan(queue, afterIndex, Long.MAX_VALUE, visitor);
    }

    /** Like {@link #scan(QueueHandle, long, RecordVisitor)}, stopping after the record at {@code upToIndex}. */
    public static long scan(QueueHandle queue, long afterIndex, long upToIndex, RecordVisitor visitor) {
        return queue.withTailer(tailer -> {
            if (afterIndex >= 0) {
                if (!tailer.moveToIndex(afterIndex)) {
                    return Long.MIN_VALUE;
                }
                try (DocumentContext skipped = tailer.readingDocument()) {
                    if (!skipped.isPresent() || skipped.index() != afterIndex) {
                        return Long.MIN_VALUE;
                    }
                }
            } else {
                tailer.toStart();
            }
            long last = afterIndex;
            while (true) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent() || document.index() > upToIndex) {
                        return last;
                    }
                    if (!document.isData()) {
                        continue;
                    }
                    last = document.index();
                    visitor.visit(last, RecordFormat.parse(LogReader.copy(document)));
                }
            }
        });
    }
}
