package dev.sessionlog;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.codec.EventCodec;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.spi.AppendArguments;
import dev.sessionlog.spi.AppendLimits;
import dev.sessionlog.spi.AppendPlan;
import dev.sessionlog.spi.DefaultSessionHandle;
import dev.sessionlog.spi.OpenCall;
import dev.sessionlog.spi.SessionLedger;
import dev.sessionlog.spi.GuardedListener;
import dev.sessionlog.spi.SessionViews;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * A {@link SessionStore} in memory, for tests and for gateways that need no durability.
 *
 * <p>What is the same as in the durable {@code ChronicleSessionStore}: the append rules and the
 * order of their checks (one {@link SessionLedger}), the size limits ({@link AppendLimits}, measured
 * on the same encoding), the errors and their types, the bounded writer queue that refuses with
 * {@link StoreBusyException} when full, the order of appends (one writer at a time, in queue order),
 * and the events that reads, projections, the index and subscriptions return. Code tested against
 * this store gets the same answers from the durable one, but for what only a disk causes
 * ({@link StoreFullException}, recovery after a crash) and the values of positions.
 *
 * <p>What differs is threading: here one dedicated writer thread takes every request from the queue
 * and completes the futures on itself, so a callback chained without {@code ...Async} runs on the
 * writer and delays the appends behind it. The durable store's writer is a role that callers take
 * in turn (ADR 0009): an append may be written on the calling thread, and futures complete after
 * the role is released, on whichever thread wrote. Neither runs callbacks on a thread the caller
 * chose; chain slow work with the {@code ...Async} methods in both. Nothing here survives
 * {@link #close()}. Positions are 0, 1, 2 … in append order across all sessions.
 *
 * <p>Design notes. The writer thread owns the {@link SessionLedger} and is the only thread that
 * changes the store; callers hand it requests through a bounded queue and get a
 * {@link CompletableFuture}. Reads run on the caller's thread against per-session append-only lists
 * and never wait for the writer. Each subscription has its own delivery thread tailing the
 * store-wide list, so a slow or throwing listener delays only itself. A watchdog thread (optional)
 * hands the writer a request to end the calls past their deadline.
 *
 * <p>After {@code SessionEnded(DELETED)} a session's events are no longer returned by reads,
 * projections or the index; subscriptions tail the log as it was written and have delivered them.
 */
public final class InMemorySessionStore implements SessionStore, DeadlineWatchdog {
    private static final System.Logger LOG = System.getLogger(InMemorySessionStore.class.getName());
    private static final String DESCRIPTION = "in memory";
    private static final int DELIVERY_BATCH = 256;
    private static final long WRITER_IDLE_CHECK_MILLIS = 100;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final Clock clock;
    private final EventCodec codec = EventCodec.standard();
    private final int queueCapacity;
    private final FailureClassifier classifier;
    private final SessionViews views;

    private final Map<SessionId, EventList> sessions = new ConcurrentHashMap<>();
    private final EventList log = new EventList();
    private final SessionLedger ledger;
    private final BlockingQueue<Request> queue;
    private final Thread writer;
    private final ScheduledExecutorService watchdog;
    private final Set<Delivery> deliveries = ConcurrentHashMap.newKeySet();
    // Appends take the read side to enqueue; close takes the write side, so no request slips in after the stop.
    private final ReadWriteLock submission = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private long nextPosition; // writer thread only

    private InMemorySessionStore(Builder b) {
        this.clock = b.clock;
        this.queueCapacity = b.writerQueueCapacity;
        this.classifier = b.classifier;
        this.views = b.views;
        this.ledger = new SessionLedger(clock, (session, sequence) -> {
            EventList events = sessions.get(session);
            return events == null ? Optional.empty() : events.get(sequence - 1);
        });
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        int id = THREAD_IDS.incrementAndGet();
        this.writer = new Thread(this::runWriter, "sessionlog-memory-writer-" + id);
        writer.setDaemon(true);
        writer.start();
        if (b.watchdogInterval.isZero()) {
            watchdog = null;
        } else {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sessionlog-memory-watchdog-" + id);
                t.setDaemon(true);
                return t;
            });
            long millis = Math.max(1, b.watchdogInterval.toMillis());
            watchdog.scheduleWithFixedDelay(this::watchdogTick, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** A store with the defaults: system clock, a watchdog every second. */
    public static InMemorySessionStore create() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<AppendResult> appendAll(SessionId session, ExpectedSequence expected,
                                                     List<NewEvent> events) {
        List<NewEvent> batch = AppendArguments.checkedBatch(session, expected, events);
        CompletableFuture<AppendResult> done = new CompletableFuture<>();
        submit(new Request(() -> done.complete(write(session, expected, batch)), done::completeExceptionally));
        return done;
    }

    @Override
    public List<RecordedEvent> read(SessionId session, long fromSequence, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(fromSequence >= 1, "from sequence must be at least 1, was %s", fromSequence);
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        EventList events = readable(session);
        return events == null ? List.of() : events.range(fromSequence - 1, maxCount);
    }

    @Override
    public List<RecordedEvent> readLast(SessionId session, int maxCount) {
        requireArgument(session != null, "session must not be null");
        requireArgument(maxCount >= 0, "max count must not be negative, was %s", maxCount);
        EventList events = readable(session);
        return events == null ? List.of() : events.last(maxCount);
    }

    @Override
    public <S> S project(SessionId session, Projection<S> projection) {
        requireArgument(session != null, "session must not be null");
        requireArgument(projection != null, "projection must not be null");
        EventList events = readable(session);
        return events == null ? projection.initial() : projection.fold(events.snapshot());
    }

    @Override
    public Optional<SessionSummary> summary(SessionId session) {
        requireArgument(session != null, "session must not be null");
        return ledger.summary(session);
    }

    @Override
    public List<SessionSummary> sessions(SessionQuery query) {
        return ledger.sessions(query);
    }

    @Override
    public Subscription subscribe(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
        requireArgument(request != null, "subscription request must not be null");
        requireArgument(listener != null, "listener must not be null");
        if (closed) {
            throw new StoreClosedException(DESCRIPTION);
        }
        Delivery delivery = new Delivery(request, listener);
        deliveries.add(delivery);
        if (closed) { // close() ran between the check and the add, and has not seen this one
            delivery.close();
            throw new StoreClosedException(DESCRIPTION);
        }
        delivery.thread.start();
        return delivery;
    }

    @Override
    public SessionHandle session(SessionId session) {
        return new DefaultSessionHandle(this, session, clock, classifier, views);
    }

    /** Hands the writer a request to end the overdue calls as {@code TIMEOUT}, and waits for it. */
    @Override
    public int endOverdueCalls() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        submit(new Request(() -> done.complete(endOverdue()), done::completeExceptionally));
        try {
            return done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Completes the appends already accepted, then refuses new ones with {@link StoreClosedException}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        submission.writeLock().lock();
        try {
            closed = true;
        } finally {
            submission.writeLock().unlock();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        boolean interrupted = false;
        if (Thread.currentThread() != writer) { // on the writer (a future's callback), it stops once drained
            try {
                queue.put(Request.STOP);
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        deliveries.forEach(Delivery::close);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Request request) {
        submission.readLock().lock();
        try {
            if (closed) {
                request.refuse(new StoreClosedException(DESCRIPTION));
            } else if (!queue.offer(request)) {
                request.refuse(new StoreBusyException(queueCapacity));
            }
        } finally {
            submission.readLock().unlock();
        }
    }

    private void runWriter() {
        while (true) {
            Request request;
            try {
                request = queue.poll(WRITER_IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // only close() stops the writer, so that accepted appends complete
            }
            if (request == Request.STOP || (request == null && closed)) {
                return; // closed and drained; the idle check covers a close() called on this very thread
            }
            if (request == null) {
                continue;
            }
            try {
                request.work().run();
            } catch (RuntimeException | Error e) {
                request.refuse(e); // the writer outlives any one request, or every later future would hang
                if (e instanceof VirtualMachineError) {
                    throw e;
                }
            }
        }
    }

    // Writer thread only.
    private AppendResult write(SessionId session, ExpectedSequence expected, List<NewEvent> events) {
        AppendPlan plan = ledger.plan(session, expected, events);
        if (plan.isDuplicate()) {
            return plan.duplicateResult();
        }
        List<byte[]> encoded = new ArrayList<>(plan.toWrite().size());
        for (RecordedEvent event : plan.toWrite()) {
            encoded.add(codec.encode(event)); // what the durable store writes, so the limits measure alike
        }
        AppendLimits.check(session, plan.toWrite(), encoded);
        long[] positions = new long[plan.toWrite().size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = nextPosition++;
        }
        List<RecordedEvent> written = plan.positioned(positions);
        AppendResult result = ledger.commit(plan, positions);
        sessions.computeIfAbsent(session, s -> new EventList()).addAll(written);
        log.addAll(written);
        return result;
    }

    // Writer thread only.
    private int endOverdue() {
        int ended = 0;
        for (OpenCall call : ledger.overdueCalls()) {
            ModelCallFailed timeout = ModelCallFailed.of(call.started().callId(), call.started().provider(),
                    call.started().model(), FailureKind.TIMEOUT);
            try {
                AppendResult result = write(call.session(), ExpectedSequence.any(), List.of(NewEvent.of(timeout)));
                ended += result.duplicate() ? 0 : 1;
            } catch (SessionStoreException e) {
                LOG.log(System.Logger.Level.WARNING, "could not end overdue model call " + call.started().callId()
                        + " of session " + call.session(), e);
            }
        }
        return ended;
    }

    private void watchdogTick() {
        try {
            endOverdueCalls();
        } catch (StoreBusyException | StoreClosedException e) {
            // Busy: the next tick tries again. Closed: this tick raced close(); nothing left to do.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "deadline watchdog failed", e);
        }
    }

    private EventList readable(SessionId session) {
        return ledger.isDeleted(session) ? null : sessions.get(session);
    }

    /** A unit of writer work and how to refuse it. */
    private record Request(Runnable work, Consumer<Throwable> refusal) {
        static final Request STOP = new Request(() -> { }, e -> { });

        void refuse(Throwable error) {
            refusal.accept(error);
        }
    }

    /** One subscription: a thread that tails the store-wide list from the requested point on. */
    private final class Delivery implements Subscription {
        private final SubscriptionRequest request;
        private final GuardedListener listener;
        private final Thread thread;
        private volatile boolean active = true;

        Delivery(SubscriptionRequest request, Consumer<RecordedEvent> listener) {
            this.request = request;
            this.listener = new GuardedListener(listener, request.cursor());
            this.thread = new Thread(this::run, "sessionlog-memory-subscription-" + THREAD_IDS.incrementAndGet());
            thread.setDaemon(true);
        }

        private void run() {
            // Positions are indexes into the store-wide list, so a position request starts right there.
            long next = request.session() == null ? request.fromPosition() : 0;
            try {
                while (active) {
                    for (RecordedEvent event : log.await(next, DELIVERY_BATCH, this::isActive)) {
                        next++;
                        if (!active) {
                            return;
                        }
                        if (request.matches(event)) {
                            deliver(event);
                        }
                    }
                }
            } catch (InterruptedException e) {
                close();
            }
        }

        private void deliver(RecordedEvent event) {
            if (!listener.deliver(event)) {
                close();
            }
        }

        @Override
        public boolean isActive() {
            return active;
        }

        @Override
        public long lastDeliveredPosition() {
            return listener.lastDeliveredPosition();
        }

        @Override
        public StoreCursor cursor() {
            return listener.cursor();
        }

        @Override
        public void close() {
            active = false;
            deliveries.remove(this);
            log.wakeReaders();
        }
    }

    /** Configures an {@link InMemorySessionStore}. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration watchdogInterval = Duration.ofSeconds(1);
        private int writerQueueCapacity = 8192;
        private FailureClassifier classifier = FailureClassifier.standard();
        private SessionViews views = SessionViews.standard();

        private Builder() {}

        /** The clock for recorded-at times and deadlines (default: the UTC system clock). */
        public Builder clock(Clock clock) {
            requireArgument(clock != null, "clock must not be null");
            this.clock = clock;
            return this;
        }

        /** How often overdue calls are ended (default 1 s); {@link Duration#ZERO} runs no background watchdog. */
        public Builder watchdogInterval(Duration interval) {
            requireArgument(interval != null && !interval.isNegative(), "watchdog interval must not be negative");
            this.watchdogInterval = interval;
            return this;
        }

        /** How many appends may wait for the writer before appends are refused as busy (default 8192). */
        public Builder writerQueueCapacity(int capacity) {
            requireArgument(capacity >= 1, "writer queue capacity must be positive, was %s", capacity);
            this.writerQueueCapacity = capacity;
            return this;
        }

        /** How {@link ModelCall#fail} classifies failures (default: the standard rules). */
        public Builder failureClassifier(FailureClassifier classifier) {
            requireArgument(classifier != null, "failure classifier must not be null");
            this.classifier = classifier;
            return this;
        }

        // The session handle's views; tests replace them.
        Builder views(SessionViews views) {
            requireArgument(views != null, "views must not be null");
            this.views = views;
            return this;
        }

        /** A running store. */
        public InMemorySessionStore build() {
            return new InMemorySessionStore(this);
        }
    }
}
