package dev.sessionlog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Checks of option values (ranges, blank texts, combinations), reported as usage errors. */
final class Arguments {
    private Arguments() {}

    static int requireRange(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static long requireAtLeast(CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** A usage error when a text option was given blank (it would match nothing); null (not given) passes. */
    static void requireText(CommandSpec spec, String option, String value) {
        if (value != null && value.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must not be blank");
        }
    }

    /**
     * A usage error when any of {@code others} was given along with {@code option}: an option that
     * would be silently ignored is refused instead.
     */
    static void requireNotWith(CommandSpec spec, String option, String... others) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String other : others) {
            if (parsed.hasMatchedOption(other)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        option + " cannot be combined with " + other + ": " + option + " already chooses the events");
            }
        }
    }
}
