package dev.sessionlog.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.CallId;
import dev.sessionlog.event.ModelCallFailed;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No key reaches the log; ordinary text does, unchanged. */
class SecretRedactorTest {
    // Fake keys in the providers' real shapes.
    static final String OPENAI_LEGACY = "sk-AbCdEf0123456789GhIjKlMnOpQrStUvWxYz0123456789AB";
    static final String OPENAI_PROJECT = "sk-proj-Xy12_ab-CDef34GHij56KLmn78OPqr90STuv12WXyz34ABcd56EFgh78IJkl90MNop12QRst34UVwx56";
    static final String ANTHROPIC = "sk-ant-api03-R2D2c3po_Luke-Leia0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567-AA";
    static final String OPENROUTER = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final String GOOGLE = "AIzaSyD-1234567890abcdefghijklmnopqrstu";
    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private static void assertNoSecret(String redacted, String... secrets) {
        for (String secret : secrets) {
            assertFalse(redacted.contains(secret), "leaked " + secret + " in " + redacted);
            // not even a long tail of it
            assertFalse(redacted.contains(secret.substring(secret.length() - 12)), "leaked the tail of " + secret);
        }
        assertTrue(redacted.contains(SecretRedactor.REDACTED), redacted);
    }

    @ParameterizedTest
    @ValueSource(strings = {OPENAI_LEGACY, OPENAI_PROJECT, ANTHROPIC, OPENROUTER, GOOGLE, JWT,
        "gsk_0123456789abcdefghijABCDEFGHIJ", "xai-0123456789abcdefghijABCDEFGHIJ", "hf_0123456789abcdefghijABCDEFGHIJ",
        "ghp_0123456789abcdefghijABCDEFGHIJ", "github_pat_0123456789abcdefghij_ABCDEFGHIJ", "AKIAIOSFODNN7EXAMPLE",
        "xoxb-1234567890-abcdefghijkl", "sk_live_0123456789abcdefABCDEF", "ya29.a0AfH6SMBx0123456789abcdefghij",
        "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"})
    void a_bare_key_is_redacted_wherever_it_stands(String key) {
        assertNoSecret(SecretRedactor.redact("invalid key " + key + ", try again"), key);
        assertNoSecret(SecretRedactor.redact(key), key);
        assertNoSecret(SecretRedactor.redact("(" + key + ")"), key);
    }

    @Test
    void a_bearer_token_is_redacted_and_the_scheme_kept() {
        String redacted = SecretRedactor.redact("Authorization: Bearer " + JWT);
        assertNoSecret(redacted, JWT);
        assertEquals("Authorization: Bearer [REDACTED]", redacted);
        assertEquals("sent bearer [REDACTED] upstream", SecretRedactor.redact("sent bearer abcdefgh12345678 upstream"));
    }

    @Test
    void basic_credentials_in_an_authorization_header_are_redacted() {
        assertEquals("Authorization: Basic [REDACTED]", SecretRedactor.redact("Authorization: Basic dXNlcjpwYXNzd29yZA=="));
        assertEquals("{\"authorization\":\"Bearer [REDACTED]\"}",
                SecretRedactor.redact("{\"authorization\":\"Bearer opaque-token-value-123\"}"));
    }

    @Test
    void api_key_headers_keep_their_name() {
        assertEquals("x-api-key: [REDACTED]", SecretRedactor.redact("x-api-key: " + ANTHROPIC));
        assertEquals("X-Goog-Api-Key:[REDACTED]", SecretRedactor.redact("X-Goog-Api-Key:some-opaque-key-value"));
        assertEquals("{\"x-api-key\":\"[REDACTED]\",\"model\":\"claude\"}",
                SecretRedactor.redact("{\"x-api-key\":\"not-a-prefixed-key-value\",\"model\":\"claude\"}"));
    }

    @Test
    void keys_inside_json_bodies_are_redacted_and_the_json_stays_valid_in_shape() {
        String body = "{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_PROJECT
                + "\"},\"request\":{\"apiKey\": \"opaque123456\",\"api_key\":\"" + GOOGLE
                + "\",\"client_secret\":\"s3cr3t-value\",\"password\":\"hunter22\"}}";
        String redacted = SecretRedactor.redact(body);
        assertNoSecret(redacted, OPENAI_PROJECT, GOOGLE);
        assertFalse(redacted.contains("opaque123456"));
        assertFalse(redacted.contains("s3cr3t-value"));
        assertFalse(redacted.contains("hunter22"));
        assertTrue(redacted.contains("\"apiKey\": \"[REDACTED]\""), redacted);
        assertTrue(redacted.endsWith("\"password\":\"[REDACTED]\"}}"), redacted);
    }

