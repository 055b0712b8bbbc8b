package dev.sessionlog.kafka;

import dev.sessionlog.AppendResult;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.UserMessageReceived;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A gateway node in a child JVM (run without {@code -ea}, as users run it): opens a node of a
 * {@link KafkaSessionStore} and takes commands, one a line, on standard input; answers one a line
 * on standard output. Exits when its input closes, so a test JVM that dies leaves no node behind.
 *
 * <p>Arguments: bootstrap servers, store name, node id, partitions, replication factor, min
 * in-sync replicas, group session timeout in ms. Commands:
 * <ul>
 *   <li>{@code owned} → {@code OWNED p,q,…};</li>
 *   <li>{@code append <session> <any|n> <message id>} → {@code OK <first> <last> <duplicate>} or
 *       {@code ERR <exception> <expected> <actual>};</li>
 *   <li>{@code start <session>} → starts the session ({@code OK …});</li>
 *   <li>{@code call <session> <call id> <deadline epoch ms>} → starts a model call ({@code OK …});</li>
 *   <li>{@code load <session>,<session>… <prefix> <threads>} → each of {@code threads} threads appends
 *       messages {@code <prefix>-<thread>-0, -1, …} round robin, one at a time, until {@code stop}; prints {@code ACK <session> <sequence> <message id>}
 *       for each acknowledged one and {@code NACK <exception> <message id>} for each refused one;</li>
 *   <li>{@code stop} → ends the load, {@code STOPPED};</li>
 *   <li>{@code exactly <session> <rounds> <prefix>} → per round, reads the last sequence and appends
 *       with it expected: {@code WON <sequence>} or {@code CONFLICT <expected> <actual>}, then
 *       {@code DONE};</li>
 *   <li>{@code read <session>} → {@code EVENTS <sequence>:<message id or type>,…};</li>
 *   <li>{@code exit} → closes the node and exits.</li>
 * </ul>
 */
public final class NodeMain {
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private NodeMain() {}

    public static void main(String[] args) throws Exception {
        KafkaSessionStore store = KafkaSessionStore.open(KafkaStoreOptions.builder(args[0])
                .storeName(args[1])
                .nodeId(args[2])
                .partitions(Integer.parseInt(args[3]))
                .replicationFactor(Integer.parseInt(args[4]))
                .minInSyncReplicas(Integer.parseInt(args[5]))
                .groupSessionTimeout(Duration.ofMillis(Long.parseLong(args[6])))
                .watchdogInterval(Duration.ofMillis(200))
                .patience(Duration.ofSeconds(30))
                .build());
        say("READY");
        AtomicBoolean loading = new AtomicBoolean();
        List<Thread> load = new java.util.ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] c = line.trim().split(" ");
            switch (c[0]) {
                case "owned" -> say("OWNED " + String.join(",", store.ownedPartitions().stream().map(String::valueOf)
                        .toList()));
                case "append" -> say(answer(store, SessionId.of(c[1]), c[2].equals("any") ? ExpectedSequence.any()
                        : ExpectedSequence.exactly(Long.parseLong(c[2])), UserMessageReceived.text(c[3], "from " + c[3])));
                case "start" -> say(answer(store, SessionId.of(c[1]), ExpectedSequence.noSession(),
                        dev.sessionlog.event.SessionStarted.initial(null, "main", "test")));
                case "call" -> say(answer(store, SessionId.of(c[1]), ExpectedSequence.any(), new ModelCallStarted(
                        CallId.of(c[2]), "anthropic", "claude", 1, Instant.ofEpochMilli(Long.parseLong(c[3])))));
                case "load" -> {
                    List<SessionId> sessions = java.util.Arrays.stream(c[1].split(",")).map(SessionId::of).toList();
                    loading.set(true);
                    for (int t = 0; t < Integer.parseInt(c[3]); t++) {
                        String prefix = c[2] + "-" + t;
                        Thread thread = new Thread(() -> runLoad(store, sessions, prefix, loading), "load-" + t);
                        load.add(thread);
                        thread.start();
                    }
                }
                case "stop" -> {
                    loading.set(false);
                    for (Thread thread : load) {
                        thread.join();
                    }
                    load.clear();
                    say("STOPPED");
                }
                case "exactly" -> exactly(store, SessionId.of(c[1]), Integer.parseInt(c[2]), c[3]);
                case "read" -> {
                    StringBuilder events = new StringBuilder("EVENTS ");
                    for (RecordedEvent e : store.read(SessionId.of(c[1]), 1, 1_000_000)) {
                        events.append(e.sequence()).append(':').append(e.event() instanceof UserMessageReceived m
                                ? m.messageId() : e.event().getClass().getSimpleName()).append(',');
                    }
                    say(events.toString());
                }
                case "exit" -> {
                    loading.set(false);
                    store.close();
                    say("BYE");
                    System.exit(0);
                }
                default -> say("UNKNOWN " + line);
            }
        }
        Runtime.getRuntime().halt(3); // the test JVM is gone
    }

    private static void runLoad(KafkaSessionStore store, List<SessionId> sessions, String prefix,
                                AtomicBoolean loading) {
        for (int i = 0; loading.get(); i++) {
            String id = prefix + "-" + i;
            SessionId session = sessions.get(i % sessions.size());
            try {
                AppendResult r = store.append(session, ExpectedSequence.any(), List.of(UserMessageReceived.text(id,
                        "load"))).get(60, TimeUnit.SECONDS);
                say("ACK " + session.value() + " " + r.firstSequence() + " " + id);
            } catch (ExecutionException e) {
                say("NACK " + e.getCause().getClass().getSimpleName() + " " + id);
            } catch (Exception e) {
                say("NACK " + e.getClass().getSimpleName() + " " + id);
            }
        }
    }

    private static void exactly(KafkaSessionStore store, SessionId session, int rounds, String prefix)
            throws InterruptedException {
        for (int i = 0; i < rounds; i++) {
            long seen = store.readLast(session, 1).get(0).sequence();
            try {
                AppendResult r = store.append(session, ExpectedSequence.exactly(seen),
                        List.of(UserMessageReceived.text(prefix + "-" + i, "contested"))).get(60, TimeUnit.SECONDS);
                say("WON " + r.firstSequence());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof WrongExpectedSequenceException w) {
                    say("CONFLICT " + w.expected().value() + " " + w.actual());
                } else {
                    say("NACK " + e.getCause().getClass().getSimpleName());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                say("NACK TimeoutException");
            }
        }
        say("DONE");
    }

    private static String answer(KafkaSessionStore store, SessionId session, ExpectedSequence expected,
                                 SessionEvent event) {
        try {
            AppendResult r = store.append(session, expected, List.of(event)).get(60, TimeUnit.SECONDS);
            return "OK " + r.firstSequence() + " " + r.lastSequence() + " " + r.duplicate();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WrongExpectedSequenceException w) {
                return "ERR " + cause.getClass().getSimpleName() + " " + w.expected().value() + " " + w.actual();
            }
            return "ERR " + cause.getClass().getSimpleName();
        } catch (Exception e) {
            return "ERR " + e.getClass().getSimpleName();
        }
    }

    private static synchronized void say(String line) {
        OUT.println(line);
    }
}
