package dev.stagegate.core.target;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the process inherits that shapes target resolution: environment variables (libpq's
 * {@code PG*}) and the home folder ({@code ~/.pgpass}). A record so tests pass their own.
 */
public record Environment(Map<String, String> variables, Path home, String osUser) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("user.name"));
    }

    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