    @Test
    void keys_in_urls_are_redacted() {
        assertEquals("GET https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?key=[REDACTED]&alt=sse",
                SecretRedactor.redact("GET https://generativelanguage.googleapis.com/v1beta/models/gemini:generateContent?key="
                        + GOOGLE + "&alt=sse"));
        assertEquals("https://x.example/v1?alt=json&access_token=[REDACTED]",
                SecretRedactor.redact("https://x.example/v1?alt=json&access_token=opaque-access"));
        assertEquals("proxy https://gateway:[REDACTED]@proxy.example:8080 refused",
                SecretRedactor.redact("proxy https://gateway:pa55word@proxy.example:8080 refused"));
        String telegram = "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage";
        assertEquals("https://api.telegram.org/bot[REDACTED]/sendMessage", SecretRedactor.redact(telegram));
    }

    @ParameterizedTest
    @ValueSource(strings = {"task-manager", "sk-", "sk- alone", "use sk-learn for that", "risk-assessment-framework-2024-final",
        "desk-0123456789abcdefghijklmnop", "sk-this-is-not-a-real-key-just-words", "Bearer of bad news",
        "the api key is missing", "AIza", "eyJ", "Connection to api.anthropic.com:443 refused",
        "prompt is too long: 208543 tokens > 200000 maximum", "request_id: req_011CSHoEeqs5C35K2UUqR7Fy",
        "https://platform.openai.com/account/api-keys", "https://api.example.com:8443/v1/messages", "ratio 12:30",
        "key=value", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
        "Incorrect API key provided: sk-proj-********************************************1a2b", ""})
    void ordinary_text_is_not_mangled(String text) {
        assertEquals(text, SecretRedactor.redact(text));
    }

    @Test
    void null_stays_null() {
        assertNull(SecretRedactor.redact(null));
    }

    @Test
    void redacting_twice_changes_nothing_more() {
        String text = "Authorization: Bearer " + JWT + " x-api-key: " + ANTHROPIC + " ?key=" + GOOGLE
                + " {\"api_key\":\"" + OPENAI_LEGACY + "\"} https://u:p4ssw0rd@h";
        String once = SecretRedactor.redact(text);
        assertEquals(once, SecretRedactor.redact(once));
    }

    @Test
    void a_two_megabyte_text_full_of_keys_is_redacted() {
        String chunk = "x-api-key: " + ANTHROPIC + " Bearer " + JWT + " " + GOOGLE + " https://a:b@c ?key=zzzz ";
        String huge = chunk.repeat(2 * 1024 * 1024 / chunk.length());
        String redacted = SecretRedactor.redact(huge);
        assertFalse(redacted.contains(ANTHROPIC.substring(20)));
        assertFalse(redacted.contains("eyJzdWIi"));
        assertFalse(redacted.contains("AIzaSy"));
        String hostile = "://" + "a".repeat(500_000) + ":" + "b".repeat(500_000) + " " + "eyJ" + "c".repeat(500_000);
        assertEquals(hostile, SecretRedactor.redact(hostile));
    }

    @Test
    void a_model_call_failed_event_never_stores_a_key() {
        String message = "401 {\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_LEGACY
                + ". Header was x-api-key: " + ANTHROPIC + ", url ?key=" + GOOGLE + ", auth Bearer " + JWT + "\"}}";
        ModelCallFailed failed = new ModelCallFailed(CallId.of("call-1"), "openai", "gpt-4o", FailureKind.AUTH, 401,
                "invalid_api_key", Duration.ZERO, message, false);
        assertNoSecret(failed.providerMessage(), OPENAI_LEGACY, ANTHROPIC, GOOGLE, JWT);
        assertTrue(failed.providerMessage().startsWith("401 {\"error\":{\"message\":\"Incorrect API key provided: [REDACTED]"));

        ModelCallFailed classified = ModelCallFailed.classified(CallId.of("call-2"), "gpt-4o",
                ProviderError.http("openai", 401, message), FailureClassifier.standard());
        assertNoSecret(classified.providerMessage(), OPENAI_LEGACY, ANTHROPIC, GOOGLE, JWT);
        assertEquals(FailureKind.AUTH, classified.kind());
    }

    @Test
    void a_ten_megabyte_message_is_stored_redacted_and_bounded() {
        String message = ("x-api-key: " + ANTHROPIC + " ").repeat(10 * 1024 * 1024 / 120);
        ModelCallFailed failed = new ModelCallFailed(CallId.of("call-1"), "anthropic", null, FailureKind.AUTH, 401,
                null, null, message, false);
        assertTrue(failed.providerMessage().length() <= ModelCallFailed.MAX_MESSAGE_LENGTH + 1);
        assertTrue(failed.providerMessage().length() > ModelCallFailed.MAX_MESSAGE_LENGTH - 256);
        assertTrue(failed.providerMessage().endsWith("…"), "a cut message is marked as cut");
        assertNoSecret(failed.providerMessage(), ANTHROPIC);
        assertFalse(failed.providerMessage().contains("sk-ant"));
    }

