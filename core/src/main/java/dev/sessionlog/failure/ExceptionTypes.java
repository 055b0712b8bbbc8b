package dev.sessionlog.failure;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The failure kind a thrown exception's type stands for. A transport exception says more than any
 * message text (a {@code SocketTimeoutException} is a timeout whatever its message reads), so these
 * rules come first. Only the class name is known (it may come from a stored event), so JDK types
 * are resolved by name without initialising them, which also matches their subclasses
 * ({@code SSLHandshakeException}, {@code HttpConnectTimeoutException}); other libraries' types are
 * matched by the words in their simple name.
 */
final class ExceptionTypes {
    private static final int MAX_NAME_LENGTH = 256;
    private static final Pattern JAVA_NAME = Pattern.compile("(?:[A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Za-z_$][A-Za-z0-9_$]*");

    /** Checked in order: the first supertype that matches wins, so subclasses come before their parents. */
    private static final List<Map.Entry<String, FailureKind>> JDK_TYPES = List.of(
            Map.entry("java.util.concurrent.CancellationException", FailureKind.CANCELLED),
            Map.entry("java.lang.InterruptedException", FailureKind.CANCELLED),
            Map.entry("java.nio.channels.ClosedByInterruptException", FailureKind.CANCELLED),
            Map.entry("java.net.http.HttpTimeoutException", FailureKind.TIMEOUT),
            Map.entry("java.net.SocketTimeoutException", FailureKind.TIMEOUT),
            Map.entry("java.util.concurrent.TimeoutException", FailureKind.TIMEOUT),
            Map.entry("java.nio.channels.InterruptedByTimeoutException", FailureKind.TIMEOUT),
            Map.entry("java.net.UnknownHostException", FailureKind.NETWORK),
            Map.entry("java.net.SocketException", FailureKind.NETWORK),
            Map.entry("java.nio.channels.ClosedChannelException", FailureKind.NETWORK),
            Map.entry("java.nio.channels.UnresolvedAddressException", FailureKind.NETWORK),
            Map.entry("javax.net.ssl.SSLException", FailureKind.NETWORK),
            Map.entry("java.io.EOFException", FailureKind.NETWORK));

    private ExceptionTypes() {}

    /** The kind {@code className} stands for, when it is a type these rules know. */
    static Optional<FailureKind> kindOf(String className) {
        if (className == null || className.length() > MAX_NAME_LENGTH || !JAVA_NAME.matcher(className).matches()) {
            return Optional.empty();
        }
        Optional<Class<?>> jdkType = jdkType(className);
        if (jdkType.isPresent()) {
            return jdkKind(jdkType.get());
        }
        return byName(className.substring(className.lastIndexOf('.') + 1));
    }

    private static Optional<FailureKind> jdkKind(Class<?> type) {
        for (Map.Entry<String, FailureKind> entry : JDK_TYPES) {
            Optional<Class<?>> known = jdkType(entry.getKey());
            if (known.isPresent() && known.get().isAssignableFrom(type)) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    // Only the platform's own packages are loaded, and never initialised: a stored name cannot run code.
    private static Optional<Class<?>> jdkType(String className) {
        if (!(className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk."))) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(className, false, ClassLoader.getPlatformClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    // Kotlin's TimeoutCancellationException and Node's TimeoutError are timeouts, so "Timeout" is read first.
    private static Optional<FailureKind> byName(String simpleName) {
        if (simpleName.contains("Timeout") || simpleName.contains("TimedOut")) {
            return Optional.of(FailureKind.TIMEOUT);
        }
        if (simpleName.contains("Cancel") || simpleName.contains("Abort")) {
            return Optional.of(FailureKind.CANCELLED);
        }
        if (simpleName.contains("UnknownHost") || simpleName.endsWith("ConnectException")
                || simpleName.contains("ConnectionReset") || simpleName.contains("ConnectionRefused")) {
            return Optional.of(FailureKind.NETWORK);
        }
        return Optional.empty();
    }
}
