package dev.sessionlog.benchmarks.log;

import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The physical floor: pre-encoded bytes appended to one Chronicle queue, each record the session id
 * and the event, with no codec, no sequencing and no index. Chronicle appenders are bound to the
 * thread that created them, so each calling thread gets its own (Chronicle's own write lock orders
 * them). {@link #readLast} has no index to use: it scans backwards from the end of the queue.
 */
final class RawChronicleLog implements EventLog {
    private final ChronicleQueue queue;
    private final Queue<ExcerptAppender> appenders = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<ExcerptAppender> threadAppender;

    RawChronicleLog(Path directory) {
        this.queue = SingleChronicleQueueBuilder.binary(directory).build();
        this.threadAppender = ThreadLocal.withInitial(() -> {
            ExcerptAppender appender = queue.createAppender();
            appenders.add(appender);
            return appender;
        });
    }

    @Override
    public void startSession(SessionId session) {
        // Nothing to create: a session is only a tag on its records.
    }

    @Override
    public void append(SessionId session, SampleEvent event) {
        try (DocumentContext document = threadAppender.get().writingDocument()) {
            Bytes<?> bytes = document.wire().bytes();
            bytes.writeUtf8(session.value());
            bytes.write(event.encoded());
        }
    }

    @Override
    public List<SessionEvent> readLast(SessionId session, int count) {
        ArrayDeque<byte[]> newestFirst = new ArrayDeque<>(count);
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            while (newestFirst.size() < count) {
                try (DocumentContext document = tailer.readingDocument()) {
                    if (!document.isPresent()) {
                        break;
                    }
                    Bytes<?> bytes = document.wire().bytes();
                    if (session.value().equals(bytes.readUtf8())) {
                        byte[] encoded = new byte[(int) bytes.readRemaining()];
                        bytes.read(encoded);
                        newestFirst.addFirst(encoded);
                    }
                }
            }
        }
        return EventCodecs.decodeAll(new ArrayList<>(newestFirst));
    }

    @Override
    public void close() {
        appenders.forEach(ExcerptAppender::close);
        queue.close();
    }
}
