package dev.sessionlog.server;

import java.util.List;
import java.util.Map;

/** A request's query parameters, read one by one; a malformed value is a {@code bad-request} naming it. */
final class Query {
    private final Map<String, List<String>> parameters;

    Query(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    String text(String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiProblem.badRequest("the parameter \"" + name + "\" is given " + values.size() + " times");
        }
        return values.get(0);
    }

    boolean has(String name) {
        return text(name) != null;
    }

    Long longIn(String name, long min, long max) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("the parameter \"" + name + "\" must be an integer, was "
                    + dev.sessionlog.util.Preconditions.quote(text));
        }
        if (value < min || value > max) {
            throw ApiProblem.badRequest("the parameter \"" + name + "\" must be between " + min + " and " + max
                    + ", was " + value);
        }
        return value;
    }

    Boolean bool(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.badRequest("the parameter \"" + name + "\" must be true or false, was "
                    + dev.sessionlog.util.Preconditions.quote(text));
        };
    }
}
