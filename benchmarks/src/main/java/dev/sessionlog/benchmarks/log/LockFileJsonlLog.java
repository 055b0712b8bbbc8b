package dev.sessionlog.benchmarks.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.SessionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The design sessionlog replaces: one {@code <id>.jsonl} transcript per session, a header line then
 * one JSON line per event, each append done under {@code <id>.jsonl.lock} (see {@link LockFile}):
 * open, append the line, optionally {@code fsync}, close, release. Reading the last N events parses
 * the whole file, as a gateway loading a transcript does.
 */
final class LockFileJsonlLog implements EventLog {
    private static final byte[] NEWLINE = {'\n'};

    private final Path directory;
    private final boolean fsync;
    private final ObjectMapper json = new ObjectMapper();

    LockFileJsonlLog(Path directory, boolean fsync) {
        this.directory = directory;
        this.fsync = fsync;
    }

    @Override
    public void startSession(SessionId session) {
        String header = "{\"type\":\"session\",\"version\":3,\"id\":\"" + session.value() + "\",\"timestamp\":\""
                + Instant.now() + "\",\"cwd\":\"/home/gateway/workspace\"}";
        appendLine(session, header.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void append(SessionId session, SampleEvent event) {
        appendLine(session, event.encoded());
    }

    private void appendLine(SessionId session, byte[] line) {
        Path transcript = transcript(session);
        LockFile.withLock(directory.resolve(session.value() + ".jsonl.lock"), () -> {
            try (FileChannel channel = FileChannel.open(transcript, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer[] buffers = {ByteBuffer.wrap(line), ByteBuffer.wrap(NEWLINE)};
                long remaining = line.length + 1L;
                while (remaining > 0) {
                    remaining -= channel.write(buffers);
                }
                if (fsync) {
                    channel.force(true);
                }
            }
        });
    }

    @Override
    public List<SessionEvent> readLast(SessionId session, int count) {
        byte[] file;
        try {
            file = Files.readAllBytes(transcript(session));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ArrayDeque<byte[]> newest = new ArrayDeque<>(count + 1);
        boolean header = true;
        int start = 0;
        for (int i = 0; i < file.length; i++) {
            if (file[i] != '\n') {
                continue;
            }
            parse(file, start, i - start);
            if (header) {
                header = false;
            } else {
                newest.addLast(Arrays.copyOfRange(file, start, i));
                if (newest.size() > count) {
                    newest.removeFirst();
                }
            }
            start = i + 1;
        }
        return EventCodecs.decodeAll(new ArrayList<>(newest));
    }

    /** Parses one line, as the gateway does for every entry of a transcript it loads. */
    private void parse(byte[] file, int offset, int length) {
        try {
            json.readTree(file, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("a transcript line is not JSON", e);
        }
    }

    private Path transcript(SessionId session) {
        return directory.resolve(session.value() + ".jsonl");
    }

    @Override
    public void close() {
        // Every append opens and closes its own file.
    }
}
