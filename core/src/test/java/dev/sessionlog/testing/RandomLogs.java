package dev.sessionlog.testing;

import dev.sessionlog.CallId;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.failure.FailureKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Messy but writer-valid session logs: overlapping calls, tool-call ids reused across turns,
 * results out of order, missing, duplicated or for calls that never were, compactions pointing
 * anywhere, failures of every kind. Model-call lifecycles stay valid (every terminal event ends an
 * open call), as the store's writer guarantees.
 */
public final class RandomLogs {
    private RandomLogs() {}

    public static List<SessionEvent> generate(Random random, int size) {
        List<SessionEvent> events = new ArrayList<>(size);
        List<CallId> open = new ArrayList<>();
        List<String> recentToolCalls = new ArrayList<>();
        events.add(Events.started());
        int calls = 0;
        while (events.size() < size - 1) {
            int pick = random.nextInt(100);
            if (pick < 20) {
                events.add(Events.user("u" + events.size()));
            } else if (pick < 35) {
                CallId call = CallId.of("c" + calls++);
                open.add(call);
                events.add(new ModelCallStarted(call, "p" + random.nextInt(3), "m" + random.nextInt(3), 1, null));
            } else if (pick < 55 && !open.isEmpty()) {
                CallId call = open.remove(random.nextInt(open.size()));
                List<ContentBlock> content = new ArrayList<>();
                if (random.nextBoolean()) {
                    content.add(new ContentBlock.Text("a" + events.size()));
                }
                for (int i = random.nextInt(4); i > 0; i--) {
                    String id = "t" + random.nextInt(12); // a small pool: ids get reused
                    content.add(Events.toolCall(id));
                    recentToolCalls.add(id);
                }
                long tokens = random.nextInt(1000);
                events.add(new ModelCallCompleted(call, content, new Usage(tokens, tokens, 0, 0, 2 * tokens, 0.5),
                        "stop"));
            } else if (pick < 62 && !open.isEmpty()) {
                CallId call = open.remove(random.nextInt(open.size()));
                FailureKind kind = FailureKind.values()[random.nextInt(FailureKind.values().length)];
                events.add(ModelCallFailed.of(call, "p", "m", kind));
            } else if (pick < 80) {
                String id = !recentToolCalls.isEmpty() && random.nextInt(5) > 0
                        ? recentToolCalls.get(random.nextInt(recentToolCalls.size()))
                        : "stray" + random.nextInt(3);
                events.add(Events.result(id, "r" + events.size()));
            } else if (pick < 84) {
                events.add(new ContextMessageAdded("branch_summary",
                        random.nextBoolean() ? List.of() : List.of(new ContentBlock.Text("ctx")), true));
            } else if (pick < 87) {
                events.add(new TranscriptCompacted("summary" + events.size(), 1 + random.nextInt(events.size() + 5),
                        100));
            } else if (pick < 90) {
                events.add(SettingsChanged.model(random.nextBoolean() ? "q" : null, "m" + random.nextInt(5)));
            } else if (pick < 93) {
                events.add(new TurnAborted(TurnAborted.Reason.USER_STOP, null));
            } else if (pick < 96) {
                events.add(new CustomEntryRecorded("x.custom", "{}"));
            } else {
                events.add(new DeliveryRecorded("d" + events.size(), null, "sent"));
            }
        }
        if (random.nextInt(4) == 0) {
            events.add(new SessionEnded(SessionEnded.Reason.RESET));
        }
        return events;
    }
}
