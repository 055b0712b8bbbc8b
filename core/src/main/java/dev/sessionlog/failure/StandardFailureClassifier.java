package dev.sessionlog.failure;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reference rules, after OpenClaw's, applied in this order (the first that matches wins):
 *
 * <ol>
 *   <li><b>Exception type.</b> A transport exception decides alone: {@code HttpTimeoutException},
 *       {@code SocketTimeoutException}, {@code TimeoutException} → TIMEOUT; {@code ConnectException}
 *       and every {@code SocketException}, {@code UnknownHostException}, {@code ClosedChannelException},
 *       {@code SSLException} → NETWORK; {@code CancellationException}, {@code AbortError} → CANCELLED.
 *   <li><b>Specific wording and codes</b>, which beat the status because providers reuse statuses:
 *       credits and payment (402, "insufficient credits", "credit balance") → BILLING, even when
 *       Anthropic sends it as a 400; quota ({@code insufficient_quota}, "exceeded your current quota",
 *       "usage limit", a 429 or Google {@code RESOURCE_EXHAUSTED} speaking of quota or billing) →
 *       QUOTA_EXCEEDED, <i>unless</i> the text names a per-minute or per-second window (Gemini's free
 *       tier says "exceeded your current quota" for its requests-per-minute limit), which is a rate
 *       limit; rate-limit wording and codes → RATE_LIMITED; context-length wording → CONTEXT_OVERFLOW;
 *       {@code overloaded_error}, "overloaded" → OVERLOADED; "model … does not exist" → MODEL_NOT_FOUND;
 *       invalid API key, {@code authentication_error}, {@code permission_error} → AUTH.
 *   <li><b>Other provider codes</b>: {@code invalid_request_error}/{@code INVALID_ARGUMENT} →
 *       INVALID_REQUEST, {@code api_error}/{@code INTERNAL} → TIMEOUT, {@code UNAVAILABLE} → OVERLOADED,
 *       {@code DEADLINE_EXCEEDED} → TIMEOUT, {@code CANCELLED} → CANCELLED.
 *   <li><b>HTTP status</b>: 429 → RATE_LIMITED, 402 → BILLING, 401/403 → AUTH, 404 → MODEL_NOT_FOUND,
 *       407 → NETWORK (the gateway's proxy), 408 → TIMEOUT, 413 → CONTEXT_OVERFLOW, other 4xx →
 *       INVALID_REQUEST, 503/529 → OVERLOADED, other 5xx → TIMEOUT. The 500 and 502 decision follows
 *       OpenClaw: a server error is a transient failure to answer, retried like a timeout.
 *   <li><b>General wording</b>, when nothing above matched: timeouts ({@code ETIMEDOUT}, "timed out"),
 *       then network failures ({@code ECONNREFUSED}, {@code ECONNRESET}, {@code ENOTFOUND},
 *       {@code EAI_AGAIN}, "socket hang up", "fetch failed"), then cancellation ("This operation was
 *       aborted"), then "unauthorized"/"forbidden", "service unavailable", "internal server error".
 * </ol>
 *
 * <p>The status, code and retry-after are taken from the error's fields, or found in its message
 * (see {@link ErrorSignals}). Nothing here throws.
 */
enum StandardFailureClassifier implements FailureClassifier {
    /** The only instance. */
    INSTANCE;

    private static final Pattern BILLING = Pattern.compile(
            "insufficient credit|credit balance|requires? more credits|add (?:more )?credits|purchase credits|out of credits"
                    + "|payment required|insufficient (?:account )?balance|billing[ _]hard[ _]limit|top up your");
    private static final Pattern EXPLICIT_QUOTA = Pattern.compile(
            "insufficient[ _]quota|exceeded (?:your |the )?(?:current )?quota|quota (?:has been |was )?(?:exceeded|exhausted|reached)"
                    + "|exhausted (?:your |the )?quota|out of quota|quota_exceeded|usage limit");
    private static final Pattern SHORT_WINDOW = Pattern.compile(
            "per ?min(?:ute)?\\b|perminute|per ?second|persecond|\\b[rt]pm\\b|\\b[rt]ps\\b");
    private static final Pattern RATE_LIMIT = Pattern.compile(
            "rate[ _-]?limit|too many requests|throttl|resource has been exhausted|resource exhausted");
    private static final Pattern CONTEXT_OVERFLOW = Pattern.compile(
            "maximum context length|context[ _]length[ _]exceeded|context[ _]window[ _]exceeded|context window is full"
                    + "|exceeds? (?:the )?(?:model'?s? )?(?:maximum )?context (?:window|length|limit)"
                    + "|prompt is too long|prompt too long|input is too long|input too long"
                    + "|input token count[^.]{0,80}exceeds|exceeds the maximum number of tokens|request_too_large");
    private static final Pattern OVERLOADED = Pattern.compile("overloaded|high demand|over capacity");
    private static final Pattern MODEL_NOT_FOUND = Pattern.compile(
            "model[^.\\n]{0,120}(?:does not exist|not found|no longer available)"
                    + "|not a valid model|no such model|unknown model|no endpoints found|model_not_found");
    private static final Pattern AUTH = Pattern.compile(
            "invalid[ _-]?(?:x-)?api[ _-]?key|incorrect api key|api key not valid|api_key_invalid|invalid authentication"
                    + "|invalid bearer token|authentication_error|permission_error|permission_denied|unauthenticated"
                    + "|no auth credentials|api key (?:has )?(?:expired|been revoked|is invalid)|(?:oauth|access) token (?:has )?expired");

    private static final Pattern TIMEOUT_WORDING = Pattern.compile(
            "etimedout|esockettimedout|timed out|timeout|deadline exceeded|deadline_exceeded");
    private static final Pattern NETWORK_WORDING = Pattern.compile(
            "econnrefused|econnreset|econnaborted|enotfound|eai_again|ehostunreach|enetunreach|enetdown|\\bepipe\\b"
                    + "|socket hang up|getaddrinfo|connection refused|connection reset|connection closed|connection error"
                    + "|network error|network is unreachable|fetch failed|\\bdns\\b|no such host|name or service not known"
                    + "|temporary failure in name resolution|received no bytes|broken pipe|ssl handshake|tls handshake"
                    + "|other side closed|premature close");
    private static final Pattern CANCEL_WORDING = Pattern.compile(
            "aborterror|operation was aborted|request was aborted|user aborted|request (?:was )?cancell?ed|was cancell?ed");
    private static final Pattern WEAK_AUTH = Pattern.compile("unauthori[sz]ed|forbidden|access denied|not authori[sz]ed");
    private static final Pattern WEAK_OVERLOADED = Pattern.compile("service unavailable|temporarily unavailable");
    private static final Pattern SERVER_ERROR = Pattern.compile(
            "internal server error|internal error|server had an error|bad gateway|gateway timeout|upstream error");

    private static final Map<String, FailureKind> CODES = Map.ofEntries(
            Map.entry("invalid_request_error", FailureKind.INVALID_REQUEST),
            Map.entry("invalid_request", FailureKind.INVALID_REQUEST),
            Map.entry("invalid_argument", FailureKind.INVALID_REQUEST),
            Map.entry("failed_precondition", FailureKind.INVALID_REQUEST),
            Map.entry("bad_request", FailureKind.INVALID_REQUEST),
            Map.entry("not_found_error", FailureKind.MODEL_NOT_FOUND),
            Map.entry("not_found", FailureKind.MODEL_NOT_FOUND),
            Map.entry("api_error", FailureKind.TIMEOUT),
            Map.entry("server_error", FailureKind.TIMEOUT),
            Map.entry("internal", FailureKind.TIMEOUT),
            Map.entry("internal_error", FailureKind.TIMEOUT),
            Map.entry("internal_server_error", FailureKind.TIMEOUT),
            Map.entry("deadline_exceeded", FailureKind.TIMEOUT),
            Map.entry("timeout", FailureKind.TIMEOUT),
            Map.entry("unavailable", FailureKind.OVERLOADED),
            Map.entry("service_unavailable", FailureKind.OVERLOADED),
            Map.entry("unauthorized", FailureKind.AUTH),
            Map.entry("forbidden", FailureKind.AUTH),
            Map.entry("cancelled", FailureKind.CANCELLED));

    @Override
    public FailureKind classify(ProviderError error) {
        return analyze(error).kind();
    }

    @Override
    public Classification analyze(ProviderError error) {
        if (error == null) {
            return Classification.of(FailureKind.UNKNOWN);
        }
        ErrorSignals signals = ErrorSignals.of(error);
        FailureKind kind = ExceptionTypes.kindOf(error.exceptionType())
                .or(() -> specific(signals))
                .or(() -> byCode(signals))
                .or(() -> byStatus(signals.status()))
                .or(() -> general(signals.text()))
                .orElse(FailureKind.UNKNOWN);
        return new Classification(kind, signals.status(), signals.code(), signals.retryAfter());
    }

    private static Optional<FailureKind> specific(ErrorSignals signals) {
        String text = signals.text();
        Integer status = signals.status();
        if ((status != null && status == 402) || BILLING.matcher(text).find()) {
            return Optional.of(FailureKind.BILLING);
        }
        boolean rateLimitWording = RATE_LIMIT.matcher(text).find() || signals.hasCode("rate_limit_error")
                || signals.hasCode("rate_limit_exceeded");
        boolean quotaHinted = ((status != null && status == 429) || signals.hasCode("resource_exhausted"))
                && (text.contains("quota") || text.contains("billing")) && !rateLimitWording;
        if (signals.hasCode("insufficient_quota") || EXPLICIT_QUOTA.matcher(text).find() || quotaHinted) {
            return Optional.of(SHORT_WINDOW.matcher(text).find() ? FailureKind.RATE_LIMITED : FailureKind.QUOTA_EXCEEDED);
        }
        if (rateLimitWording || signals.hasCode("resource_exhausted") || signals.hasCode("too_many_requests")) {
            return Optional.of(FailureKind.RATE_LIMITED);
        }
        if (signals.hasCode("context_length_exceeded") || signals.hasCode("request_too_large")
                || signals.hasCode("string_above_max_length") || CONTEXT_OVERFLOW.matcher(text).find()) {
            return Optional.of(FailureKind.CONTEXT_OVERFLOW);
        }
        if (signals.hasCode("overloaded_error") || OVERLOADED.matcher(text).find()) {
            return Optional.of(FailureKind.OVERLOADED);
        }
        if (signals.hasCode("model_not_found") || MODEL_NOT_FOUND.matcher(text).find()) {
            return Optional.of(FailureKind.MODEL_NOT_FOUND);
        }
        if (signals.hasCode("invalid_api_key") || signals.hasCode("authentication_error")
                || signals.hasCode("permission_error") || AUTH.matcher(text).find()) {
            return Optional.of(FailureKind.AUTH);
        }
        return Optional.empty();
    }

    private static Optional<FailureKind> byCode(ErrorSignals signals) {
        for (String code : signals.codes()) {
            FailureKind kind = CODES.get(code);
            if (kind != null) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private static Optional<FailureKind> byStatus(Integer status) {
        if (status == null) {
            return Optional.empty();
        }
        switch (status) {
            case 429: return Optional.of(FailureKind.RATE_LIMITED);
            case 402: return Optional.of(FailureKind.BILLING);
            case 401: case 403: return Optional.of(FailureKind.AUTH);
            case 404: return Optional.of(FailureKind.MODEL_NOT_FOUND);
            case 407: return Optional.of(FailureKind.NETWORK);
            case 408: return Optional.of(FailureKind.TIMEOUT);
            case 413: return Optional.of(FailureKind.CONTEXT_OVERFLOW);
            case 503: case 529: return Optional.of(FailureKind.OVERLOADED);
            default:
                if (status >= 400 && status < 500) {
                    return Optional.of(FailureKind.INVALID_REQUEST);
                }
                return status >= 500 ? Optional.of(FailureKind.TIMEOUT) : Optional.empty();
        }
    }

    private static Optional<FailureKind> general(String text) {
        if (TIMEOUT_WORDING.matcher(text).find()) {
            return Optional.of(FailureKind.TIMEOUT);
        }
        if (NETWORK_WORDING.matcher(text).find()) {
            return Optional.of(FailureKind.NETWORK);
        }
        if (CANCEL_WORDING.matcher(text).find()) {
            return Optional.of(FailureKind.CANCELLED);
        }
        if (WEAK_AUTH.matcher(text).find()) {
            return Optional.of(FailureKind.AUTH);
        }
        if (WEAK_OVERLOADED.matcher(text).find()) {
            return Optional.of(FailureKind.OVERLOADED);
        }
        if (SERVER_ERROR.matcher(text).find()) {
            return Optional.of(FailureKind.TIMEOUT);
        }
        return Optional.empty();
    }
}