    @Test
    void a_key_in_the_error_code_is_not_stored_either() {
        ModelCallFailed failed = new ModelCallFailed(CallId.of("call-1"), "openai", null, FailureKind.AUTH, 401,
                OPENAI_LEGACY, null, null, false);
        assertEquals(SecretRedactor.REDACTED, failed.providerErrorCode());
    }

    @Test
    void a_key_past_the_length_limit_is_not_stored_in_part() {
        String message = "x".repeat(ModelCallFailed.MAX_MESSAGE_LENGTH - 20) + " " + ANTHROPIC;
        ModelCallFailed failed = new ModelCallFailed(CallId.of("call-1"), "anthropic", null, FailureKind.AUTH, 401,
                null, null, message, false);
        assertFalse(failed.providerMessage().contains("sk-ant-api03-R2D"), failed.providerMessage());
        assertTrue(failed.providerMessage().length() <= ModelCallFailed.MAX_MESSAGE_LENGTH + 1);
    }

    // Keys in the shapes each provider issues them, for the window and escape tests below.
    static final String AZURE_HEX = "0123456789abcdef0123456789abcdef";
    static final String AWS = "AKIAIOSFODNN7EXAMPLE";
    static final String GITHUB = "ghp_" + "0123456789abcdefghijABCDEFGHIJklmnop";
    static final String HUGGING_FACE = "hf_" + "0123456789abcdefghijABCDEFGHIJklmn";
    static final String BEARER_OPAQUE = "opaque0Token1Value2With3Digits4AndLetters";

