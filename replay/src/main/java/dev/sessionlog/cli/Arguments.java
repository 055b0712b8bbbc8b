package dev.sessionlog.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Range checks of numeric options, reported as usage errors. */
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
