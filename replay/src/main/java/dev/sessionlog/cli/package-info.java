/**
 * The {@code sessionlog} command-line tool. Only {@link dev.sessionlog.cli.Main} is public: the CLI is
 * an application, not a library, so every other type is package-private.
 *
 * <p>The shape of every command: parse options (picocli), build a query against the
 * {@link dev.sessionlog.SessionStore} (opened through a {@code StoreOpener}, read-only unless the
 * command writes), and hand the result to an {@code Output} with a {@code View} of the rows. Data
 * goes to picocli's out writer, diagnostics and progress to its err writer, and exit codes come
 * from {@code ExitCodes} alone.
 */
package dev.sessionlog.cli;
