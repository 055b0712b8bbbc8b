package dev.sessionlog.kafka;

import dev.sessionlog.SessionStoreException;

/**
 * This node wrote an append as the owner of its partition, and Kafka refused the transaction because
 * another node owns the partition now: this node was paused or cut off for longer than its group
 * session, the group gave the partition to another node, and that node's writer fenced this one.
 * Nothing of the append was stored, and nothing this node wrote after losing the partition is
 * visible to anyone. Retrying is safe: the retry goes to the new owner.
 */
public final class PartitionOwnershipLostException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final int partition;

    /**
     * @param partition the partition this node no longer owns
     * @param cause what Kafka answered
     */
    public PartitionOwnershipLostException(int partition, Throwable cause) {
        super("this node no longer owns partition " + partition + " (another node's writer fenced it); nothing of"
                + " the append was stored: retry", cause);
        this.partition = partition;
    }

    /** The partition this node lost. */
    public int partition() {
        return partition;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
