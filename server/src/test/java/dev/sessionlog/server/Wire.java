package dev.sessionlog.server;

/** Request bodies in the API's wire format, for tests. */
final class Wire {
    private Wire() {}

    static String started() {
        return "{\"type\":\"session_started\",\"v\":1,\"data\":{\"reason\":\"initial\"}}";
    }

    static String message(String id, String text) {
        return "{\"type\":\"user_message_received\",\"v\":1,\"data\":{\"messageId\":\"" + id
                + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}";
    }

    static String append(String expected, String... events) {
        return "{\"expectedSequence\":" + expected + ",\"events\":[" + String.join(",", events) + "]}";
    }
}
