package dev.sessionlog.server;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionStore;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One server-sent-events response: a store subscription feeding a bounded queue of frames, and
 * asynchronous writes draining it, one write in flight at a time.
 *
 * <p>Design notes. Nothing here ever blocks a thread the server needs: the subscription's listener
 * runs on the store's thread for this subscription and waits at most {@code stallLimit} for room
 * in the queue (back-pressure while a client catches up); writes are asynchronous, so a slow
 * reader holds no server thread. A consumer that takes nothing for {@code stallLimit} is hung: its
 * stream is closed, and it resumes with {@code Last-Event-ID} when it comes back, losing nothing.
 * A heartbeat comment every {@code heartbeat} keeps proxies from closing a quiet stream and finds
 * a client that went away.
 */
final class EventStream {
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRELUDE = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    private final Response response;
    private final Callback done;
    private final Scheduler scheduler;
    private final WireEvents wire;
    private final Duration heartbeat;
    private final Duration stallLimit;
    private final Identity identity;
    private final BlockingQueue<byte[]> frames;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Subscription subscription;
    private volatile Scheduler.Task heartbeatTask;

    /** What an event's {@code id:} is: its sequence, or the encoded cursor after it. */
    interface Identity {
        String idAfter(RecordedEvent event);
    }

    /** Ids for a one-session stream: the sequence. */
    static Identity bySequence() {
        return event -> Long.toString(event.sequence());
    }

    /** Ids for the all-sessions stream: the cursor after each event, starting from {@code from}. */
    static Identity byCursor(StoreCursor from) {
        StoreCursor[] cursor = {from};
        // only the subscription's one thread calls it, in order
        return event -> {
            cursor[0] = cursor[0].after(event);
            return cursor[0].encode();
        };
    }

    EventStream(Response response, Callback done, Scheduler scheduler, WireEvents wire, Identity identity,
                ServerOptions options) {
        this.response = response;
        this.done = done;
        this.scheduler = scheduler;
        this.wire = wire;
        this.identity = identity;
        this.heartbeat = options.heartbeatInterval();
        this.stallLimit = options.streamStallLimit();
        this.frames = new ArrayBlockingQueue<>(options.streamQueueFrames());
    }

    /**
     * Subscribes, then sends the headers and the prelude, then catch-up and live events from
     * {@code request}. When the store refuses the subscription, nothing has been sent.
     */
    void open(SessionStore store, SubscriptionRequest request) {
        frames.add(PRELUDE);
        Consumer<RecordedEvent> listener = this::enqueue;
        subscription = store.subscribe(request, listener); // throws before anything is sent: a problem answers
        if (closed.get()) { // the client went away while the subscription started
            subscription.close();
            return;
        }
        pump();
        scheduleHeartbeat();
    }

    private void enqueue(RecordedEvent event) {
        if (closed.get()) {
            return;
        }
        WireEvents.Encoded encoded = wire.encode(event);
        byte[] frame = frame(identity.idAfter(event), encoded);
        try {
            if (!frames.offer(frame, stallLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                close(new StreamStalledException());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(e);
            return;
        }
        pump();
    }

    private static byte[] frame(String id, WireEvents.Encoded event) {
        byte[] head = ("id: " + id + "\nevent: " + event.wireName() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + event.json().length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(event.json(), 0, frame, head.length, event.json().length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    private void scheduleHeartbeat() {
        if (!closed.get()) {
            heartbeatTask = scheduler.schedule(this::beat, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        frames.offer(HEARTBEAT); // a full queue means data is flowing: no heartbeat needed
        pump();
        scheduleHeartbeat();
    }

    /** Starts a write of what is queued, unless one is in flight; its completion starts the next. */
    private void pump() {
        if (!closed.get() && !frames.isEmpty() && writing.compareAndSet(false, true)) {
            List<byte[]> batch = new ArrayList<>();
            int size = 0;
            for (byte[] next = frames.peek(); next != null && (batch.isEmpty() || size + next.length <= MAX_WRITE_BYTES);
                 next = frames.peek()) {
                batch.add(frames.poll());
                size += next.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            batch.forEach(buffer::put);
            buffer.flip();
            response.write(false, buffer, Callback.from(this::written, this::close));
        }
    }

    private void written() {
        writing.set(false);
        pump();
    }

    /** Ends the stream: the client went away, stalled, or the server stops. The response is aborted. */
    void close(Throwable why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Subscription running = subscription;
        if (running != null) {
            running.close();
        }
        Scheduler.Task task = heartbeatTask;
        if (task != null) {
            task.cancel();
        }
        frames.clear();
        done.failed(why);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The client took nothing for the stall limit. */
    static final class StreamStalledException extends Exception {
        private static final long serialVersionUID = 1L;

        StreamStalledException() {
            super("the client read nothing for too long; it may resume with Last-Event-ID", null, false, false);
        }
    }
}
