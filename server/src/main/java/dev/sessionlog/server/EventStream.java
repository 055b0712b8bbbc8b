package dev.sessionlog.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The writing end of one server-sent-events response: a bounded queue of frames drained by
 * asynchronous writes, one write in flight at a time, and a heartbeat comment every interval.
 * What fills the queue is a {@link SessionStream} or a {@link StoreStream}.
 *
 * <p>Nothing here blocks a thread: writes complete through callbacks, so a client that reads
 * slowly holds no server thread, only its queue. When a write completes and the queue has room,
 * {@code onRoom} asks the source for more.
 */
final class EventStream {
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PRELUDE = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_WRITE_BYTES = 64 * 1024;

    private final Response response;
    private final Callback done;
    private final Scheduler scheduler;
    private final Duration heartbeat;
    private final BlockingQueue<byte[]> frames;
    private final int capacity;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> onClose = new ArrayList<>();
    private volatile Runnable onRoom = () -> { };
    private volatile Scheduler.Task heartbeatTask;

    EventStream(Response response, Callback done, Scheduler scheduler, ServerOptions options) {
        this.response = response;
        this.done = done;
        this.scheduler = scheduler;
        this.heartbeat = options.heartbeatInterval();
        this.capacity = options.streamQueueFrames();
        // one slot more than the sources may fill, for a heartbeat or the prelude
        this.frames = new ArrayBlockingQueue<>(capacity + 1);
    }

    /** The frame of one event: {@code id:}, {@code event:} the wire name, {@code data:} the recorded event. */
    static byte[] frame(String id, WireEvents.Encoded event) {
        byte[] head = ("id: " + id + "\nevent: " + event.wireName() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[head.length + event.json().length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(event.json(), 0, frame, head.length, event.json().length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** Asks {@code source} for more whenever a write leaves room. */
    void onRoom(Runnable source) {
        this.onRoom = source;
    }

    /** Runs {@code release} once the stream closes (at once if it has). */
    void onClose(Runnable release) {
        synchronized (onClose) {
            if (!closed.get()) {
                onClose.add(release);
                return;
            }
        }
        release.run();
    }

    /** Sends the headers and the prelude, and starts the heartbeat. */
    void start() {
        frames.add(PRELUDE);
        pump();
        scheduleHeartbeat();
    }

    /** How many more frames the queue takes now. */
    int room() {
        return Math.max(0, capacity - frames.size());
    }

    /** Queues a frame without waiting; false when the queue is full. */
    boolean offer(byte[] frame) {
        if (closed.get() || frames.size() >= capacity || !frames.offer(frame)) {
            return false;
        }
        pump();
        return true;
    }

    /** Queues a frame, waiting up to {@code patience} for room; false when there was none. */
    boolean offer(byte[] frame, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!offer(frame)) {
            if (closed.get() || System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return true;
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
        if (room() > 0) {
            onRoom.run();
        }
    }

    /** Ends the stream: the client went away, fell behind, or the server stops. The response is aborted. */
    void close(Throwable why) {
        List<Runnable> releases;
        synchronized (onClose) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            releases = new ArrayList<>(onClose);
        }
        Scheduler.Task task = heartbeatTask;
        if (task != null) {
            task.cancel();
        }
        frames.clear();
        releases.forEach(Runnable::run);
        done.failed(why);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** The client took nothing for too long, or fell too far behind the live events. */
    static final class ClientTooSlowException extends Exception {
        private static final long serialVersionUID = 1L;

        ClientTooSlowException(String why) {
            super(why + "; it may resume with Last-Event-ID", null, false, false);
        }
    }
}
