package dev.sessionlog.spi;

import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.UserMessageReceived;

/** Which append rule governs an event: the ledger switches over this, so a new event type must pick one. */
enum AppendRole {
    /** {@code SessionStarted}: only first. */
    START,
    /** A message or delivery with an idempotency key (or none): a repeated key is a no-op. */
    KEYED,
    /** {@code ModelCallStarted}: opens a call. */
    CALL_START,
    /** {@code ModelCallCompleted} or {@code ModelCallFailed}: ends a known, open call once. */
    CALL_END,
    /** {@code SessionKeyAssigned}: once, on a session without a key. */
    KEY_ASSIGNED,
    /** {@code SessionEnded}: nothing after it. */
    END,
    /** Everything else: appended as it is. */
    PLAIN;

    private static final SessionEvent.Visitor<AppendRole> VISITOR = new SessionEvent.Visitor<>() {
        @Override
        public AppendRole sessionStarted(SessionStarted event) {
            return START;
        }

        @Override
        public AppendRole userMessageReceived(UserMessageReceived event) {
            return KEYED;
        }

        @Override
        public AppendRole modelCallStarted(ModelCallStarted event) {
            return CALL_START;
        }

        @Override
        public AppendRole modelCallCompleted(ModelCallCompleted event) {
            return CALL_END;
        }

        @Override
        public AppendRole modelCallFailed(ModelCallFailed event) {
            return CALL_END;
        }

        @Override
        public AppendRole toolResultRecorded(ToolResultRecorded event) {
            return PLAIN;
        }

        @Override
        public AppendRole settingsChanged(SettingsChanged event) {
            return PLAIN;
        }

        @Override
        public AppendRole transcriptCompacted(TranscriptCompacted event) {
            return PLAIN;
        }

        @Override
        public AppendRole deliveryRecorded(DeliveryRecorded event) {
            return KEYED;
        }

        @Override
        public AppendRole turnAborted(TurnAborted event) {
            return PLAIN;
        }

        @Override
        public AppendRole customEntryRecorded(CustomEntryRecorded event) {
            return PLAIN;
        }

        @Override
        public AppendRole contextMessageAdded(ContextMessageAdded event) {
            return PLAIN;
        }

        @Override
        public AppendRole sessionKeyAssigned(SessionKeyAssigned event) {
            return KEY_ASSIGNED;
        }

        @Override
        public AppendRole sessionEnded(SessionEnded event) {
            return END;
        }
    };

    static AppendRole of(SessionEvent event) {
        return event.accept(VISITOR);
    }
}
