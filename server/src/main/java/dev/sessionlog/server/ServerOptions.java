package dev.sessionlog.server;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link SessionlogServer} listens and what it tolerates from clients.
 *
 * @param bind the address and port to listen on; port 0 picks a free one
 * @param maxRequestBytes the largest request body accepted; larger is answered {@code 413}
 * @param maxHeaderBytes the largest request line plus headers accepted; larger is refused
 * @param headerTimeout how long a client may take to send a request's line and headers before it
 *     is dropped (the slow-loris limit)
 * @param idleTimeout how long a connection may be idle, without a request or a response byte moving
 * @param heartbeatInterval how often a server-sent-events stream sends a heartbeat comment
 * @param streamStallLimit how long a stream waits for a client that reads nothing before closing it
 * @param streamQueueFrames how many events a stream holds for its client before waiting
 * @param maxConnections the most open connections; more wait to be accepted
 * @param maxThreads the most threads serving requests
 * @param clock the clock model-call deadlines are computed with: the store's
 */
public record ServerOptions(InetSocketAddress bind, long maxRequestBytes, int maxHeaderBytes, Duration headerTimeout,
                            Duration idleTimeout, Duration heartbeatInterval, Duration streamStallLimit,
                            int streamQueueFrames, int maxConnections, int maxThreads, Clock clock) {
    /** The address {@code sessionlog serve} listens on by default. */
    public static final InetSocketAddress DEFAULT_BIND = new InetSocketAddress("127.0.0.1", 7370);

    /** Validates every field. */
    public ServerOptions {
        requireArgument(bind != null, "bind address must not be null");
        requireArgument(maxRequestBytes >= 1024 && maxRequestBytes <= 64L << 20,
                "max request bytes must be between 1 KiB and 64 MiB, was %s", maxRequestBytes);
        requireArgument(maxHeaderBytes >= 1024 && maxHeaderBytes <= 1 << 20,
                "max header bytes must be between 1 KiB and 1 MiB, was %s", maxHeaderBytes);
        requirePositive(headerTimeout, "header timeout");
        requirePositive(idleTimeout, "idle timeout");
        requirePositive(heartbeatInterval, "heartbeat interval");
        requirePositive(streamStallLimit, "stream stall limit");
        requireArgument(streamQueueFrames >= 2 && streamQueueFrames <= 1 << 20,
                "stream queue must hold between 2 and %s frames, was %s", 1 << 20, streamQueueFrames);
        requireArgument(maxConnections >= 1, "max connections must be at least 1, was %s", maxConnections);
        requireArgument(maxThreads >= 4, "max threads must be at least 4, was %s", maxThreads);
        requireArgument(clock != null, "clock must not be null");
    }

    private static void requirePositive(Duration value, String name) {
        requireArgument(value != null && !value.isNegative() && !value.isZero(), "%s must be positive, was %s",
                name, value);
    }

    /**
     * Loopback port 7370, 1 MiB bodies, 16 KiB headers, 10 s to send headers, 60 s idle, a heartbeat
     * every 15 s, a stream stalled after 60 s, 1,024 queued frames, 4,096 connections, 64 threads.
     */
    public static ServerOptions defaults() {
        return new ServerOptions(DEFAULT_BIND, 1L << 20, 16 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(15), Duration.ofSeconds(60), 1024, 4096, 64, Clock.systemUTC());
    }

    /** These options listening on {@code address}. */
    public ServerOptions withBind(InetSocketAddress address) {
        return new ServerOptions(address, maxRequestBytes, maxHeaderBytes, headerTimeout, idleTimeout,
                heartbeatInterval, streamStallLimit, streamQueueFrames, maxConnections, maxThreads, clock);
    }

    /** These options with another body limit. */
    public ServerOptions withMaxRequestBytes(long bytes) {
        return new ServerOptions(bind, bytes, maxHeaderBytes, headerTimeout, idleTimeout, heartbeatInterval,
                streamStallLimit, streamQueueFrames, maxConnections, maxThreads, clock);
    }

    /** These options with other header and idle timeouts. */
    public ServerOptions withTimeouts(Duration header, Duration idle) {
        return new ServerOptions(bind, maxRequestBytes, maxHeaderBytes, header, idle, heartbeatInterval,
                streamStallLimit, streamQueueFrames, maxConnections, maxThreads, clock);
    }

    /** These options with another heartbeat interval. */
    public ServerOptions withHeartbeatInterval(Duration interval) {
        return new ServerOptions(bind, maxRequestBytes, maxHeaderBytes, headerTimeout, idleTimeout, interval,
                streamStallLimit, streamQueueFrames, maxConnections, maxThreads, clock);
    }

    /** These options with another stream queue and stall limit. */
    public ServerOptions withStreamLimits(int queueFrames, Duration stallLimit) {
        return new ServerOptions(bind, maxRequestBytes, maxHeaderBytes, headerTimeout, idleTimeout, heartbeatInterval,
                stallLimit, queueFrames, maxConnections, maxThreads, clock);
    }

    /** These options computing deadlines with {@code newClock} (the store's). */
    public ServerOptions withClock(Clock newClock) {
        return new ServerOptions(bind, maxRequestBytes, maxHeaderBytes, headerTimeout, idleTimeout, heartbeatInterval,
                streamStallLimit, streamQueueFrames, maxConnections, maxThreads, newClock);
    }
}
