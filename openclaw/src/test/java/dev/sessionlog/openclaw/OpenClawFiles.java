package dev.sessionlog.openclaw;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes small OpenClaw version 3 sessions directories for import tests: this module's and the CLI's
 * (through the test-jar).
 */
public final class OpenClawFiles {
    private OpenClawFiles() {}

    /** A version 3 transcript of {@code turns} user/assistant turns, the last one failed with a 429. */
    public static String transcript(String sessionId, int turns) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"type\":\"session\",\"version\":3,\"id\":\"").append(sessionId)
                .append("\",\"timestamp\":\"2026-04-13T09:41:05.012Z\",\"cwd\":\"/home/ana\"}\n");
        String parent = null;
        int id = 0;
        String first = String.format("%08x", ++id);
        sb.append("{\"type\":\"model_change\",\"id\":\"").append(first)
                .append("\",\"parentId\":null,\"timestamp\":\"2026-04-13T09:41:05.020Z\",\"provider\":\"anthropic\",\"modelId\":\"claude-sonnet-4-6\"}\n");
        parent = first;
        for (int turn = 0; turn < turns; turn++) {
            String user = String.format("%08x", ++id);
            sb.append("{\"type\":\"message\",\"id\":\"").append(user).append("\",\"parentId\":\"").append(parent)
                    .append("\",\"timestamp\":\"2026-04-13T09:41:06.000Z\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"question ")
                    .append(turn).append("\"}],\"timestamp\":1776073266000}}\n");
            String assistant = String.format("%08x", ++id);
            boolean failed = turn == turns - 1;
            sb.append("{\"type\":\"message\",\"id\":\"").append(assistant).append("\",\"parentId\":\"").append(user)
                    .append("\",\"timestamp\":\"2026-04-13T09:41:07.000Z\",\"message\":{\"role\":\"assistant\",\"content\":[")
                    .append(failed ? "" : "{\"type\":\"text\",\"text\":\"answer " + turn + "\"}")
                    .append("],\"api\":\"anthropic-messages\",\"provider\":\"anthropic\",\"model\":\"claude-sonnet-4-6\",")
                    .append("\"usage\":{\"input\":10,\"output\":5,\"cacheRead\":0,\"cacheWrite\":0,\"totalTokens\":15,\"cost\":{\"input\":0,\"output\":0,\"cacheRead\":0,\"cacheWrite\":0,\"total\":0}},")
                    .append("\"stopReason\":\"").append(failed ? "error" : "stop").append("\"")
                    .append(failed ? ",\"errorMessage\":\"429 {\\\"type\\\":\\\"error\\\",\\\"error\\\":{\\\"type\\\":\\\"rate_limit_error\\\",\\\"message\\\":\\\"rate limited\\\"}}\"" : "")
                    .append(",\"timestamp\":1776073267000}}\n");
            parent = assistant;
        }
        return sb.toString();
    }

    /** A sessions directory with sessions.json, two sessions, an archive and a lock file. */
    public static Path sessionsDirectory(Path parent) {
        try {
            Path dir = Files.createDirectories(parent.resolve("sessions"));
            Files.writeString(dir.resolve("sessions.json"), "{\"agent:main:telegram:direct:111\":{\"sessionId\":"
                    + "\"6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11\",\"updatedAt\":1776073276880,\"channel\":\"telegram\"}}");
            Files.writeString(dir.resolve("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl"),
                    transcript("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11", 3));
            Files.writeString(dir.resolve("0a1b2c3d-0000-4000-8000-000000000002.jsonl"),
                    transcript("0a1b2c3d-0000-4000-8000-000000000002", 700));
            Files.writeString(dir.resolve("0a1b2c3d-0000-4000-8000-000000000003.jsonl.reset.2026-04-13T09-41-07.123Z"),
                    transcript("0a1b2c3d-0000-4000-8000-000000000003", 2));
            Files.writeString(dir.resolve("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11.jsonl.lock"),
                    "{\"pid\":4242,\"createdAt\":\"2026-04-13T09:41:05.000Z\"}");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file's name with the SHA-256 of its bytes and its modification time. */
    public static Map<String, String> fingerprint(Path dir) {
        Map<String, String> prints = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
                prints.put(file.getFileName().toString(), HexFormat.of().formatHex(digest) + " "
                        + Files.getLastModifiedTime(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return prints;
    }

    /** Writes {@code text} to {@code file} as UTF-8. */
    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
