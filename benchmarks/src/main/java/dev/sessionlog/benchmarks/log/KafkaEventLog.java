package dev.sessionlog.benchmarks.log;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.kafka.KafkaSessionStore;
import dev.sessionlog.kafka.KafkaStoreOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * sessionlog on Kafka: one {@link KafkaSessionStore} node that owns every partition (it is alone in
 * its group), appended to through its public API, each append waiting for its future as a gateway
 * does. An append is acknowledged once its Kafka transaction is committed with {@code acks=all} and
 * this node's replica holds it.
 */
public final class KafkaEventLog implements EventLog {
    private final KafkaSessionStore store;

    /** Opens a node of a new store on the cluster; the options name the topics, partitions and replication. */
    public KafkaEventLog(KafkaStoreOptions options) {
        this.store = KafkaSessionStore.open(options);
    }

    @Override
    public void startSession(SessionId session) {
        store.append(session, ExpectedSequence.noSession(), List.of(SessionlogEventLog.started(session))).join();
    }

    @Override
    public void append(SessionId session, SampleEvent event) {
        store.append(session, ExpectedSequence.any(), List.of(event.nextEvent())).join();
    }

    @Override
    public List<SessionEvent> readLast(SessionId session, int count) {
        List<SessionEvent> events = new ArrayList<>(count);
        for (RecordedEvent recorded : store.readLast(session, count + 1)) {
            if (!(recorded.event() instanceof SessionStarted)) {
                events.add(recorded.event());
            }
        }
        return events.size() > count ? events.subList(events.size() - count, events.size()) : events;
    }

    @Override
    public void close() {
        store.close();
    }
}
