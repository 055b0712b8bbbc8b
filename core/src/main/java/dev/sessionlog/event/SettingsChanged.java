package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

import java.util.Map;

/**
 * Session settings changed (a {@code /model} or {@code /think} command, an import's
 * {@code model_change}). A null field is unchanged.
 *
 * @param provider the provider override, or null
 * @param model the model override, or null
 * @param thinkingLevel {@code off, minimal, low, medium, high, xhigh, adaptive}, or null
 * @param other other settings by name
 */
public record SettingsChanged(String provider, String model, String thinkingLevel, Map<String, String> other)
        implements SessionEvent {

    /** Copies the map; requires at least one change. */
    public SettingsChanged {
        other = other == null ? Map.of() : Map.copyOf(other);
        requireArgument(provider != null || model != null || thinkingLevel != null || !other.isEmpty(),
                "a settings change must change something");
    }

    /** A model change. */
    public static SettingsChanged model(String provider, String model) {
        return new SettingsChanged(provider, model, null, Map.of());
    }

    /** A thinking-level change. */
    public static SettingsChanged thinkingLevel(String level) {
        return new SettingsChanged(null, null, level, Map.of());
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.settingsChanged(this);
    }
}
