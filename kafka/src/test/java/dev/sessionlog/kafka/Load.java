package dev.sessionlog.kafka;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.event.UserMessageReceived;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Appends in this JVM from several threads, one append at a time each, until stopped; remembers
 * what each append got and when it was asked and answered.
 */
final class Load implements AutoCloseable {
    /** One append: its message id, session, when it was made and answered (nanoTime), and its answer. */
    record Outcome(String messageId, SessionId session, long askedAt, long answeredAt, AppendResult result,
                   Throwable failure) {}

    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Load(SessionStore store, List<SessionId> sessions, String prefix, int threadCount) {
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                for (int i = 0; running; i++) {
                    String id = prefix + "-" + thread + "-" + i;
                    SessionId s = sessions.get((thread + i) % sessions.size());
                    long asked = System.nanoTime();
                    try {
                        AppendResult r = store.append(s, ExpectedSequence.any(),
                                List.of(UserMessageReceived.text(id, "load"))).get(90, TimeUnit.SECONDS);
                        outcomes.add(new Outcome(id, s, asked, System.nanoTime(), r, null));
                    } catch (ExecutionException e) {
                        outcomes.add(new Outcome(id, s, asked, System.nanoTime(), null, e.getCause()));
                    } catch (Exception e) {
                        outcomes.add(new Outcome(id, s, asked, System.nanoTime(), null, e));
                    }
                }
            }, "load-" + prefix + "-" + t);
            worker.setDaemon(true);
            threads.add(worker);
            worker.start();
        }
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(120_000);
        }
    }
}
