package dev.sessionlog.codec;

import dev.sessionlog.util.Preconditions;

/**
 * Carries a {@link DecodeFailure} out of the depths of a decoder to the one place that turns it
 * into an {@code Either}. Never escapes the codec. No stack trace: hostile input may produce many
 * of these, and the failure's reason says everything.
 */
final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient DecodeFailure failure;

    DecodeException(DecodeFailure failure) {
        super(failure.describe(), null, false, false);
        this.failure = failure;
    }

    DecodeFailure failure() {
        return failure;
    }

    /** A malformed record; {@code field} names where, as a path such as {@code data.content[2].text}. */
    static DecodeException malformed(String field, String problem) {
        return new DecodeException(new DecodeFailure.Malformed(field + ": " + problem));
    }

    /**
     * This failure as seen from an enclosing value: a malformed record's field path gets {@code path}
     * in front ({@code text: …} inside {@code content[2]} becomes {@code content[2].text: …}); an empty
     * field path, for the value itself, becomes {@code path}.
     */
    DecodeException within(String path) {
        if (!(failure instanceof DecodeFailure.Malformed malformed)) {
            return this;
        }
        String reason = malformed.reason();
        return new DecodeException(new DecodeFailure.Malformed(
                reason.startsWith(": ") ? path + reason : path + "." + reason));
    }

    /** A reason from a message that may echo input, cut to a readable length. */
    static String shorten(String message) {
        if (message == null) {
            return "no detail";
        }
        String firstLine = message.lines().findFirst().orElse("");
        return firstLine.length() <= 200 ? firstLine : firstLine.substring(0, 200) + "…";
    }

    /** A value from the input, quoted and cut, for a failure's reason. */
    static String describeValue(String value) {
        return Preconditions.quote(value);
    }
}
