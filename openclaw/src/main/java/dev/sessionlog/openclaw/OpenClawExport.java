package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a session of any {@link SessionStore} as an OpenClaw version 3 JSONL transcript: what
 * {@code sessionlog export --format openclaw-jsonl} runs, callable in-process by a gateway.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(target)) {
 *     ExportSummary summary = OpenClawExport.write(store, SessionId.of("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11"), out);
 * }
 * }</pre>
 *
 * <p>The lines are those of {@link OpenClawTranscriptWriter}: a session imported by
 * {@link OpenClawImport} comes back entry for entry as its file was. The session is read page by
 * page, but its events are held in memory while the file is written. Reads only; works on a store
 * opened read-only, while another process writes it (the export is of the events stored when it
 * read them). Stateless; thread-safe as far as the store is.
 */
public final class OpenClawExport {
    /** Events per read: the store is never asked for a whole long session at once. */
    private static final int PAGE = 1024;

    private OpenClawExport() {}

    /**
     * Writes {@code session} to {@code out} and flushes it; does not close it.
     *
     * @throws SessionNotFoundException when the store holds no such session (nothing is written)
     * @throws IOException when {@code out} fails (part of the transcript may have been written)
     */
    public static ExportSummary write(SessionStore store, SessionId session, Writer out) throws IOException {
        requireArgument(store != null, "store must not be null");
        requireArgument(session != null, "session must not be null");
        requireArgument(out != null, "out must not be null");
        if (store.summary(session).isEmpty()) {
            throw new SessionNotFoundException(session);
        }
        ExportSummary summary = OpenClawTranscriptWriter.write(events(store, session), out);
        out.flush();
        return summary;
    }

    /**
     * Writes {@code session} to {@code out} as UTF-8 and flushes it; does not close it.
     *
     * @throws SessionNotFoundException when the store holds no such session (nothing is written)
     * @throws IOException when {@code out} fails (part of the transcript may have been written)
     */
    public static ExportSummary write(SessionStore store, SessionId session, OutputStream out) throws IOException {
        requireArgument(out != null, "out must not be null");
        return write(store, session, new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    private static List<RecordedEvent> events(SessionStore store, SessionId session) {
        List<RecordedEvent> events = new ArrayList<>();
        long next = 1;
        while (true) {
            List<RecordedEvent> page = store.read(session, next, PAGE);
            if (page.isEmpty()) {
                return events;
            }
            events.addAll(page);
            next = page.get(page.size() - 1).sequence() + 1;
        }
    }
}
