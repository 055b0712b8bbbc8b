package dev.sessionlog.spi;

import dev.sessionlog.RecordedEvent;
import java.util.function.Consumer;

/**
 * A subscription's listener, run so that whatever it throws stays with its own subscription: the
 * failure is logged and reported to the caller, which closes that subscription; the store and other
 * subscribers go on. Shared by every store's subscriptions so they all behave alike.
 */
public final class GuardedListener {
    private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());

    private final Consumer<RecordedEvent> listener;

    /** Guards {@code listener}. */
    public GuardedListener(Consumer<RecordedEvent> listener) {
        this.listener = listener;
    }

    /**
     * Hands {@code event} to the listener; false when it threw, and its subscription must close.
     * A {@link VirtualMachineError} is not the listener's to swallow and passes through.
     */
    public boolean deliver(RecordedEvent event) {
        try {
            listener.accept(event);
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
}
