package dev.sessionlog.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Drops a client that takes longer than the header limit to send a request's line and headers: the
 * slow-loris attack, which an idle timeout alone never stops, because a byte every few seconds
 * keeps a connection from being idle. Jetty reads headers without holding a thread, so such a
 * client costs a connection, not a worker; this bounds how long it keeps even that.
 *
 * <p>A connection is watched from the moment its parser has started a request head until the
 * head is complete; the connections are checked a few times per limit.
 */
final class SlowClientGuard extends AbstractLifeCycle implements Connection.Listener {
    private final Scheduler scheduler;
    private final long limitNanos;
    private final long checkMillis;
    private final Map<HttpConnection, Long> headStartedAt = new ConcurrentHashMap<>();
    private final Map<Connection, Boolean> open = new ConcurrentHashMap<>();
    private volatile Scheduler.Task task;

    SlowClientGuard(Scheduler scheduler, Duration headerLimit) {
        this.scheduler = scheduler;
        this.limitNanos = headerLimit.toNanos();
        this.checkMillis = Math.max(20, headerLimit.toMillis() / 4);
    }

    @Override
    protected void doStart() {
        schedule();
    }

    @Override
    protected void doStop() {
        Scheduler.Task running = task;
        if (running != null) {
            running.cancel();
        }
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, Boolean.TRUE);
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
        if (connection instanceof HttpConnection http) {
            headStartedAt.remove(http);
        }
    }

    private void schedule() {
        if (isRunning() || isStarting()) {
            task = scheduler.schedule(this::check, checkMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        long now = System.nanoTime();
        for (Connection connection : open.keySet()) {
            if (!(connection instanceof HttpConnection http)) {
                continue;
            }
            HttpParser parser = http.getParser();
            boolean readingHead = parser.inHeaderState() && !parser.isStart();
            if (!readingHead) {
                headStartedAt.remove(http);
                continue;
            }
            long since = headStartedAt.computeIfAbsent(http, c -> now);
            if (now - since > limitNanos) {
                headStartedAt.remove(http);
                http.getEndPoint().close();
            }
        }
        schedule();
    }
}
