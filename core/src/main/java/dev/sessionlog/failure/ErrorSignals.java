package dev.sessionlog.failure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facts a classifier needs from one {@link ProviderError}, wherever the gateway left them: the
 * structured fields when set, otherwise what the message says. Gateways often only have the text
 * an SDK produced, such as {@code 429 {"type":"error","error":{"type":"rate_limit_error",…}}}, an
 * OpenAI {@code {"error":{"type":"insufficient_quota","code":"insufficient_quota",…}}}, a Google
 * {@code {"error":{"code":429,"status":"RESOURCE_EXHAUSTED","details":[…"retryDelay":"17s"…]}}} or an
 * OpenRouter {@code {"error":{"code":402,"message":"Insufficient credits…"}}}.
 *
 * <p>Only the first {@link #MAX_INSPECTED_CHARS} characters are read, and the JSON parser is held
 * to a small nesting depth, so a ten-megabyte or hostile body costs no more than a normal one.
 * Nothing here throws on bad input: what cannot be read is simply not a signal.
 *
 * @param status the HTTP status, or null
 * @param codes the provider's codes and types, lower case, most specific first
 * @param text the lower-cased message, the messages decoded from its JSON and the codes, for wording rules
 * @param retryAfter the retry hint, or null
 */
record ErrorSignals(Integer status, List<String> codes, String text, Duration retryAfter) {
    /** How much of a message is inspected. */
    static final int MAX_INSPECTED_CHARS = 64 * 1024;
    private static final int MAX_CODE_LENGTH = 64;
    private static final int MAX_NESTING = 32;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(32)
                    .maxStringLength(MAX_INSPECTED_CHARS)
                    .build())
            .build());

    /** {@code 429 {…}}, {@code Error: 503 Service Unavailable}, {@code API Error: 529 {…}}, {@code HTTP/1.1 401}. */
    private static final Pattern LEADING_STATUS = Pattern.compile(
            "^\\s*(?:(?:api\\s+)?error:?\\s*)?(?:http(?:/[\\d.]{1,3})?\\s*)?(?:status(?:\\s*code)?\\s*[:=]?\\s*)?([45]\\d\\d)(?!\\d)",
            Pattern.CASE_INSENSITIVE);
    /** {@code Request failed with status code 503}, {@code HTTP 429}, {@code status: 500} anywhere near the start. */
    private static final Pattern STATUS_PHRASE = Pattern.compile(
            "\\b(?:status(?:\\s*code)?|http(?:/[\\d.]{1,3})?)\\s*[:=]?\\s*([45]\\d\\d)(?!\\d)", Pattern.CASE_INSENSITIVE);
    private static final int STATUS_PHRASE_WINDOW = 512;
    private static final Pattern CODE_TEXT = Pattern.compile("[a-z0-9_.: -]{1," + MAX_CODE_LENGTH + "}");

    /** Reads {@code error}; never throws. */
    static ErrorSignals of(ProviderError error) {
        String raw = bounded(error.message());
        JsonNode body = parseJson(raw);
        JsonNode detail = errorNode(body);

        Integer status = validStatus(error.httpStatus());
        if (status == null) {
            status = leadingStatus(raw).orElseGet(() -> jsonStatus(body, detail).orElse(null));
        }

        List<String> codes = new ArrayList<>();
        addCode(codes, error.errorCode());
        addCode(codes, text(detail.path("code")));
        addCode(codes, text(detail.path("status")));
        addCode(codes, text(detail.path("type")));
        if (!"error".equals(text(body.path("type")))) {
            addCode(codes, text(body.path("type")));
        }

        StringBuilder text = new StringBuilder(raw.toLowerCase(Locale.ROOT));
        for (JsonNode message : List.of(detail.path("message"), detail.path("metadata").path("raw"), body.path("message"))) {
            if (message.isTextual()) {
                text.append('\n').append(bounded(message.textValue()).toLowerCase(Locale.ROOT));
            }
        }
        if (detail.isTextual()) {
            text.append('\n').append(bounded(detail.textValue()).toLowerCase(Locale.ROOT));
        }
        // a code given without a body ("insufficient quota") still meets the wording rules
        codes.forEach(code -> text.append('\n').append(code));

        Duration retryAfter = error.retryAfter() != null && !error.retryAfter().isNegative()
                ? error.retryAfter()
                : googleRetryDelay(detail).or(() -> RetryHints.find(raw)).orElse(null);
        return new ErrorSignals(status, List.copyOf(codes), text.toString(), retryAfter);
    }

    /** The most specific code, or null. */
    String code() {
        return codes.isEmpty() ? null : codes.get(0);
    }

    /** Whether the provider gave {@code code} among its codes. */
    boolean hasCode(String code) {
        return codes.contains(code);
    }

    private static String bounded(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > MAX_INSPECTED_CHARS ? text.substring(0, MAX_INSPECTED_CHARS) : text;
    }

    private static Integer validStatus(Integer status) {
        return status != null && status >= 100 && status <= 599 ? status : null;
    }

    private static Optional<Integer> leadingStatus(String raw) {
        Matcher leading = LEADING_STATUS.matcher(raw);
        if (leading.lookingAt()) {
            return Optional.of(Integer.parseInt(leading.group(1)));
        }
        Matcher phrase = STATUS_PHRASE.matcher(raw);
        phrase.region(0, Math.min(raw.length(), STATUS_PHRASE_WINDOW));
        return phrase.find() ? Optional.of(Integer.parseInt(phrase.group(1))) : Optional.empty();
    }

    /** Google and OpenRouter put the status in {@code error.code}; some proxies at the top level. */
    private static Optional<Integer> jsonStatus(JsonNode body, JsonNode detail) {
        for (JsonNode candidate : List.of(detail.path("code"), body.path("status"), body.path("statusCode"))) {
            if (candidate.isInt() && validStatus(candidate.intValue()) != null) {
                return Optional.of(candidate.intValue());
            }
        }
        return Optional.empty();
    }

    // The body usually follows a status or a prefix such as "Error:"; a Gemini stream wraps it in an array.
    private static JsonNode parseJson(String raw) {
        int start = raw.indexOf('{');
        if (start < 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(raw.substring(start));
            return node == null ? MissingNode.getInstance() : node;
        } catch (IOException | RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    private static JsonNode errorNode(JsonNode body) {
        JsonNode error = body.path("error");
        return error.isMissingNode() ? body : error;
    }

    private static Optional<Duration> googleRetryDelay(JsonNode detail) {
        JsonNode details = detail.path("details");
        if (!details.isArray()) {
            return Optional.empty();
        }
        for (JsonNode entry : details) {
            String delay = text(entry.path("retryDelay"));
            if (delay != null) {
                Optional<Duration> parsed = RetryHints.parseDuration(delay, 0);
                if (parsed.isPresent()) {
                    return parsed;
                }
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }

    private static void addCode(List<String> codes, String code) {
        if (code == null) {
            return;
        }
        String normalized = code.strip().toLowerCase(Locale.ROOT);
        if (CODE_TEXT.matcher(normalized).matches() && !codes.contains(normalized)) {
            codes.add(normalized);
        }
    }
}
