package dev.sessionlog.store.log;

/**
 * Chronicle failed while reading the log: an exception of its own or an {@code InternalError} from
 * a fault in a mapped file (a day file cut short, a damaged header sending a tailer into garbage).
 * Thrown by a read to end early with what it had read; {@link QueueHandle} drops the tailer it used
 * and hands the partial result back, so no Chronicle error reaches a caller of the store.
 */
final class ChronicleReadFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Object partial;

    ChronicleReadFailure(Object partial, Throwable cause) {
        super("reading the log failed in Chronicle", cause, false, false);
        this.partial = partial;
    }

    /** What the read had when it failed. */
    @SuppressWarnings("unchecked")
    <T> T partial() {
        return (T) partial;
    }
}
