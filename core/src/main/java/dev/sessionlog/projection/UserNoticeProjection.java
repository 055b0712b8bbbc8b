package dev.sessionlog.projection;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
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
import dev.sessionlog.util.PersistentList;
import java.util.List;

/**
 * The notices to show a user: one per {@link ModelCallFailed}, oldest first, with the text from
 * {@link NoticeTemplates}. Every failed call says something (a turn never ends in silence), and
 * never the provider's raw message. A template that renders null or blank text falls back to
 * {@link NoticeTemplates#defaults()}.
 *
 * <p>The state is an immutable list that shares structure between folds, so folding a long
 * session costs linear time.
 */
public final class UserNoticeProjection implements Projection<List<UserNotice>> {
    private final NoticeTemplates templates;

    /** With the default texts. */
    public UserNoticeProjection() {
        this(NoticeTemplates.defaults());
    }

    /** With {@code templates}. */
    public UserNoticeProjection(NoticeTemplates templates) {
        requireArgument(templates != null, "templates must not be null");
        this.templates = templates;
    }

    @Override
    public List<UserNotice> initial() {
        return PersistentList.empty();
    }

    @Override
    public List<UserNotice> apply(List<UserNotice> state, RecordedEvent event) {
        requireArgument(state != null, "state must not be null");
        requireArgument(event != null, "event must not be null");
        return event.event().accept(new Notices(PersistentList.from(state), event));
    }

    private String text(ModelCallFailed failure) {
        String text = templates.render(failure);
        return text == null || text.isBlank() ? NoticeTemplates.defaults().render(failure) : text;
    }

    /** Adds a notice for a failed call; every other event leaves the notices as they are. */
    private final class Notices implements SessionEvent.Visitor<List<UserNotice>> {
        private final PersistentList<UserNotice> notices;
        private final RecordedEvent recorded;

        Notices(PersistentList<UserNotice> notices, RecordedEvent recorded) {
            this.notices = notices;
            this.recorded = recorded;
        }

        @Override
        public List<UserNotice> modelCallFailed(ModelCallFailed event) {
            return notices.append(new UserNotice(recorded.sequence(), event.callId(), event.kind(), text(event),
                    recorded.recordedAt()));
        }

        @Override
        public List<UserNotice> sessionStarted(SessionStarted event) {
            return notices;
        }

        @Override
        public List<UserNotice> userMessageReceived(UserMessageReceived event) {
            return notices;
        }

        @Override
        public List<UserNotice> modelCallStarted(ModelCallStarted event) {
            return notices;
        }

        @Override
        public List<UserNotice> modelCallCompleted(ModelCallCompleted event) {
            return notices;
        }

        @Override
        public List<UserNotice> toolResultRecorded(ToolResultRecorded event) {
            return notices;
        }

        @Override
        public List<UserNotice> settingsChanged(SettingsChanged event) {
            return notices;
        }

        @Override
        public List<UserNotice> transcriptCompacted(TranscriptCompacted event) {
            return notices;
        }

        @Override
        public List<UserNotice> deliveryRecorded(DeliveryRecorded event) {
            return notices;
        }

        @Override
        public List<UserNotice> turnAborted(TurnAborted event) {
            return notices;
        }

        @Override
        public List<UserNotice> customEntryRecorded(CustomEntryRecorded event) {
            return notices;
        }

        @Override
        public List<UserNotice> contextMessageAdded(ContextMessageAdded event) {
            return notices;
        }

        @Override
        public List<UserNotice> sessionKeyAssigned(SessionKeyAssigned event) {
            return notices;
        }

        @Override
        public List<UserNotice> sessionEnded(SessionEnded event) {
            return notices;
        }
    }
}
