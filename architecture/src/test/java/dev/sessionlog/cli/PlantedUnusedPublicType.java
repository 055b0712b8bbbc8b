package dev.sessionlog.cli;

/** A planted violation: a public implementation type that no other package uses. */
public final class PlantedUnusedPublicType {
    private PlantedUnusedPublicType() {}
}
