package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.benchmarks.log.SampleEvent;
import dev.sessionlog.event.SessionStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Fills a Kafka store for the Kafka measurements: each session a {@code SessionStarted}, then user
 * messages of {@link SampleEvent}'s text (about 300 bytes encoded), {@value #EVENTS_PER_APPEND} to
 * an append (one Kafka record), {@value #APPENDS_IN_FLIGHT} appends in flight, since each waits
 * for a transaction.
 */
final class KafkaFill {
    private static final int EVENTS_PER_APPEND = 10;
    private static final int APPENDS_IN_FLIGHT = 200;

    private KafkaFill() {}

    /** Writes {@code events} events to each of {@code ids}. */
    static void fill(SessionStore store, List<SessionId> ids, int events) {
        SampleEvent sample = SampleEvent.userMessage();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (SessionId id : ids) {
            int written = 0;
            while (written < events) {
                List<NewEvent> batch = new ArrayList<>(EVENTS_PER_APPEND);
                if (written == 0) {
                    batch.add(NewEvent.of(SessionStarted.initial(null, "main", "telegram")));
                }
                while (batch.size() < EVENTS_PER_APPEND && written + batch.size() < events) {
                    batch.add(NewEvent.of(sample.nextEvent()));
                }
                inFlight.add(store.appendAll(id, ExpectedSequence.any(), batch));
                written += batch.size();
                if (inFlight.size() >= APPENDS_IN_FLIGHT) {
                    inFlight.forEach(CompletableFuture::join);
                    inFlight.clear();
                }
            }
        }
        inFlight.forEach(CompletableFuture::join);
    }
}
