package dev.sessionlog.openclaw;

import dev.sessionlog.event.SessionEnded;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The file-name conventions of an OpenClaw sessions directory. */
final class FileNames {
    /** The index file of a sessions directory. */
    public static final String SESSIONS_INDEX = "sessions.json";

    /**
     * Why a {@code .deleted.} archive is skipped: its user deleted the session in OpenClaw, and an
     * import must not bring deleted conversations back (stored, they would be hidden at best).
     */
    static final String DELETED_ARCHIVE = "archive of a session its user deleted (.deleted.): not imported";

    private static final Pattern ARCHIVE = Pattern.compile("^(.+)\\.jsonl\\.(reset|deleted|bak)\\.([^/\\\\]+)$");
    private static final Pattern FORK = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T[0-9-]+Z)_(.+)$");
    private static final String TOPIC = "-topic-";

    private FileNames() {}

    /** The transcript {@code path} names, or why it is skipped (a right-hand transcript, or a left-hand skip). */
    public static Either<SkippedFile, TranscriptFile> classifyOrSkip(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.endsWith(".zst")) {
            return Either.left(new SkippedFile(path, "compressed archive (.zst) is not supported; decompress it first"));
        }
        if (name.endsWith(".jsonl.lock") || name.endsWith(".lock")) {
            return Either.left(new SkippedFile(path, "lock file"));
        }
        if (name.contains(".checkpoint.") && name.endsWith(".jsonl")) {
            return Either.left(new SkippedFile(path, "compaction checkpoint, not conversation history"));
        }
        if (name.endsWith(".trajectory.jsonl")) {
            return Either.left(new SkippedFile(path, "trajectory sidecar, not conversation history"));
        }
        Matcher archive = ARCHIVE.matcher(name);
        if (archive.matches() && archive.group(2).equals("deleted")) {
            return Either.left(new SkippedFile(path, DELETED_ARCHIVE));
        }
        if (archive.matches()) {
            String stem = archive.group(1);
            SessionEnded.Reason reason = archive.group(2).equals("reset") ? SessionEnded.Reason.RESET
                    : SessionEnded.Reason.ARCHIVED;
            return Either.right(new TranscriptFile(path, TranscriptKind.ARCHIVE, idOfStem(stem),
                    archive.group(2) + "." + archive.group(3), reason));
        }
        if (name.endsWith(".jsonl") && name.length() > ".jsonl".length()) {
            String stem = name.substring(0, name.length() - ".jsonl".length());
            TranscriptKind kind = FORK.matcher(stem).matches() ? TranscriptKind.FORK
                    : stem.contains(TOPIC) ? TranscriptKind.TOPIC : TranscriptKind.SESSION;
            return Either.right(new TranscriptFile(path, kind, idOfStem(stem), null, null));
        }
        return Either.left(new SkippedFile(path, "not a transcript"));
    }

    /** The transcript {@code path} names, if it is one. */
    public static io.vavr.control.Option<TranscriptFile> classify(Path path) {
        return classifyOrSkip(path).toOption();
    }

    /** The session id a transcript's stem (its name without {@code .jsonl}) implies. */
    public static String idOfStem(String stem) {
        Matcher fork = FORK.matcher(stem);
        if (fork.matches()) {
            return fork.group(2);
        }
        int topic = stem.indexOf(TOPIC);
        return topic > 0 ? stem.substring(0, topic) : stem;
    }

    /** The session id a path names in a header's {@code parentSession} (a file path), or null. */
    public static String idOfPath(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        String name = path.substring(slash + 1);
        return name.isEmpty() ? null : classifyName(name);
    }

    private static String classifyName(String name) {
        if (name.endsWith(".jsonl")) {
            return idOfStem(name.substring(0, name.length() - ".jsonl".length()));
        }
        Matcher archive = ARCHIVE.matcher(name);
        return archive.matches() ? idOfStem(archive.group(1)) : null;
    }
}
