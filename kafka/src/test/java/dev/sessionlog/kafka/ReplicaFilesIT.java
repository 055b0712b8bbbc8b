package dev.sessionlog.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.StoreFullException;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.spi.Partitioning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's copy of the events on its disk: in a folder of its own under the replica directory
 * while it is open, gone when it closes; and a replica that can no longer write its copy stops,
 * says so to every waiter and reader on its node, and leaves the store as it was.
 */
class ReplicaFilesIT {
    private static final int PARTITIONS = 4;
    private static final SessionId SESSION = SessionId.of("files-1");

    private final String store = "replica-files-" + UUID.randomUUID();

    @TempDir
    Path replicas;

    @Test
    void a_node_keeps_its_copy_in_a_folder_of_its_own_that_goes_when_it_closes() throws Exception {
        try (KafkaSessionStore node = KafkaSessionStore.open(options("node-1"))) {
            append(node, 0, "hello");
            List<Path> folders = folders();
            assertEquals(1, folders.size(), folders.toString());
            Path file = folders.get(0).resolve("partition-" + Partitioning.partitionOf(SESSION, PARTITIONS));
            assertTrue(Files.size(file) > 0, "the session's partition file holds its event");
            assertEquals("hello", text(node.readLast(SESSION, 1).get(0)));
        }
        assertEquals(List.of(), folders());
    }

    @Test
    void a_replica_that_cannot_write_its_copy_stops_and_every_read_and_waiter_on_its_node_says_so() throws Exception {
        int partition = Partitioning.partitionOf(SESSION, PARTITIONS);
        try (KafkaSessionStore node = KafkaSessionStore.open(options("node-1"));
             Admin admin = Admin.create(new Clients(options("check")).admin())) {
            long first = append(node, 0, "first").position();
            Topics topics = Topics.open(admin, options("check"));
            try (Replica check = new Replica(topics, store, false, new Clients(options("check")).reader("check"),
                    EventCodec.standard(), Clock.systemUTC(), "check", Replica.LocalCopy.of(options("check")))) {
                check.start();
                check.reached(partition, first).get(30, TimeUnit.SECONDS);
                assertEquals("first", text(check.readLast(SESSION, 1).get(0)));

                check.log(partition).close(); // what a failing disk does to the next write
                long second = append(node, 2, "second").position();
                ReplicaStoppedException stopped = awaitStopped(check, partition, second);
                assertTrue(stopped.getMessage().contains(replicas.toString()), stopped.getMessage());
                assertThrows(ReplicaStoppedException.class, () -> check.readLast(SESSION, 1));
                assertThrows(ReplicaStoppedException.class, () -> check.sessions(dev.sessionlog.SessionQuery.all()));
            }
            assertEquals(List.of("first", "second"), node.read(SESSION, 2, 10).stream().map(ReplicaFilesIT::text)
                    .toList(), "the node that wrote them, and the store, are as they were");
        }
    }

    @Test
    void a_node_whose_disk_is_below_its_reserve_hands_its_partitions_over_and_still_answers_appends() throws Exception {
        List<SessionId> sessions = IntStream.range(0, 12).mapToObj(i -> SessionId.of("reserve-" + i)).toList();
        try (KafkaSessionStore healthy = KafkaSessionStore.open(options("healthy"));
             KafkaSessionStore full = KafkaSessionStore.open(optionsBuilder("full")
                     .replicaDiskReserveBytes(Long.MAX_VALUE / 4).build())) {
            awaitOwnsSome(full);
            List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
            for (SessionId session : sessions) {
                appends.add(full.append(session, ExpectedSequence.noSession(), List.of(started(session))));
            }
            for (CompletableFuture<AppendResult> append : appends) {
                assertEquals(1, append.get(60, TimeUnit.SECONDS).lastSequence(),
                        "an append on the node whose replica stopped is answered");
            }
            ReplicaStoppedException stopped = assertThrows(ReplicaStoppedException.class,
                    () -> full.readLast(sessions.get(0), 1));
            assertInstanceOf(StoreFullException.class, stopped.getCause());
            assertThrows(ReplicaStoppedException.class, () -> full.summary(sessions.get(0)),
                    "the lookup serve's liveness probe makes fails too");

            Nodes.awaitOwnsEvery(healthy, PARTITIONS);
            assertEquals(List.of(), full.ownedPartitions(), "the node whose replica stopped writes no partition");
            for (SessionId session : sessions) {
                assertEquals(2, full.append(session, ExpectedSequence.exactly(1),
                        List.of(UserMessageReceived.text("after", "after the stop"))).get(60, TimeUnit.SECONDS)
                        .lastSequence(), "appends on it go to the new owners");
                awaitSequences(healthy, session, List.of(1L, 2L)); // another node reads it once its replica has it
            }
        }
    }

    private static void awaitSequences(KafkaSessionStore node, SessionId session, List<Long> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Long> read;
        while (!(read = node.read(session, 1, 10).stream().map(RecordedEvent::sequence).toList()).equals(expected)) {
            assertTrue(System.nanoTime() < deadline, session + " reads " + read + ", not " + expected);
            Thread.sleep(20);
        }
    }

    private static void awaitOwnsSome(KafkaSessionStore node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.ownedPartitions().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the node owns no partition");
            Thread.sleep(50);
        }
    }

    private static SessionStarted started(SessionId session) {
        return SessionStarted.initial(SessionKey.of("agent:main:test:direct:" + session.value()), "main", "test");
    }

    /** The failure of a waiter for {@code position}, whether it was added before the replica stopped or after. */
    private static ReplicaStoppedException awaitStopped(Replica replica, int partition, long position)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            CompletableFuture<Void> reached = replica.reached(partition, position);
            ExecutionException failed = assertThrows(ExecutionException.class, () -> reached.get(30, TimeUnit.SECONDS));
            return assertInstanceOf(ReplicaStoppedException.class, failed.getCause());
        } catch (ReplicaStoppedException stoppedBefore) {
            return stoppedBefore;
        }
    }

    /** Appends a user message after {@code lastSequence}; at 0 it starts the session first. */
    private static AppendResult append(KafkaSessionStore node, long lastSequence, String text) throws Exception {
        UserMessageReceived message = UserMessageReceived.text(text, "text of " + text);
        List<SessionEvent> events = lastSequence == 0
                ? List.of(started(SESSION), message)
                : List.of(message);
        return node.append(SESSION, ExpectedSequence.exactly(lastSequence), events)
                .get(30, TimeUnit.SECONDS);
    }

    /** The message id, which {@link #append} makes from the text. */
    private static String text(RecordedEvent event) {
        return ((UserMessageReceived) event.event()).messageId();
    }

    private List<Path> folders() throws java.io.IOException {
        try (var paths = Files.list(replicas)) {
            return paths.toList();
        }
    }

    private KafkaStoreOptions options(String nodeId) {
        return optionsBuilder(nodeId).build();
    }

    private KafkaStoreOptions.Builder optionsBuilder(String nodeId) {
        return Nodes.oneBroker(store, nodeId, PARTITIONS).replicaDirectory(replicas);
    }
}
