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

    /** The process's variables; the home folder is {@code $HOME} as libpq takes it, else Java's {@code user.home}. */
    public static Environment system() {
        String home = System.getenv("HOME");
        return new Environment(System.getenv(), Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home),
                System.getProperty("user.name"));
    }

    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
