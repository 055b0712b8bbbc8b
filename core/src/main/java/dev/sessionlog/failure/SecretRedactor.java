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
 * <p>Ordinary words are left alone: {@code task-manager}, {@code sk-} on its own, {@code sk-learn}
 * (an {@code sk-} token must be at least 20 characters with a digit). A name-value rule keeps the
 * name and replaces only the value. Redacting twice gives the same text as redacting once. The work
 * is linear in the text's length.
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
            + "|password|passwd";

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

    /** The text with every secret replaced by {@value #REDACTED}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        // a replacement only removes triggers, never adds one, so the original's are enough
        String lowerCase = text.toLowerCase(Locale.ROOT);
        String result = text;
        for (Rule rule : RULES) {
            result = rule.apply(result, lowerCase);
        }
        return result;
    }

    private static boolean hasDigit(String value) {
        return value.chars().anyMatch(Character::isDigit);
    }
}
