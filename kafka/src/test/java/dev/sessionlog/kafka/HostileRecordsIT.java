package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.spi.Partitioning;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records that are not the store's, written into its topics by another producer: foreign bytes, a
 * tombstone, a truncated record, a replayed copy, a record of the wrong partition, an event of an
 * unknown type. Every node reports and skips them; none stops a node, its reads, its writer or the
 * rebuild of a partition by a node that takes it over.
 */
class HostileRecordsIT {
    private static final int PARTITIONS = 2;
    private static final EventCodec CODEC = EventCodec.standard();

    @Test
    void hostile_records_are_reported_and_skipped_by_readers_writers_and_rebuilds() throws Exception {
        String store = "hostile-" + UUID.randomUUID();
        String bootstrap = SharedBroker.bootstrapServers();
        List<SessionId> sessions = IntStream.range(0, 6).mapToObj(i -> SessionId.of("h-" + i)).toList();
        KafkaSessionStore first = KafkaSessionStore.open(Nodes.options(bootstrap, store, "node-1", PARTITIONS, 1,
                Duration.ofSeconds(3)));
        KafkaSessionStore second = null;
        try {
            for (SessionId s : sessions) {
                append(first, s, SessionStarted.initial(null, "main", "test"));
                append(first, s, UserMessageReceived.text(s.value() + "-m1", "hello"));
            }
            String events = store + ".events";
            SessionId victim = sessions.get(0);
            int home = Partitioning.partitionOf(victim, PARTITIONS);
            RecordedEvent last = first.readLast(victim, 1).get(0);
            long nextInHome = nextPosition(first, sessions, home);

            int hostile = 0;
            try (KafkaProducer<byte[], byte[]> foreign = new KafkaProducer<>(producerSettings(bootstrap))) {
                byte[] key = EventRecords.key(victim);
                send(foreign, events, home, key, "{\"not\":\"ours\"}".getBytes(StandardCharsets.UTF_8));
                send(foreign, events, home, key, null);
                send(foreign, events, home, null, new byte[] {0x53, 0x4C, 0x4B, 0x45, 1, 0});
                send(foreign, events, home, key, firstValue(bootstrap, events, home)); // a replayed copy
                send(foreign, events, 1 - home, key, EventRecords.write(Positions.first(1 - home) + 999,
                        List.of(CODEC.encode(event(victim, 1, "misplaced")))));
                String future = new String(CODEC.encode(event(victim, last.sequence() + 1, "from-the-future")),
                        StandardCharsets.UTF_8).replace("user_message_received", "sent_from_the_future");
                send(foreign, events, home, key, EventRecords.write(nextInHome,
                        List.of(future.getBytes(StandardCharsets.UTF_8))));
                hostile = 6;
                send(foreign, store + ".requests", home, key, "not a request".getBytes(StandardCharsets.UTF_8));
                send(foreign, store + ".replies", 0, key, "not a reply".getBytes(StandardCharsets.UTF_8));
                foreign.flush();
            }

            // The node goes on: appends to every session, in both partitions, continue their sequences.
            for (SessionId s : sessions) {
                assertEquals(3, append(first, s, UserMessageReceived.text(s.value() + "-m2", "after")).firstSequence());
            }
            awaitSkipped(first, hostile);
            List<SkippedRecord> skipped = first.skippedRecords();
            assertEquals(hostile, skipped.size(), skipped.toString());
            assertTrue(skipped.stream().allMatch(r -> r.topic().equals(events)));
            assertTrue(skipped.stream().anyMatch(r -> r.reason().contains("not a sessionlog record")), skipped.toString());
            assertTrue(skipped.stream().anyMatch(r -> r.reason().contains("unknown event type")), skipped.toString());
            assertTrue(skipped.stream().anyMatch(r -> r.reason().contains("not written by the partition's writer")),
                    skipped.toString());

            // A node that starts now rebuilds every partition from the log, hostile records and all,
            // then takes the partitions over when the first node leaves, and appends go on.
            second = KafkaSessionStore.open(Nodes.options(bootstrap, store, "node-2", PARTITIONS, 1,
                    Duration.ofSeconds(3)));
            assertEquals(hostile, second.skippedRecords().size(), second.skippedRecords().toString());
            first.close();
            for (SessionId s : sessions) {
                AppendResult r = append(second, s, UserMessageReceived.text(s.value() + "-m3", "on the new owner"));
                assertEquals(4, r.firstSequence(), "in " + s);
                List<RecordedEvent> stored = second.read(s, 1, 100);
                assertEquals(List.of(1L, 2L, 3L, 4L), stored.stream().map(RecordedEvent::sequence).toList());
                assertFalse(stored.stream().anyMatch(e -> e.event() instanceof UserMessageReceived m
                        && (m.messageId().equals("misplaced") || m.messageId().equals("from-the-future"))));
            }
            assertEquals(List.of(0, 1), second.ownedPartitions());
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static AppendResult append(KafkaSessionStore store, SessionId s, dev.sessionlog.event.SessionEvent event)
            throws Exception {
        return store.append(s, ExpectedSequence.any(), List.of(event)).get(60, TimeUnit.SECONDS);
    }

    private static long nextPosition(KafkaSessionStore store, List<SessionId> sessions, int partition) {
        long next = Positions.first(partition);
        for (SessionId s : sessions) {
            if (Partitioning.partitionOf(s, PARTITIONS) == partition) {
                next = Math.max(next, store.readLast(s, 1).get(0).position() + 1);
            }
        }
        return next;
    }

    private static void awaitSkipped(KafkaSessionStore store, int count) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (store.skippedRecords().size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    private static RecordedEvent event(SessionId s, long sequence, String messageId) {
        return new RecordedEvent(-1, s, sequence, EventId.random(), Instant.now(), UserMessageReceived.text(messageId,
                "hostile"), EventMetadata.EMPTY);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, int partition, byte[] key,
                             byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, key, value)).get(30, TimeUnit.SECONDS);
    }

    private static byte[] firstValue(String bootstrap, String topic, int partition) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until) {
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (!records.isEmpty()) {
                    return records.get(0).value();
                }
            }
        }
        throw new AssertionError("no record in " + topic + "-" + partition);
    }

    private static Properties producerSettings(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
