package dev.sessionlog.spi;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.StoreCursor;
import java.util.function.Consumer;

/**
 * A subscription's listener, run so that whatever it throws stays with its own subscription: the
 * failure is logged and reported to the caller, which closes that subscription; the store and other
 * subscribers go on. It also keeps where its subscription stands (the last position delivered and the
 * cursor after it), which the subscription answers from. Shared by every store's subscriptions so
 * they all behave alike.
 *
 * <p>Threads: {@link #deliver} runs on the subscription's delivery thread; the positions may be read
 * from any thread.
 */
public final class GuardedListener {
    private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

    private final Consumer<RecordedEvent> listener;
    private volatile long lastDelivered = -1;
    private volatile StoreCursor cursor;

    /** Guards {@code listener}, for a subscription that starts at {@code from} ({@link StoreCursor#start()} when null). */
    public GuardedListener(Consumer<RecordedEvent> listener, StoreCursor from) {
        this.listener = listener;
        this.cursor = from == null ? StoreCursor.start() : from;
    }

    /**
     * Hands {@code event} to the listener and, when it returns, moves past the event; false when it
     * threw, and its subscription must close. A {@link VirtualMachineError} is not the listener's to
     * swallow and passes through.
     */
    public boolean deliver(RecordedEvent event) {
        try {
            listener.accept(event);
            cursor = cursor.after(event);
            lastDelivered = event.position(); // written last: whoever sees it sees the cursor too
            return true;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "a subscription listener threw at position " + event.position()
                    + "; its subscription is closed", e);
            return false;
        }
    }

    /** The position of the last event the listener took, or -1 before the first. */
    public long lastDeliveredPosition() {
        return lastDelivered;
    }

    /** The cursor the subscription started from, moved past each event the listener took. */
    public StoreCursor cursor() {
        return cursor;
    }
}
