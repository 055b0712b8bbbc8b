package dev.sessionlog.codec;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Both directions of one enum's wire names. The names come from an exhaustive {@code switch}
 * written out in {@link WireEnums}, never from {@code name()}: renaming a Java constant must not
 * change stored data, and a new constant must not compile until it has a wire name.
 */
final class WireTable<E extends Enum<E>> {
    private final Map<E, String> names;
    private final Map<String, E> values = new HashMap<>();

    WireTable(Class<E> type, Function<E, String> wireName) {
        names = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            String name = wireName.apply(constant);
            names.put(constant, name);
            if (values.put(name, constant) != null) {
                throw new IllegalStateException("two " + type.getSimpleName() + " constants share wire name " + name);
            }
        }
    }

    String name(E value) {
        return names.get(value);
    }

    /** The constant named {@code name}; {@code field} names where it was read, for the failure. */
    E value(String name, String field) {
        E value = values.get(name);
        if (value == null) {
            throw DecodeException.malformed(field, "unknown value " + DecodeException.describeValue(name));
        }
        return value;
    }
}
