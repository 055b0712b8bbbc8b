package dev.sessionlog.cli;

import dev.sessionlog.CallId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model calls of a session that have started and not ended, with when they started. */
final class OpenCalls implements SessionEvent.Visitor<Void> {

    /** One open call. @param started its start event @param recorded its envelope */
    record OpenCall(ModelCallStarted started, RecordedEvent recorded) {
    }

    private final Map<CallId, OpenCall> open = new LinkedHashMap<>();
    private RecordedEvent current;

    private OpenCalls() {}

    static List<OpenCall> of(SessionStore store, SessionId session) {
        OpenCalls calls = new OpenCalls();
        SessionEvents.forEach(store, session, event -> {
            calls.current = event;
            event.event().accept(calls);
        });
        return new ArrayList<>(calls.open.values());
    }

    @Override
    public Void modelCallStarted(ModelCallStarted event) {
        open.put(event.callId(), new OpenCall(event, current));
        return null;
    }

    @Override
    public Void modelCallCompleted(ModelCallCompleted event) {
        open.remove(event.callId());
        return null;
    }

    @Override
    public Void modelCallFailed(ModelCallFailed event) {
        open.remove(event.callId());
        return null;
    }

    @Override
    public Void sessionStarted(SessionStarted event) {
        return null;
    }

    @Override
    public Void userMessageReceived(UserMessageReceived event) {
        return null;
    }

    @Override
    public Void toolResultRecorded(ToolResultRecorded event) {
        return null;
    }

    @Override
    public Void settingsChanged(SettingsChanged event) {
        return null;
    }

    @Override
    public Void transcriptCompacted(TranscriptCompacted event) {
        return null;
    }

    @Override
    public Void deliveryRecorded(DeliveryRecorded event) {
        return null;
    }

    @Override
    public Void turnAborted(TurnAborted event) {
        return null;
    }

    @Override
    public Void customEntryRecorded(CustomEntryRecorded event) {
        return null;
    }

    @Override
    public Void contextMessageAdded(ContextMessageAdded event) {
        return null;
    }

    @Override
    public Void sessionKeyAssigned(SessionKeyAssigned event) {
        return null;
    }

    @Override
    public Void sessionEnded(SessionEnded event) {
        return null;
    }
}
