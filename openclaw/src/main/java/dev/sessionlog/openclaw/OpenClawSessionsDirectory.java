package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.requireArgument;

import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An OpenClaw sessions directory ({@code ~/.openclaw/agents/<agentId>/sessions/}): its
 * {@code sessions.json} and the transcripts to import. Reads only; never moves, changes or deletes
 * a file.
 *
 * @param directory the directory scanned
 * @param index its {@code sessions.json} ({@link SessionsIndex#empty()}-like with a warning when absent)
 * @param transcripts the files to import: sessions, topics and forks by name, then archives by name
 * @param skipped the files not imported and why (lock files, checkpoints, trajectories, compressed
 *     archives, symbolic links, anything else)
 */
public record OpenClawSessionsDirectory(Path directory, SessionsIndex index, List<TranscriptFile> transcripts,
                                        List<SkippedFile> skipped) {

    /** Copies the lists. */
    public OpenClawSessionsDirectory {
        transcripts = List.copyOf(transcripts);
        skipped = List.copyOf(skipped);
    }

    /**
     * Lists {@code directory}. Throws {@link NotDirectoryException} or another {@link IOException}
     * when it cannot be listed; a damaged {@code sessions.json} is not an error (see
     * {@link SessionsIndex#warnings()}).
     */
    public static OpenClawSessionsDirectory scan(Path directory) throws IOException {
        requireArgument(directory != null, "directory must not be null");
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory.toString());
        }
        List<TranscriptFile> transcripts = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path path : entries) {
                String name = path.getFileName().toString();
                if (name.equals(FileNames.SESSIONS_INDEX)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    skipped.add(new SkippedFile(path, "symbolic link"));
                    continue;
                }
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    skipped.add(new SkippedFile(path, "not a regular file"));
                    continue;
                }
                Either<SkippedFile, TranscriptFile> named = FileNames.classifyOrSkip(path);
                if (named.isRight()) {
                    transcripts.add(named.get());
                } else {
                    skipped.add(named.getLeft());
                }
            }
        }
        transcripts.sort(Comparator.comparing(TranscriptFile::isArchive)
                .thenComparing(file -> file.path().getFileName().toString()));
        skipped.sort(Comparator.comparing(file -> file.path().getFileName().toString()));
        return new OpenClawSessionsDirectory(directory, SessionsIndex.read(directory.resolve(FileNames.SESSIONS_INDEX)),
                transcripts, skipped);
    }

    /**
     * One transcript {@code file} as a directory of one: its keys from the {@code sessions.json} beside
     * it, if any; a file whose name is not a transcript's (or a {@code .deleted.} archive) is listed
     * as skipped with the reason. Throws {@link NoSuchFileException} when it is not a regular file.
     */
    public static OpenClawSessionsDirectory ofFile(Path file) throws IOException {
        requireArgument(file != null, "file must not be null");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a regular file");
        }
        Path directory = file.toAbsolutePath().getParent();
        Either<SkippedFile, TranscriptFile> named = FileNames.classifyOrSkip(file);
        return new OpenClawSessionsDirectory(directory, SessionsIndex.read(directory.resolve(FileNames.SESSIONS_INDEX)),
                named.isRight() ? List.of(named.get()) : List.of(), named.isLeft() ? List.of(named.getLeft()) : List.of());
    }
}
