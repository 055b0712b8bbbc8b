package dev.sessionlog.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.InMemorySessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients that hold connections without finishing a request are dropped; others are served meanwhile. */
class SlowClientTest {
    private final TestServer server = TestServer.start(
            InMemorySessionStore.builder().watchdogInterval(Duration.ZERO).build(),
            options -> options.withTimeouts(Duration.ofMillis(600), Duration.ofSeconds(1)));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_slow_loris_sending_headers_a_byte_at_a_time_is_dropped() throws Exception {
        byte[] head = ("GET /v1/sessions HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.token
                + "\r\nX-Padding: " + "p".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        long started = System.nanoTime();
        boolean dropped = false;
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < head.length - 4 && !dropped; i++) {
                out.write(head[i]);
                out.flush();
                Thread.sleep(40); // never idle for long: an idle timeout alone would not catch it
                dropped = closedByServer(in);
                if (i == 5) {
                    assertEquals(200, server.get("/v1/health").status(), "others are served meanwhile");
                }
            }
        } catch (IOException e) {
            dropped = true; // a write to the dropped connection failed
        }
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(dropped, "the slow client was never dropped");
        assertTrue(took < 5_000, "dropped only after " + took + " ms");
    }

    @Test
    void a_connection_that_sends_nothing_is_closed_by_the_idle_timeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server.port())) {
            socket.setSoTimeout(5_000);
            assertEquals(-1, socket.getInputStream().read(), "the server should close an idle connection");
        }
    }

    @Test
    void a_quick_client_on_a_kept_alive_connection_is_not_dropped() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(200, server.get("/v1/sessions").status());
            Thread.sleep(200);
        }
    }

    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }
}
