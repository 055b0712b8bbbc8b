package dev.sessionlog.failure;

import java.util.regex.Pattern;

/**
 * Replaces API keys and bearer tokens in provider messages before they are stored: {@code sk-…},
 * {@code sk-ant-…}, {@code Bearer …}, Google's {@code AIza…} and {@code x-api-key} values.
 */
public final class SecretRedactor {
    /** What a secret is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    private static final Pattern[] PATTERNS = {
        Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
        // '…' ends a value: ModelCallFailed marks a cut message with it, and a cut short value
        // must not turn into a secret when the message is read back and redacted again
        Pattern.compile("(?i)((?:x-api-key|x-goog-api-key|api[_-]?key)[\"']?\\s*[:=]\\s*[\"']?)[^\"'\\s,;}&…]{6,}"),
        Pattern.compile("\\bsk-(?:ant-|proj-|or-)?[A-Za-z0-9_-]{8,}"),
        Pattern.compile("\\bAIza[0-9A-Za-z_-]{20,}"),
    };

    private SecretRedactor() {}

    /** The text with every secret replaced by {@value #REDACTED}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (Pattern pattern : PATTERNS) {
            result = pattern.matcher(result).replaceAll(m -> m.groupCount() >= 1 && m.group(1) != null
                    ? java.util.regex.Matcher.quoteReplacement(m.group(1) + REDACTED)
                    : REDACTED);
        }
        return result;
    }
}
