package dev.sessionlog;

/**
 * The disk holding the store is nearly full: appends are refused before it fills, so nothing stored
 * is damaged. The store stays readable and accepts appends again once space returns.
 */
public final class StoreFullException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final long usableBytes;
    private final long reserveBytes;

    /** @param usableBytes free space seen; @param reserveBytes the configured reserve */
    public StoreFullException(String directory, long usableBytes, long reserveBytes) {
        super("the disk holding " + directory + " has " + usableBytes + " bytes free, below the reserve of "
                + reserveBytes + " bytes; appends are refused until space is freed");
        this.usableBytes = usableBytes;
        this.reserveBytes = reserveBytes;
    }

    /** Free space seen. */
    public long usableBytes() {
        return usableBytes;
    }

    /** The configured reserve. */
    public long reserveBytes() {
        return reserveBytes;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
