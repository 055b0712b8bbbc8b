package dev.sessionlog.benchmarks;

import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.projection.Transcript;
import dev.sessionlog.projection.TranscriptProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>Question:</b> how many events per second does the transcript projection fold (and render into
 * the next prompt's messages), for a session of 10,002 events in realistic turns: a user message,
 * a model call answering with a tool call, the tool's result, and a second call answering in text?
 * The events are in memory, so this is the projection's cost alone, without reading the log.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TranscriptFoldBenchmark</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class TranscriptFoldBenchmark {
    private static final int TURNS = 1_667;
    private static final int EVENTS = 1 + TURNS * 6;

    private List<RecordedEvent> session;

    /** Builds the session's events. */
    @Setup
    public void build() {
        SessionId id = SessionIds.first(1).get(0);
        List<SessionEvent> events = new ArrayList<>(EVENTS);
        events.add(SessionStarted.initial(SessionKey.of("agent:main:telegram:direct:123456789"), "main", "telegram"));
        Instant deadline = Instant.parse("2026-11-24T21:00:00Z");
        for (int turn = 0; turn < TURNS; turn++) {
            CallId toolCall = CallId.of("call-" + turn + "-a");
            CallId answer = CallId.of("call-" + turn + "-b");
            String toolCallId = "toolu_" + turn;
            events.add(UserMessageReceived.text("msg-" + turn, "What's on my calendar on day " + turn + "?"));
            events.add(new ModelCallStarted(toolCall, "anthropic", "claude-sonnet-4-6", 1, deadline));
            events.add(new ModelCallCompleted(toolCall, List.of(new ContentBlock.Text("Let me check."),
                    new ContentBlock.ToolCall(toolCallId, "exec", "{\"command\":\"gcalcli agenda\"}")),
                    Usage.of(12_034, 88), "toolUse"));
            events.add(new ToolResultRecorded(toolCallId, "exec", List.of(new ContentBlock.Text("10:00 Dentist")), false));
            events.add(new ModelCallStarted(answer, "anthropic", "claude-sonnet-4-6", 1, deadline));
            events.add(new ModelCallCompleted(answer, List.of(new ContentBlock.Text("You have the dentist at 10:00.")),
                    Usage.of(12_200, 20), "stop"));
        }
        session = new ArrayList<>(EVENTS);
        for (int i = 0; i < events.size(); i++) {
            session.add(new RecordedEvent(i, id, i + 1, EventId.random(), deadline, events.get(i), EventMetadata.EMPTY));
        }
    }

    /** Folds every event and renders the transcript; the score is events per second. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public Transcript foldTranscript() {
        return TranscriptProjection.transcriptOf(session);
    }
}
