package dev.sessionlog.codec;

/**
 * Why bytes could not be decoded into an event. Decoding never throws: random, truncated or
 * hostile bytes, unknown types and newer schema versions all come back as one of these.
 */
public sealed interface DecodeFailure {

    /** One line describing the failure, for people. */
    String describe();

    /** The wire type is not one this codec knows (written by a newer sessionlog, say). @param type the wire name */
    record UnknownType(String type) implements DecodeFailure {
        @Override
        public String describe() {
            return "unknown event type " + dev.sessionlog.util.Preconditions.quote(type);
        }
    }

    /**
     * The type is known but its schema version is newer than this codec reads.
     *
     * @param type the wire name
     * @param version the version found
     * @param newestKnown the newest version this codec reads
     */
    record UnsupportedVersion(String type, int version, int newestKnown) implements DecodeFailure {
        @Override
        public String describe() {
            return "event type " + type + " has schema version " + version + ", newer than " + newestKnown
                    + " which this version of sessionlog reads";
        }
    }

    /** The bytes are not a valid record. @param reason what is wrong */
    record Malformed(String reason) implements DecodeFailure {
        @Override
        public String describe() {
            return "malformed record: " + reason;
        }
    }
}
