package dev.sessionlog.event;

import java.util.Optional;

/**
 * Something that happened in a session, named in the past tense. Stored events are wrapped in a
 * {@link dev.sessionlog.RecordedEvent}, which adds the position, sequence, ids and time.
 *
 * <p>Code that must handle every event type uses a {@link Visitor}: adding an event type adds a
 * visitor method, so a projection that forgets the new type fails to compile.
 */
public sealed interface SessionEvent permits SessionStarted, UserMessageReceived, ModelCallStarted,
        ModelCallCompleted, ModelCallFailed, ToolResultRecorded, SettingsChanged, TranscriptCompacted,
        DeliveryRecorded, TurnAborted, CustomEntryRecorded, ContextMessageAdded, SessionKeyAssigned, SessionEnded {

    /** Calls the visitor method for this event's type. */
    <R> R accept(Visitor<R> visitor);

    /**
     * The key under which the store recognises a retry of this event, when it has one: a second
     * append with the same key returns the original sequence instead of storing a copy.
     */
    default Optional<String> idempotencyKey() {
        return Optional.empty();
    }

    /** One method per event type. */
    interface Visitor<R> {
        R sessionStarted(SessionStarted event);
        R userMessageReceived(UserMessageReceived event);
        R modelCallStarted(ModelCallStarted event);
        R modelCallCompleted(ModelCallCompleted event);
        R modelCallFailed(ModelCallFailed event);
        R toolResultRecorded(ToolResultRecorded event);
        R settingsChanged(SettingsChanged event);
        R transcriptCompacted(TranscriptCompacted event);
        R deliveryRecorded(DeliveryRecorded event);
        R turnAborted(TurnAborted event);
        R customEntryRecorded(CustomEntryRecorded event);
        R contextMessageAdded(ContextMessageAdded event);
        R sessionKeyAssigned(SessionKeyAssigned event);
        R sessionEnded(SessionEnded event);
    }
}
