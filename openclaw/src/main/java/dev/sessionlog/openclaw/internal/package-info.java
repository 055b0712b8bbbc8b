/**
 * How the OpenClaw codec works: bounded line reading, entry mapping, entry rendering and the
 * lossless overrides between them. No compatibility promise.
 */
package dev.sessionlog.openclaw.internal;
