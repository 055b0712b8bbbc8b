package dev.sessionlog.store.log;

import io.vavr.control.Either;
import java.util.Optional;
import net.openhft.chronicle.queue.ExcerptTailer;
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
            try {
                if (!tailer.moveToIndex(index)) {
                    return Optional.empty();
                }
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent() || !document.isData() || document.index() != index) {
                        return Optional.empty();
                    }
                    return RecordFormat.parse(LogReader.copy(document)).toJavaOptional();
                }
            } catch (RuntimeException | InternalError damaged) {
                throw new ChronicleReadFailure(Optional.empty(), damaged);
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

    /**
     * Like {@link #scan(QueueHandle, long, RecordVisitor)}, stopping after the record at
     * {@code upToIndex}. Where Chronicle cannot read on (damage), the scan ends there, as at the end
     * of the log; the store's checks at open tell that from the true end.
     */
    public static long scan(QueueHandle queue, long afterIndex, long upToIndex, RecordVisitor visitor) {
        long[] visited = {afterIndex};
        try {
            return scanFrom(queue, afterIndex, upToIndex, visitor, visited);
        } catch (InternalError fault) {
            // a fault in a mapped file surfaces where the JVM next checks, not always in the read it
            // came from: the scan ends after the last record visited, as at damage
            return visited[0];
        }
    }

    private static long scanFrom(QueueHandle queue, long afterIndex, long upToIndex, RecordVisitor visitor,
                                 long[] visited) {
        return queue.withTailer(tailer -> {
            if (afterIndex >= 0) {
                if (!chronicle(Long.MIN_VALUE, () -> positionedAfter(tailer, afterIndex))) {
                    return Long.MIN_VALUE;
                }
            } else {
                chronicle(afterIndex, tailer::toStart);
            }
            long last = afterIndex;
            while (true) {
                Document document = chronicle(last, () -> next(tailer, upToIndex));
                if (document == null) {
                    return last;
                }
                if (document.bytes() != null) {
                    last = document.index();
                    visitor.visit(last, RecordFormat.parse(document.bytes()));
                    visited[0] = last;
                }
            }
        });
    }

    /** A document read: its index and, for a data document, its bytes (null for metadata). */
    private record Document(long index, byte[] bytes) {}

    /** The next document up to {@code upToIndex}, or null at the end. */
    private static Document next(ExcerptTailer tailer, long upToIndex) {
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent() || document.index() > upToIndex) {
                return null;
            }
            return new Document(document.index(), document.isData() ? LogReader.copy(document) : null);
        }
    }

    private static boolean positionedAfter(ExcerptTailer tailer, long afterIndex) {
        if (!tailer.moveToIndex(afterIndex)) {
            return false;
        }
        try (DocumentContext skipped = tailer.readingDocument()) {
            return skipped.isPresent() && skipped.index() == afterIndex;
        }
    }

    /**
     * Runs one Chronicle read; when Chronicle fails in it, ends the whole scan with {@code partial}
     * (see {@link ChronicleReadFailure}). Only Chronicle's own calls run here, never a visitor.
     */
    private static <T> T chronicle(Object partial, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException | InternalError e) {
            throw new ChronicleReadFailure(partial, e);
        }
    }
}
