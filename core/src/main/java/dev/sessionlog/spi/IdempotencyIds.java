package dev.sessionlog.spi;

import static dev.sessionlog.util.Preconditions.quote;

import dev.sessionlog.CallId;
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

/**
 * The ids callers choose for idempotency keys (a message id, a delivery id, a call id), and the one
 * rule they all meet in a new append: at most {@value CallId#MAX_LENGTH} characters, no control,
 * format or line-separator characters (NUL, newline, the bidi overrides such as U+202E, zero-width
 * characters), no unpaired surrogates.
 *
 * <p>Why here and not in the events' constructors: the codec builds events through those constructors
 * when it reads them back, and events stored by older versions, which did not check these ids, must
 * stay readable. The ledger checks the ids of the events an append would store; a retry of an event
 * already stored is recognised first and answered as a duplicate, whatever its id.
 */
final class IdempotencyIds implements SessionEvent.Visitor<IdempotencyIds.ChosenId> {
    private static final IdempotencyIds INSTANCE = new IdempotencyIds();

    /**
     * An id a caller chose.
     *
     * @param field what it is, for an error message
     * @param value the id
     */
    record ChosenId(String field, String value) {}

    private IdempotencyIds() {}

    /** Why {@code event}'s chosen id breaks the rule, or null when it meets it or the event has none. */
    static String problem(SessionEvent event) {
        ChosenId id = event.accept(INSTANCE);
        return id == null || id.value() == null ? null : problem(id.field(), id.value());
    }

    /** Why {@code value} breaks the rule, or null when it meets it. */
    static String problem(String field, String value) {
        if (value.length() > CallId.MAX_LENGTH) {
            return field + " " + quote(value) + " is " + value.length() + " characters, more than the "
                    + CallId.MAX_LENGTH + " allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    return field + " " + quote(value) + " holds an unpaired surrogate at " + i;
                }
                int codePoint = value.codePointAt(i++);
                if (isHidden(codePoint)) {
                    return hidden(field, value, codePoint, i - 1);
                }
            } else if (isHidden(c)) {
                return hidden(field, value, c, i);
            }
        }
        return null;
    }

    private static boolean isHidden(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isISOControl(codePoint) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String hidden(String field, String value, int codePoint, int index) {
        return String.format("%s %s must not contain control or format characters (found U+%04X at %s)", field,
                quote(value), codePoint, index);
    }

    @Override
    public ChosenId sessionStarted(SessionStarted event) {
        return null;
    }

    @Override
    public ChosenId userMessageReceived(UserMessageReceived event) {
        return new ChosenId("message id", event.messageId());
    }

    @Override
    public ChosenId modelCallStarted(ModelCallStarted event) {
        return new ChosenId("call id", event.callId().value());
    }

    @Override
    public ChosenId modelCallCompleted(ModelCallCompleted event) {
        return new ChosenId("call id", event.callId().value());
    }

    @Override
    public ChosenId modelCallFailed(ModelCallFailed event) {
        return new ChosenId("call id", event.callId().value());
    }

    @Override
    public ChosenId toolResultRecorded(ToolResultRecorded event) {
        return null;
    }

    @Override
    public ChosenId settingsChanged(SettingsChanged event) {
        return null;
    }

    @Override
    public ChosenId transcriptCompacted(TranscriptCompacted event) {
        return null;
    }

    @Override
    public ChosenId deliveryRecorded(DeliveryRecorded event) {
        return new ChosenId("delivery id", event.deliveryId());
    }

    @Override
    public ChosenId turnAborted(TurnAborted event) {
        return null;
    }

    @Override
    public ChosenId customEntryRecorded(CustomEntryRecorded event) {
        return null;
    }

    @Override
    public ChosenId contextMessageAdded(ContextMessageAdded event) {
        return null;
    }

    @Override
    public ChosenId sessionKeyAssigned(SessionKeyAssigned event) {
        return null; // its key is fixed, not chosen
    }

    @Override
    public ChosenId sessionEnded(SessionEnded event) {
        return null;
    }
}
