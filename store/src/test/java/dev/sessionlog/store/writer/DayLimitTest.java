package dev.sessionlog.store.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.store.index.Recovery;
import dev.sessionlog.store.log.LogReader;
import dev.sessionlog.store.log.QueueHandle;
import dev.sessionlog.store.log.StoreMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A day of the log holds at most the records the store's positions can number; the writer refuses more, storing nothing. */
class DayLimitTest {
    private static final SessionId SESSION = SessionId.of("busy-day");

    @TempDir
    Path dir;

    @Test
    void an_append_beyond_the_records_a_day_may_hold_is_refused_and_stores_nothing() throws IOException {
        IllegalStateException dayFull = new IllegalStateException("the day is full");
        WriterSettings settings = new WriterSettings(false, 1024, 1 << 20, 100_000, IllegalArgumentException::new,
                3, () -> dayFull);
        try (QueueHandle queue = QueueHandle.forWriting(dir.resolve("log"), StoreMetadata.load(dir, true).get(),
                false)) {
            LogReader reader = new LogReader(queue, EventCodec.standard());
            Recovery.Recovered recovered = Recovery.forWriting(dir, queue, reader, Clock.systemUTC());
            try (SingleWriter writer = new SingleWriter(dir, queue, recovered.index(), recovered.ledger(),
                    EventCodec.standard(), settings)) {
                writer.start().join();
                writer.submit(SESSION, ExpectedSequence.noSession(), List.of(NewEvent.of(
                        SessionStarted.initial(new SessionKey("agent:main:test:day"), "main", "test")))).join();
                writer.submit(SESSION, ExpectedSequence.any(), List.of(message(2))).join();
                writer.submit(SESSION, ExpectedSequence.any(), List.of(message(3), message(4))).join();
                CompletionException refused = assertThrows(CompletionException.class,
                        () -> writer.submit(SESSION, ExpectedSequence.any(), List.of(message(5))).join());
                assertSame(dayFull, refused.getCause());
                assertEquals(4, recovered.ledger().lastSequence(SESSION), "nothing of the refused append is stored");
                assertEquals(4, recovered.index().session(SESSION).orElseThrow().size());
            }
        }
    }

    private static NewEvent message(int n) {
        return NewEvent.of(UserMessageReceived.text("m" + n, "hello " + n));
    }
}
