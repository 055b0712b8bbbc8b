package dev.sessionlog.store.writer;

/**
 * Where a test makes the writer fail the way Chronicle can: a fault in a memory-mapped file (a disk
 * that filled up under the mapping) surfaces as an {@code InternalError}, while the record is being
 * written, after it was committed, while the writer reopens the log, or later, wherever the JVM
 * delivers it. A real fault is hard to provoke on purpose; the writer's handling of one is not.
 * Production writers have {@link #NONE}.
 */
@FunctionalInterface
interface WriteFaults {
    /** No faults. */
    WriteFaults NONE = point -> { };

    /** The places a fault is injected at. */
    enum Point {
        /** The record's bytes are being written; the document is still open. */
        WRITING,
        /** The record was committed; its index not yet returned. */
        WRITTEN,
        /** The writer is reopening the log and catching the index up after a failure. */
        RECOVERING,
        /** The append is written and indexed, not yet committed to the ledger. */
        APPENDED
    }

    /** Called as the writer reaches {@code point}; throws to inject a fault there. */
    void at(Point point);
}
