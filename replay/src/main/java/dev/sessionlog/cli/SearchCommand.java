package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code search <text>}: events whose text contains a string, by {@link TranscriptSearch}. */
@Command(name = "search", description = {"Find text in transcripts: messages, answers, tool calls and results, "
        + "provider messages and summaries, ignoring case.",
        "Newest session first, each session in order; one line per matching event with the text around the match."})
final class SearchCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<text>", description = "The text to find (case does not matter).")
    String text;

    @Option(names = "--session", paramLabel = "<session>", description = "Only this session.")
    SessionId session;

    @Option(names = "--key", paramLabel = "<sessionKey>",
            description = "Only sessions under this key or a key below it (agent:main finds agent:main:telegram:…).")
    SessionKey key;

    @Option(names = "--kind", paramLabel = "<kind>", split = ",",
            description = "Only these kinds, comma-separated: ${COMPLETION-CANDIDATES}.")
    Set<SearchKind> kinds = Set.of();

    @Option(names = "--since", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = "Only events that happened at or after this time. " + TimeWindow.SINCE_HELP)
    Instant since;

    @Option(names = "--until", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = TimeWindow.UNTIL_HELP)
    Instant until;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100",
            description = "The most matches printed (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (text.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the text to search for must not be empty");
        }
        Arguments.requireRange(spec, "--limit", limit, 1, 1_000_000);
        TranscriptSearch search = new TranscriptSearch(text, session, key, kinds, TimeWindow.of(spec, since, until), limit);
        try (OpenedStore opened = root.openReadOnly(spec)) {
            if (session != null) {
                SessionNotFound.requireSession(spec, opened.store(), session);
            }
            List<TranscriptSearch.Match> matches = search.run(opened);
            root.output(spec).list(matches, SearchMatchView.INSTANCE, "no matches");
            if (matches.size() == limit) {
                spec.commandLine().getErr().printf("search: stopped at %d matches; use --limit to see more%n", limit);
                spec.commandLine().getErr().flush();
            }
        }
        return ExitCodes.OK;
    }
}
