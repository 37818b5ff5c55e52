package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A named environment ({@code staging}, {@code local-staging}, {@code production}...) from the
 * config file: flat settings, validated so a typo fails loudly instead of connecting elsewhere.
 *
 * <p>Keys: {@code url}, {@code host}, {@code port}, {@code database}, {@code user},
 * {@code password} (discouraged), {@code passwordEnv} (name of a variable holding it), and
 * {@code params.X} for driver parameters such as {@code params.sslmode}, and {@code diskFree}
 * (free disk on the server's data volume, e.g. {@code '40GB'}, for the environment check where it
 * cannot be measured from the client).
 */
public record Profile(String name, Map<String, String> settings) {

    public static final Set<String> KEYS = Set.of("url", "host", "port", "database", "user", "password",
            "passwordEnv", "diskFree");

    public Profile {
        settings = Map.copyOf(new LinkedHashMap<>(settings));
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key) && !key.startsWith("params.")) {
                throw new StagegateException(ErrorCode.PROFILE_INVALID, "profile '" + name + "' has unknown setting '"
                        + key + "'; known settings: " + String.join(", ", new TreeSet<>(KEYS)) + ", params.<driver option>");
            }
        }
    }

    public String get(String key) {
        String v = settings.get(key);
        return v == null || v.isBlank() ? null : v;
    }
}
