package dev.sessionlog;

/**
 * Another process is the store's writer. The lock is an OS file lock that the kernel drops when that
 * process dies, so it is never stale: open the store read-only, or stop the other process.
 */
public final class StoreLockedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final String directory;
    private final long ownerPid;

    /** @param ownerPid the pid of the writing process, or -1 when unknown */
    public StoreLockedException(String directory, long ownerPid) {
        super("the store " + directory + " is open for writing by another process"
                + (ownerPid > 0 ? " (pid " + ownerPid + ")" : "") + "; open it read-only or stop that process");
        this.directory = directory;
        this.ownerPid = ownerPid;
    }

    /** The store directory. */
    public String directory() {
        return directory;
    }

    /** The writing process's pid, or -1 when unknown. */
    public long ownerPid() {
        return ownerPid;
    }
}
