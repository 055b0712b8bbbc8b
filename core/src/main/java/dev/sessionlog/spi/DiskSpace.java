package dev.sessionlog.spi;

import dev.sessionlog.StoreFullException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A writer's view of the free space on the disk it writes to (the Chronicle store's log, a Kafka
 * node's replica files). Reading it is a {@code statvfs} call, about
 * a sixth of an uncontended append, so a reading is reused for up to {@value #MAX_AGE_MILLIS} ms
 * with the bytes written since subtracted: the writer's own appends can never outrun it. Within
 * twice the reserve of the limit every check reads afresh, and an append is refused only on a
 * fresh reading, so other processes filling the same disk are noticed at once where it matters;
 * far from the limit they could only eat into the reserve for a moment. Used by the writer only.
 */
public final class DiskSpace {
    /** How long a reading is trusted while far from the reserve. */
    static final long MAX_AGE_MILLIS = 100;

    /** Reads the usable bytes of the disk. */
    @FunctionalInterface
    public interface UsableBytes {
        long read() throws IOException;
    }

    private final UsableBytes usableBytes;
    private final long reserveBytes;
    private final LongSupplier nanoTime;
    private long lastReading;
    private long readAtNanos;
    private long writtenSinceReading;
    private boolean hasReading;

    /**
     * @param usableBytes reads the disk's usable bytes ({@code FileStore::getUsableSpace})
     * @param reserveBytes the free space writes must leave
     * @param nanoTime the clock readings age by
     */
    public DiskSpace(UsableBytes usableBytes, long reserveBytes, LongSupplier nanoTime) {
        this.usableBytes = usableBytes;
        this.reserveBytes = reserveBytes;
        this.nanoTime = nanoTime;
    }

    /**
     * Checks that writing {@code bytes} leaves the reserve free.
     *
     * @param store names the store in the exception
     * @throws StoreFullException when it would not
     * @throws IOException when the free space cannot be read
     */
    public void require(long bytes, String store) throws IOException {
        // a reused reading is at least twice the reserve away from the limit, so a refusal below
        // always follows a fresh reading
        if (!hasReading || stale() || left() - bytes < 2 * reserveBytes) {
            read();
        }
        if (left() - bytes < reserveBytes) {
            throw new StoreFullException(store, Math.max(0, left()), reserveBytes);
        }
    }

    /** Records that {@code bytes} were written since the last reading. */
    public void wrote(long bytes) {
        writtenSinceReading += bytes;
    }

    private boolean stale() {
        return nanoTime.getAsLong() - readAtNanos > TimeUnit.MILLISECONDS.toNanos(MAX_AGE_MILLIS);
    }

    private long left() {
        return lastReading - writtenSinceReading;
    }

    private void read() throws IOException {
        lastReading = usableBytes.read();
        readAtNanos = nanoTime.getAsLong();
        writtenSinceReading = 0;
        hasReading = true;
    }
}
