package dev.sessionlog.kafka;

import dev.sessionlog.SessionStoreException;
import java.nio.file.Path;

/**
 * This node's replica of the events topic stopped: it could not write its local copy of the events
 * (its disk below the options' reserve, full or failing), so what it would answer could be out of
 * date. Nothing stored in Kafka is affected: the node leaves the group, other nodes take its
 * partitions over, and its appends are forwarded to them and answered; its reads fail with this
 * exception until it is closed and opened again, once the disk is mended.
 */
public final class ReplicaStoppedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final transient Path directory;

    /**
     * @param directory the folder of this node's copy
     * @param cause why it could not be written
     */
    public ReplicaStoppedException(Path directory, Throwable cause) {
        super("this node's replica of the events stopped (" + cause.getMessage() + "); its copy is in " + directory
                + "; reopen the store on this node once that is mended", cause);
        this.directory = directory;
    }

    /** The folder of this node's copy of the events. */
    public Path directory() {
        return directory;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