    /** Text around a key; the key is what must not survive. */
    record Placed(String name, String before, String secret, String after) {
        String text() {
            return before + secret + after;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static java.util.stream.Stream<Placed> keysInContext() {
        return java.util.stream.Stream.of(
                new Placed("openai", "Incorrect API key provided: ", OPENAI_LEGACY, "."),
                new Placed("openai project", "Incorrect API key provided: ", OPENAI_PROJECT, "."),
                new Placed("anthropic", "invalid x-api-key ", ANTHROPIC, " rejected"),
                new Placed("google", "API key not valid: ", GOOGLE, " ."),
                new Placed("azure header", "Ocp-Apim-Subscription-Key: ", AZURE_HEX, "\r\n"),
                new Placed("azure json", "{\"Ocp-Apim-Subscription-Key\":\"", AZURE_HEX, "\"}"),
                new Placed("azure api-key", "api-key: ", AZURE_HEX, "\n"),
                new Placed("aws", "The security token included in the request is invalid: ", AWS, " ."),
                new Placed("github", "Bad credentials for ", GITHUB, " ."),
                new Placed("hugging face", "Invalid token ", HUGGING_FACE, " ."),
                new Placed("bearer", "Authorization: Bearer ", BEARER_OPAQUE, "\n"),
                new Placed("jwt bearer", "Authorization: Bearer ", JWT, "\n"));
    }

    /** Fails when any eight characters of the key's secret part survive. */
    private static void assertNothingOf(String secret, String stored) {
        String body = secret.replaceFirst("^(sk-proj-|sk-ant-api03-|sk-|AIza|AKIA|ghp_|hf_|eyJ)", "");
        for (int i = 0; i + 8 <= body.length(); i++) {
            String piece = body.substring(i, i + 8);
            assertFalse(stored.contains(piece), "stored " + piece + " of " + secret + ": …"
                    + stored.substring(Math.max(0, stored.indexOf(piece) - 40), stored.indexOf(piece) + 8));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysInContext")
    void every_providers_key_shape_is_redacted(Placed key) {
        String redacted = SecretRedactor.redact(key.text());
        assertNothingOf(key.secret(), redacted);
        assertTrue(redacted.contains(SecretRedactor.REDACTED), redacted);
    }

    @Test
    void an_azure_subscription_key_header_keeps_its_name() {
        assertEquals("Ocp-Apim-Subscription-Key: [REDACTED]",
                SecretRedactor.redact("Ocp-Apim-Subscription-Key: " + AZURE_HEX));
        assertEquals("{\"ocp-apim-subscription-key\":\"[REDACTED]\"}",
                SecretRedactor.redact("{\"ocp-apim-subscription-key\":\"" + AZURE_HEX + "\"}"));
        assertEquals("aws_secret_access_key=[REDACTED]",
                SecretRedactor.redact("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysInContext")
    void a_json_escaped_key_is_redacted(Placed key) {
        StringBuilder escaped = new StringBuilder();
        for (char c : key.secret().toCharArray()) {
            boolean escape = c == '-' || c == '_' || c == '.' || Character.isDigit(c);
            escaped.append(escape ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        assertNothingOf(key.secret(), decoded(SecretRedactor.redact(key.before() + escaped + key.after())));
        String doubleEscaped = escaped.toString().replace("\\u", "\\\\u");
        assertNothingOf(key.secret(), decoded(SecretRedactor.redact(key.before() + doubleEscaped + key.after())));
    }

    /** Every \\uXXXX decoded, however many backslashes lead it: what a reader of the stored text could do. */
    private static String decoded(String text) {
        return java.util.regex.Pattern.compile("\\\\+u([0-9a-fA-F]{4})").matcher(text)
                .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                        String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }

    @Test
    void escapes_of_the_characters_keys_are_made_of_are_decoded_and_others_kept() {
        String redacted = SecretRedactor.redact("{\"error\":\"Incorrect API key provided: sk-proj\\u002d"
                + OPENAI_PROJECT.substring("sk-proj-".length()) + "\"}");
        assertEquals("{\"error\":\"Incorrect API key provided: [REDACTED]\"}", redacted);
        String kept = "quote \\u0022 newline \\n tab \\t backslash \\\\ unicode \\u00e9 space \\u0020 short \\u12";
        assertEquals(kept, SecretRedactor.redact(kept));
        assertEquals("path a/b and A and B", SecretRedactor.redact("path a\\/b and \\u0041 and \\\\u0042"));
        assertEquals("Authorization: Bearer [REDACTED]",
                SecretRedactor.redact("Authorization: Bearer abc\\/defghijk12345\\/xyz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u002\\u0064", "\\u00\\u00322d", "\\u005c\\u0075002d", "\\\\\\u0075002d", "\\u0\\u0030\\u0032d",
        "sk-proj\\u005cu002d0123456789abcdefghijklmnop"})
    void decoding_escapes_is_done_once_and_for_all(String text) {
        String once = SecretRedactor.redact(text);
        assertEquals(once, SecretRedactor.redact(once));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keysInContext")
    void a_key_cut_by_the_redaction_window_is_not_stored_in_part(Placed key) {
        // Many keys before it shrink under redaction, so whatever stands at the window's end is kept.
        String shrinking = ANTHROPIC + " ";
        int window = ModelCallFailed.REDACTION_WINDOW;
        String secretPlus = key.secret() + key.after();
        for (int end = 1; end <= secretPlus.length() + 1; end++) {
            int start = window - end; // the window ends `end` characters into the key
            StringBuilder message = new StringBuilder(shrinking.repeat((start - key.before().length()) / shrinking.length()));
            message.append(" ".repeat(start - key.before().length() - message.length()));
            message.append(key.before()).append(secretPlus).append(" and then more text ".repeat(10));
            ModelCallFailed failed = new ModelCallFailed(CallId.of("call-1"), "azure", null, FailureKind.AUTH, 401,
                    null, null, message.toString(), false);
            assertTrue(failed.providerMessage().length() < ModelCallFailed.MAX_MESSAGE_LENGTH,
                    "the test needs the window's end to be kept");
            assertNothingOf(key.secret(), failed.providerMessage());
        }
    }

    @Test
    void a_key_in_the_provider_or_model_field_is_not_stored() {
        ModelCallFailed failed = new ModelCallFailed(CallId.of("call-1"), OPENAI_PROJECT, "gpt-4o " + GOOGLE,
                FailureKind.AUTH, 401, null, null, null, false);
        assertEquals(SecretRedactor.REDACTED, failed.provider());
        assertEquals("gpt-4o " + SecretRedactor.REDACTED, failed.model());
        ModelCallFailed classified = ModelCallFailed.classified(CallId.of("call-2"), ANTHROPIC,
                ProviderError.http(HUGGING_FACE, 401, "unauthorized"), FailureClassifier.standard());
        assertEquals(SecretRedactor.REDACTED, classified.provider());
        assertEquals(SecretRedactor.REDACTED, classified.model());
        dev.sessionlog.event.ModelCallStarted started = new dev.sessionlog.event.ModelCallStarted(CallId.of("call-3"),
                "azure " + AZURE_HEX.length() + " api-key=" + AZURE_HEX, OPENAI_LEGACY, 1, null);
        assertNothingOf(AZURE_HEX, started.provider());
        assertEquals(SecretRedactor.REDACTED, started.model());
        assertEquals("anthropic", new dev.sessionlog.event.ModelCallStarted(CallId.of("call-4"), "anthropic",
                "claude-sonnet-4-6", 1, null).provider());
    }
}
