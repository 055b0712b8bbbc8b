package dev.sessionlog.failure;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces API keys, tokens and passwords in provider messages before they are stored. Three
 * shapes are recognised:
 *
 * <ul>
 *   <li>a value after a name that says it is secret, in headers, JSON and forms:
 *       {@code x-api-key: …}, {@code "x-goog-api-key":"…"}, {@code api_key=…}, {@code "apiKey": "…"},
 *       {@code Authorization: Basic …}, {@code access_token}, {@code client_secret}, {@code password};
 *   <li>secrets in URLs: {@code ?key=AIza…}, {@code &access_token=…}, the password in
 *       {@code https://user:password@host};
 *   <li>tokens recognisable by their prefix wherever they appear: {@code Bearer …}, OpenAI and
 *       Anthropic {@code sk-…} ({@code sk-proj-}, {@code sk-ant-api03-}, {@code sk-or-v1-}), Google
 *       {@code AIza…} and {@code ya29.…}, JWTs ({@code eyJ….….…}), Groq {@code gsk_}, xAI {@code xai-},
 *       Hugging Face {@code hf_}, GitHub {@code ghp_}/{@code github_pat_}, AWS {@code AKIA…}, Slack
 *       {@code xox…-}, Stripe {@code sk_live_}, Telegram bot tokens ({@code 123456789:AA…}, also in {@code /bot123456789:AA…}).
 * </ul>
 *
 * <p>Names include Azure's {@code Ocp-Apim-Subscription-Key} and {@code api-key} headers and AWS's
 * {@code aws_secret_access_key}.
 *
 * <p>Keys hidden by JSON escaping are found too: escapes of the characters keys are made of
 * (letters, digits, {@code - _ . ~ + / = :}), such as <code>sk-proj&#92;u002d…</code> or {@code \/}, are
 * decoded first, however many backslashes lead them (a body quoted inside another JSON string doubles
 * them), and the text keeps them decoded. Escapes of anything else (quotes, backslashes, control
 * and non-ASCII characters) are left as they are, so JSON keeps its shape.
 *
 * <p>Ordinary words are left alone: {@code task-manager}, {@code sk-} on its own, {@code sk-learn}
 * (an {@code sk-} token must be at least 20 characters with a digit). A name-value rule keeps the
 * name and replaces only the value. Redacting twice gives the same text as redacting once. The work
 * is linear in the text's length; {@link #redactHead} bounds it for texts of megabytes without
 * cutting a secret in two.
 */
public final class SecretRedactor {
    /** What a secret is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    /** A value: stops at quotes, whitespace, separators and brackets, so JSON and headers keep their shape. */
    // '…' ends a value: ModelCallFailed marks a cut message with it, and the stored text must read
    // back unchanged when redacted again.
    private static final String VALUE = "[^\\s\"'`,;&<>(){}\\[\\]…]";
    private static final String SECRET_NAMES = "x-api-key|x-goog-api-key|api[_-]?key|apikey|access[_-]?token"
            + "|refresh[_-]?token|id[_-]?token|auth[_-]?token|client[_-]?secret|secret[_-]?key|private[_-]?key"
            + "|subscription[_-]?key|(?:aws[_-]?)?secret[_-]?access[_-]?key|password|passwd";

    /**
     * One recognisable secret.
     *
     * @param triggers lower-case strings of which the text must hold one for the rule to run: most
     *     messages hold none, and skipping a regex over them keeps long texts cheap
     * @param pattern what to find; when it has a group 1, that group is kept (the name) and the rest replaced
     * @param secret whether the part to replace really is a secret, for prefixes that ordinary words share
     */
    private record Rule(List<String> triggers, Pattern pattern, Predicate<String> secret) {
        Rule(List<String> triggers, String regex) {
            this(triggers, Pattern.compile(regex), value -> true);
        }

        String apply(String text, String lowerCase) {
            if (triggers.stream().noneMatch(lowerCase::contains)) {
                return text;
            }
            return pattern.matcher(text).replaceAll(this::replacement);
        }

        private String replacement(MatchResult match) {
            boolean keepsName = match.groupCount() >= 1 && match.group(1) != null;
            String value = keepsName ? match.group().substring(match.end(1) - match.start()) : match.group();
            if (!secret.test(value)) {
                return Matcher.quoteReplacement(match.group());
            }
            return Matcher.quoteReplacement(keepsName ? match.group(1) + REDACTED : REDACTED);
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule(List.of("authorization"),
                    "(?i)((?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?(?:(?:bearer|basic|token|digest)\\s+)?+)"
                    + VALUE + "{6,}"),
            new Rule(List.of("key", "token", "secret", "passw"),
                    "(?i)(\\b(?:" + SECRET_NAMES + ")[\"']?\\s*[:=]\\s*[\"']?)" + VALUE + "{6,}"),
            new Rule(List.of("bearer"), "(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
            new Rule(List.of("="),
                    "(?i)([?&](?:key|api[_-]?key|apikey|access_token|token|auth|sig|signature|secret|password)=)"
                    + "[^&\\s\"'#<>]{4,}"),
            new Rule(List.of("://"), "(?i)(\\b[a-z][a-z0-9+.-]{0,16}://[^/\\s:@\"']{1,256}:)[^/\\s@\"']{1,256}(?=@)"),
            new Rule(List.of("sk-"), Pattern.compile("\\bsk-[A-Za-z0-9_-]{20,}"), SecretRedactor::hasDigit),
            new Rule(List.of("k_live_", "k_test_"), "\\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"),
            new Rule(List.of("aiza"), "\\bAIza[0-9A-Za-z_-]{20,}"),
            new Rule(List.of("ya29."), "\\bya29\\.[0-9A-Za-z_-]{20,}"),
            new Rule(List.of("eyj"), "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*"),
            new Rule(List.of("gsk_", "hf_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
                    "\\b(?:gsk|hf|ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}"),
            new Rule(List.of("github_pat_"), "\\bgithub_pat_[A-Za-z0-9_]{20,}"),
            new Rule(List.of("xai-"), "\\bxai-[A-Za-z0-9]{20,}"),
            new Rule(List.of("akia"), "\\bAKIA[0-9A-Z]{16}\\b"),
            new Rule(List.of("xox"), "\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
            new Rule(List.of(":"), "(?:(?<=bot)|\\b)\\d{6,12}:[A-Za-z0-9_-]{30,}"));

    private SecretRedactor() {}

    /**
     * The text with the escapes of key characters decoded and every secret replaced by
     * {@value #REDACTED}; null stays null.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String decoded = decodeKeyEscapes(text);
        // a replacement only removes triggers, never adds one, so the decoded text's are enough
        String lowerCase = decoded.toLowerCase(Locale.ROOT);
        String result = decoded;
        for (Rule rule : RULES) {
            result = rule.apply(result, lowerCase);
        }
        return result;
    }

    /**
     * {@link #redact} of the beginning of {@code text}, for a text that is cut to a bounded length
     * anyway: redacting megabytes that are thrown away is wasted work. When {@code text} is longer
     * than {@code window} characters, it is cut before the token that the window's end falls in, at
     * the last whitespace or quote before it: no secret's value holds one, so none is kept in part
     * (the first characters of a key are no longer recognisable as one). A text of one token longer
     * than the window gives the empty string.
     *
     * @throws IllegalArgumentException when {@code window} is not positive
     */
    public static String redactHead(String text, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (text == null || text.length() <= window) {
            return redact(text);
        }
        String head = decodeKeyEscapes(text.substring(0, window));
        if (!isCutSafely(text.charAt(window))) {
            int end = head.length();
            while (end > 0 && !isCutSafely(head.charAt(end - 1))) {
                end--;
            }
            head = head.substring(0, end);
        }
        return redact(head);
    }

    /** Whether a secret's value never holds {@code c}: every rule's value stops at whitespace and quotes. */
    private static boolean isCutSafely(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'';
    }

    /**
     * Decodes <code>&#92;uXXXX</code> and {@code \/} escapes that stand for a character keys are made of,
     * however many backslashes lead them, until none is left: a decoded character may complete
     * another escape (<code>&#92;u002&#92;u0064</code>), and redacting must give the same text when run again.
     * Each decode shortens the text, so the work stays linear.
     */
    static String decodeKeyEscapes(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            out.append(text.charAt(i));
            while (decodeEscapeAtEnd(out)) {
                // the decoded character may end another escape
            }
        }
        return out.toString();
    }

    /** Replaces an escape of a key character that ends {@code out} by that character; whether it did. */
    private static boolean decodeEscapeAtEnd(StringBuilder out) {
        int n = out.length();
        int escape; // where the escape proper starts, after its backslashes
        char decoded;
        if (n >= 2 && out.charAt(n - 1) == '/' && out.charAt(n - 2) == '\\') {
            escape = n - 1;
            decoded = '/';
        } else if (n >= 6 && out.charAt(n - 5) == 'u' && out.charAt(n - 6) == '\\' && isHex(out, n - 4, n)) {
            escape = n - 5;
            decoded = (char) Integer.parseInt(out, n - 4, n, 16);
            if (!isKeyCharacter(decoded)) {
                return false;
            }
        } else {
            return false;
        }
        int backslashes = escape;
        while (backslashes > 0 && out.charAt(backslashes - 1) == '\\') {
            backslashes--;
        }
        out.setLength(backslashes);
        out.append(decoded);
        return true;
    }

    /** Whether the characters are ASCII hex digits, as JSON escapes have (not any Unicode digit). */
    private static boolean isHex(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** A character keys and tokens are made of; never whitespace, a quote or a backslash. */
    private static boolean isKeyCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~+/=:".indexOf(c) >= 0;
    }

    private static boolean hasDigit(String value) {
        return value.chars().anyMatch(Character::isDigit);
    }
}
