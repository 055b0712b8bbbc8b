package dev.sessionlog.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The bearer token every request but {@code /v1/health} must present. Kept in a file readable by
 * its owner only: created with 32 random bytes on first start, or given by the operator. A file
 * others may read is refused, as ssh refuses a private key that others may read.
 */
public final class AccessToken {
    /** The name of the token file {@link #readOrCreate} keeps in the store directory. */
    public static final String FILE_NAME = "http-token";
    private static final int MAX_TOKEN_LENGTH = 4096;
    private static final int MIN_TOKEN_LENGTH = 16;

    private final byte[] digest;
    private final Path file;

    private AccessToken(String token, Path file) {
        this.digest = sha256(token);
        this.file = file;
    }

    /** The token in {@code directory}'s {@value #FILE_NAME}, created (owner-only) when absent. */
    public static AccessToken readOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                create(file, token);
            } catch (IOException e) {
                throw new AccessTokenException("cannot create the token file " + file + ": " + e.getMessage());
            }
            return new AccessToken(token, file);
        }
        return read(file);
    }

    /**
     * A random token kept in memory only, for a server nobody calls with the token: {@code sessionlog
     * console} on a store without a token file, reached through its sign-in links. {@link #file()} is null.
     */
    public static AccessToken inMemory() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(random), null);
    }

    /** Written aside and renamed into place, so a crash never leaves an empty token file behind. */
    private static void create(Path file, String token) throws IOException {
        Path directory = file.getParent();
        Path temporary = Files.getFileStore(directory).supportsFileAttributeView("posix")
                ? Files.createTempFile(directory, FILE_NAME, ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, FILE_NAME, ".tmp");
        try {
            Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The token in {@code file}: its one line, without surrounding whitespace.
     *
     * @throws AccessTokenException when the file is missing, unreadable, readable by others, or
     *     holds no usable token (empty, shorter than 16 characters, or not printable ASCII)
     */
    public static AccessToken read(Path file) {
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                if (permissions.contains(PosixFilePermission.GROUP_READ)
                        || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                    throw new AccessTokenException("the token file " + file + " may be read by others ("
                            + PosixFilePermissions.toString(permissions) + "): chmod 600 it");
                }
            }
            if (Files.size(file) > MAX_TOKEN_LENGTH) {
                throw new AccessTokenException("the token file " + file + " is larger than a token");
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            boolean printable = token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
            if (token.length() < MIN_TOKEN_LENGTH || !printable) {
                throw new AccessTokenException("the token file " + file + " must hold one token of at least "
                        + MIN_TOKEN_LENGTH + " printable characters without spaces");
            }
            return new AccessToken(token, file);
        } catch (IOException e) {
            throw new AccessTokenException("cannot read the token file " + file + ": " + e.getMessage());
        }
    }

    /** The file the token is kept in, or null for a token {@linkplain #inMemory() kept in memory}. */
    public Path file() {
        return file;
    }

    /**
     * Whether {@code presented} is the token. Compares digests in constant time, so neither the
     * token's length nor how much of it matched shows in the time taken.
     */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A token file that cannot be used; the message says why and what to do. */
    public static final class AccessTokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong */
        public AccessTokenException(String message) {
            super(message);
        }
    }
}
