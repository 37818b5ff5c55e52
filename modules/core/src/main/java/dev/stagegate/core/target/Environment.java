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
        return of(System.getenv(), System.getProperty("user.home"), System.getProperty("user.name"));
    }

    /** {@code $HOME} decides the home folder, as for libpq (sweep G06); Java's {@code user.home} only without it. */
    static Environment of(Map<String, String> variables, String userHome, String userName) {
        String home = variables.get("HOME");
        return new Environment(variables, Path.of(home == null || home.isBlank() ? userHome : home), userName);
    }

    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }
}
