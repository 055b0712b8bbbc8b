package dev.sessionlog.util;

import dev.sessionlog.SessionId;

/** A planted violation: a bottom-layer helper that reaches up into the API (and so makes a cycle). */
final class PlantedHelperUsingTheApi {
    private PlantedHelperUsingTheApi() {}

    static String describe(SessionId session) {
        return session.value();
    }
}
