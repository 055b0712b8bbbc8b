package dev.sessionlog.server;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.SessionStore;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A {@link SessionStore} served over HTTP: the API of the design's "The HTTP API", described by
 * {@code GET /v1/openapi.json}, and the web console at {@code /} (a browser signs in with a
 * {@linkplain #signInLink() one-time link} or the token). The store stays the caller's: closing the
 * server does not close it.
 *
 * <pre>{@code
 * try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, ChronicleStoreOptions.defaults());
 *      SessionlogServer server = SessionlogServer.start(store, AccessToken.readOrCreate(dir),
 *              ServerOptions.defaults())) {
 *     System.out.println("listening on " + server.uri());
 *     server.awaitStop();
 * }
 * }</pre>
 *
 * <p>Threads: Jetty's selector reads requests without holding a worker, so a slow client costs a
 * connection, never a thread; workers are a bounded pool; server-sent events are written
 * asynchronously; the store's writer is never called from a thread that waits on a client.
 */
public final class SessionlogServer implements AutoCloseable {
    private final Server server;
    private final ApiHandler handler;
    private final ServerConnector connector;

    private SessionlogServer(Server server, ApiHandler handler, ServerConnector connector) {
        this.server = server;
        this.handler = handler;
        this.connector = connector;
    }

    /**
     * Starts serving {@code store}, requiring {@code token} on every request but {@code /v1/health}.
     *
     * @throws ServerStartException when the address cannot be bound
     */
    public static SessionlogServer start(SessionStore store, AccessToken token, ServerOptions options) {
        return start(store, token, options, false);
    }

    /**
     * Starts serving {@code store} for reading only, as {@code sessionlog console} does: the console
     * and every read of the API; every request that would change the store is refused with
     * {@code 403 forbidden}, whoever asks.
     *
     * @throws ServerStartException when the address cannot be bound
     */
    public static SessionlogServer startReadOnly(SessionStore store, AccessToken token, ServerOptions options) {
        return start(store, token, options, true);
    }

    private static SessionlogServer start(SessionStore store, AccessToken token, ServerOptions options,
                                          boolean readOnly) {
        requireArgument(store != null, "store must not be null");
        requireArgument(token != null, "token must not be null");
        requireArgument(options != null, "options must not be null");
        QueuedThreadPool threads = new QueuedThreadPool(options.maxThreads(), Math.min(4, options.maxThreads()));
        threads.setName("sessionlog-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(options.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        InetSocketAddress bind = options.bind();
        connector.setHost(bind.getAddress() != null ? bind.getAddress().getHostAddress() : bind.getHostString());
        connector.setPort(bind.getPort());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(options.maxConnections(), connector));
        SlowClientGuard guard = new SlowClientGuard(server.getScheduler(), options.headerTimeout());
        connector.addBean(guard);
        ApiHandler handler = new ApiHandler(store, token, options, readOnly);
        server.setHandler(handler);
        server.setErrorHandler(new ProblemErrorHandler());
        server.setStopTimeout(0);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // the start failure is what the caller needs to know
            }
            throw new ServerStartException("cannot serve on " + bind + ": " + e.getMessage(), e);
        }
        return new SessionlogServer(server, handler, connector);
    }

    /** The port listened on (the one chosen when the options asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URI, such as {@code http://127.0.0.1:7370}. */
    public URI uri() {
        String host = connector.getHost();
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + literal + ":" + port());
    }

    /**
     * A new link that signs a browser in to the web console once, with read access: {@code
     * http://HOST:PORT/#sign-in=CODE}. The code is in the fragment, which browsers never send, so it
     * lands in no access log; it works once and for ten minutes. Print it to whoever runs the server.
     */
    public URI signInLink() {
        return URI.create(uri() + "/#sign-in=" + handler.issueSignInCode());
    }

    /** How many event streams are open: for tests that check a closed client's stream is gone. */
    int openStreams() {
        return handler.openStreams();
    }

    /** Blocks until the server stops (another thread closed it). */
    public void awaitStop() throws InterruptedException {
        server.join();
    }

    /**
     * Ends open event streams (their clients resume with Last-Event-ID later) and stops at once. A
     * request in flight loses its answer, not its effect: an append the store accepted is stored, and
     * the client's retry is answered as a duplicate. Idempotent.
     */
    @Override
    public void close() {
        handler.closeStreams();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the HTTP server failed: " + e.getMessage(), e);
        }
    }

    /** The server could not start: the address is in use or cannot be bound. */
    public static final class ServerStartException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what failed @param cause why */
        public ServerStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
