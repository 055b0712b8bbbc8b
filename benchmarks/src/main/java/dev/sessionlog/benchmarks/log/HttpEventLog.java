package dev.sessionlog.benchmarks.log;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.server.AccessToken;
import dev.sessionlog.server.ServerOptions;
import dev.sessionlog.server.SessionlogServer;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import dev.sessionlog.store.ChronicleStoreOptions.Durability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * sessionlog over HTTP on loopback: a {@code BUFFERED} {@link ChronicleSessionStore} served by
 * {@link SessionlogServer} in this JVM, each append a {@code POST /v1/sessions/{id}/events} on the
 * calling thread's own kept-alive connection ({@link LoopbackHttp}), with the event encoded by the
 * client as a gateway in any language would. Reads go to the store directly: only appends are
 * measured over HTTP.
 */
final class HttpEventLog implements EventLog {
    private static final byte[] OPEN = "{\"events\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);

    private final ChronicleSessionStore store;
    private final SessionlogServer server;
    private final String token;
    private final EventCodec codec = EventCodec.standard();
    private final Queue<LoopbackHttp> connections = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<LoopbackHttp> connection;

    HttpEventLog(Path directory, int partitions) {
        store = ChronicleSessionStore.open(directory,
                ChronicleStoreOptions.builder().durability(Durability.BUFFERED).partitions(partitions).build());
        AccessToken access = AccessToken.readOrCreate(directory);
        try {
            token = Files.readString(access.file()).strip();
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException(e);
        }
        server = SessionlogServer.start(store, access,
                ServerOptions.defaults().withBind(new InetSocketAddress("127.0.0.1", 0)));
        connection = ThreadLocal.withInitial(() -> {
            LoopbackHttp opened = new LoopbackHttp(server.port(), token);
            connections.add(opened);
            return opened;
        });
    }

    @Override
    public void startSession(SessionId session) {
        store.append(session, ExpectedSequence.noSession(), List.of(SessionlogEventLog.started(session))).join();
    }

    @Override
    public void append(SessionId session, SampleEvent event) {
        byte[] encoded = codec.encodeEvent(event.nextEvent());
        byte[] body = new byte[OPEN.length + encoded.length + CLOSE.length];
        System.arraycopy(OPEN, 0, body, 0, OPEN.length);
        System.arraycopy(encoded, 0, body, OPEN.length, encoded.length);
        System.arraycopy(CLOSE, 0, body, OPEN.length + encoded.length, CLOSE.length);
        int status = connection.get().post("/v1/sessions/" + session.value() + "/events", body);
        if (status != 201) {
            throw new IllegalStateException("the append was answered " + status);
        }
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
        connections.forEach(LoopbackHttp::close);
        server.close();
        store.close();
    }
}
