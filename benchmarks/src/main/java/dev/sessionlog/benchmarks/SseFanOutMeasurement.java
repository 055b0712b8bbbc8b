package dev.sessionlog.benchmarks;

import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.benchmarks.log.LoopbackHttp;
import dev.sessionlog.benchmarks.log.TempDirectory;
import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.server.AccessToken;
import dev.sessionlog.server.ServerOptions;
import dev.sessionlog.server.SessionlogServer;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * <b>Question:</b> with {@code sessionlog serve} streaming one session to 100 subscribers
 * (server-sent events on loopback) while one writer appends to it over HTTP, how long after an
 * append was sent does each subscriber receive it: p50, p99, p99.9 and the worst delivery lag? And
 * does every subscriber get every event once, in order? Not JMH: the answer is a distribution over
 * deliveries, measured from the writer's send to each reader's receipt of the frame.
 *
 * <pre>
 * java $FLAGS -cp benchmarks/target/benchmarks.jar dev.sessionlog.benchmarks.SseFanOutMeasurement 100 10000 2000
 * </pre>
 * (subscribers, events, appends per second), where {@code $FLAGS} are the Chronicle JVM flags of the
 * parent pom ({@code chronicle.jvm.flags}).
 */
public final class SseFanOutMeasurement {
    private static final SessionId SESSION = SessionId.of("fan-out");

    private SseFanOutMeasurement() {}

    /** Arguments: subscribers (100), events (10,000), appends per second (2,000). */
    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        try (TempDirectory directory = TempDirectory.create("sse-fan-out");
             ChronicleSessionStore store = ChronicleSessionStore.open(directory.path(), ChronicleStoreOptions.defaults())) {
            AccessToken access = AccessToken.readOrCreate(directory.path());
            String token = Files.readString(access.file()).strip();
            try (SessionlogServer server = SessionlogServer.start(store, access,
                    ServerOptions.defaults().withBind(new InetSocketAddress("127.0.0.1", 0)))) {
                store.append(SESSION, ExpectedSequence.noSession(), List.of(SessionStarted.initial(null, "main", "bench")))
                        .join();
                long[] sentAt = new long[events + 2]; // by sequence: the start is 1, appends 2 … events + 1
                long[][] receivedAt = new long[subscribers][events + 2];
                int[] duplicatesOrGaps = new int[subscribers];
                CountDownLatch caughtUp = new CountDownLatch(subscribers);
                CountDownLatch done = new CountDownLatch(subscribers);
                List<Socket> sockets = new ArrayList<>();
                for (int s = 0; s < subscribers; s++) {
                    Socket socket = subscribe(server.port(), token);
                    sockets.add(socket);
                    int reader = s;
                    Thread thread = new Thread(() -> read(socket, receivedAt[reader], duplicatesOrGaps, reader, events + 1,
                            caughtUp, done), "subscriber-" + s);
                    thread.setDaemon(true);
                    thread.start();
                }
                if (!caughtUp.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the subscribers did not all connect");
                }
                write(server.port(), token, events, rate, sentAt);
                boolean complete = done.await(120, TimeUnit.SECONDS);
                sockets.forEach(SseFanOutMeasurement::closeQuietly);
                report(subscribers, events, rate, sentAt, receivedAt, duplicatesOrGaps, complete);
            }
        }
    }

    private static Socket subscribe(int port, String token) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write(("GET /v1/sessions/" + SESSION.value() + "/stream HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads frames, noting the receipt time of each sequence (from the {@code id:} line). */
    private static void read(Socket socket, long[] receivedAt, int[] problems, int reader, long last,
                             CountDownLatch caughtUp, CountDownLatch done) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8), 64 * 1024)) {
            long expected = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("id: ")) {
                    continue;
                }
                long now = System.nanoTime();
                long sequence = Long.parseLong(line.substring(4));
                if (sequence != expected) {
                    problems[reader]++;
                }
                expected = sequence + 1;
                receivedAt[(int) sequence] = now;
                if (sequence == 1) {
                    caughtUp.countDown();
                }
                if (sequence == last) {
                    done.countDown();
                    return;
                }
            }
        } catch (IOException e) {
            // closed at the end, or the server dropped it: the report counts what arrived
        }
    }

    /** Appends {@code events} messages over HTTP at {@code rate} per second, noting when each was sent. */
    private static void write(int port, String token, int events, int rate, long[] sentAt) {
        EventCodec codec = EventCodec.standard();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long next = System.nanoTime();
        try (LoopbackHttp http = new LoopbackHttp(port, token)) {
            for (int i = 0; i < events; i++) {
                while (System.nanoTime() < next) {
                    LockSupport.parkNanos(Math.max(1_000, next - System.nanoTime() - 20_000));
                }
                byte[] event = codec.encodeEvent(UserMessageReceived.text("m-" + i, "fan-out message " + i));
                byte[] body = ("{\"expectedSequence\":" + (i + 1) + ",\"events\":["
                        + new String(event, StandardCharsets.UTF_8) + "]}").getBytes(StandardCharsets.UTF_8);
                sentAt[i + 2] = System.nanoTime();
                int status = http.post("/v1/sessions/" + SESSION.value() + "/events", body);
                if (status != 201) {
                    throw new IllegalStateException("append " + i + " was answered " + status);
                }
                next += interval;
            }
        }
    }

    private static void report(int subscribers, int events, int rate, long[] sentAt, long[][] receivedAt,
                               int[] problems, boolean complete) {
        long[] lags = new long[subscribers * events];
        int count = 0;
        int missing = 0;
        for (long[] reader : receivedAt) {
            for (int sequence = 2; sequence < sentAt.length; sequence++) {
                if (reader[sequence] == 0) {
                    missing++;
                } else {
                    lags[count++] = reader[sequence] - sentAt[sequence];
                }
            }
        }
        long[] sorted = Arrays.copyOf(lags, count);
        Arrays.sort(sorted);
        System.out.printf("subscribers %d, events %,d at %,d/s: %,d deliveries, %d missing, %d out of order, "
                        + "complete: %s%n", subscribers, events, rate, count, missing, Arrays.stream(problems).sum(),
                complete);
        System.out.printf("delivery lag (send to receipt), µs: p50 %.0f, p90 %.0f, p99 %.0f, p99.9 %.0f, max %.0f%n",
                micros(sorted, 0.50), micros(sorted, 0.90), micros(sorted, 0.99), micros(sorted, 0.999),
                micros(sorted, 1.0));
    }

    private static double micros(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000.0;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the measurement is over; a socket that fails to close changes nothing
        }
    }
}
