package dev.sessionlog.store;

import net.openhft.posix.PosixAPI;

/**
 * A process that will only read stores (a CLI listing, a read-only console) says so before it opens
 * one, and starts faster.
 *
 * <p>Chronicle binds the C library through JNR when its first class initialises: it generates and
 * loads native call stubs, about a tenth of a second of CPU, a fifth of a short command's start-up.
 * That binding is used only by writers ({@code msync} for {@code SYNC} appends, pre-touching pages).
 * {@link #declare} gives Chronicle its no-op binding instead; from then on nothing in this JVM may
 * write a store, and {@link ChronicleSessionStore#open}, {@link ChronicleSessionStore#repair} and
 * {@link ChronicleSessionStore#backup} refuse with an {@link IllegalStateException} rather than
 * write without syncing. Embedders that write never call it.
 */
public final class ReadOnlyProcess {
    private static boolean declared;
    private static boolean writing;

    private ReadOnlyProcess() {}

    /**
     * Declares that this JVM will never write a store. Call it before the first store opens.
     *
     * @throws IllegalStateException when a store has already been opened for writing in this JVM
     */
    public static synchronized void declare() {
        if (writing) {
            throw new IllegalStateException("a store was opened for writing in this JVM: it cannot be declared"
                    + " read-only");
        }
        declared = true;
        PosixAPI.useNoOpPosixApi();
    }

    /** Notes that {@code what} writes a store; refused when the process declared it only reads. */
    static synchronized void requireWriting(String what) {
        if (declared) {
            throw new IllegalStateException("cannot " + what + ": this JVM declared it only reads stores"
                    + " (ReadOnlyProcess.declare), so it cannot sync what it writes");
        }
        writing = true;
    }
}
