package dev.sessionlog.store;

import dev.sessionlog.SessionStoreException;

/**
 * The store's log is damaged in a way that hides acknowledged events or makes appending unsafe (a
 * day file cut short or emptied, zeros where records were, a missing log, events the checkpoints
 * recorded that the log lost), or a repair of it was interrupted. The store was not opened for
 * writing and nothing was changed: a writer that appended anyway could write where readers never
 * look. {@link #damage()} names the damaged places and the lost events.
 *
 * <p>Run {@link ChronicleSessionStore#repair} ({@code sessionlog repair --store DIR}): it moves the
 * damaged files aside, salvages every readable record into a new log, and reports what was lost.
 * {@link ChronicleSessionStore#openReadOnly} still opens a damaged store and serves what is
 * readable.
 */
public final class StoreDamagedException extends SessionStoreException {
    private static final long serialVersionUID = 1L;
    private final transient StoreDamage damage;

    /** @param damage what is damaged and lost; @param what what could not be done, for the message */
    public StoreDamagedException(StoreDamage damage, String what) {
        super(what + ": the store " + damage.directory() + " is damaged and nothing was changed; run 'sessionlog"
                + " repair --store " + damage.directory() + "' to move the damaged files aside and salvage every"
                + " readable record; " + damage.summary());
        this.damage = damage;
    }

    /** The damaged places and the lost events. */
    public StoreDamage damage() {
        return damage;
    }
}
