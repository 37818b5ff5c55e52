package dev.stagegate.core.target;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import org.postgresql.Driver;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what the user said ({@code --url}, {@code --env NAME}, or nothing) into a {@link Target}.
 *
 * <p>Order: an explicit URL; else {@code --env embedded}; else a named profile; else libpq's
 * {@code PGHOST/PGPORT/PGDATABASE/PGUSER}. The password, when not in the URL or profile, comes
 * from the profile's {@code passwordEnv}, then {@code PGPASSWORD}, then the password file, as
 * libpq does.
 */
public final class TargetResolver {

    public static final String EMBEDDED = "embedded";
    private static final Set<String> DRIVER_PARAMS_NOT_COPIED = Set.of("PGHOST", "PGPORT", "PGDBNAME", "user",
            "password");

    private final Environment env;
    private final Map<String, Profile> profiles;
    private final String profileSource;

    /**
     * @param profiles      profiles by name, from the config file (may be empty)
     * @param profileSource where the profiles came from, named in errors (e.g. a file path)
     */
    public TargetResolver(Environment env, Map<String, Profile> profiles, String profileSource) {
        this.env = env;
        this.profiles = Map.copyOf(profiles);
        this.profileSource = profileSource;
    }

    public Target resolve(String url, String envName) {
        if (url != null && url.isBlank()) {
            throw new StagegateException(ErrorCode.URL_MALFORMED, "--url is empty; give jdbc:postgresql://HOST:PORT/DATABASE, "
                    + "or leave --url out");
        }
        if (url != null) {
            return complete(fromUrl("url", url));
        }
        if (envName != null && !envName.isBlank()) {
            if (EMBEDDED.equals(envName) && !profiles.containsKey(EMBEDDED)) {
                return Target.embedded("stagegate");
            }
            Profile profile = profiles.get(envName);
            if (profile == null) {
                throw new StagegateException(ErrorCode.PROFILE_UNKNOWN, "unknown environment profile '" + envName
                        + "'; known: " + known() + " (profiles are read from " + profileSource + ")");
            }
            return fromProfile(profile);
        }
        if (env.get("PGHOST") != null || env.get("PGDATABASE") != null || env.get("PGPORT") != null) {
            return fromLibpqEnvironment();
        }
        throw new StagegateException(ErrorCode.NO_TARGET, "no target database: pass --env embedded, --env NAME for a profile ("
                + profileSource + "), --url jdbc:postgresql://HOST:PORT/DB, or set PGHOST and PGDATABASE");
    }

    public boolean hasProfile(String name) {
        return profiles.containsKey(name);
    }

    private String known() {
        TreeSet<String> names = new TreeSet<>(profiles.keySet());
        names.add(EMBEDDED);
        return String.join(", ", names);
    }

    private Target fromProfile(Profile profile) {
        Target.Builder b;
        if (profile.get("url") != null) {
            b = fromUrl(profile.name(), profile.get("url"));
        } else {
            b = Target.builder(profile.name()).host(orDefault(profile.get("host"), "localhost"))
                    .port(port(profile.get("port"), "profile '" + profile.name() + "'"))
                    .database(profile.get("database")).user(profile.get("user"));
        }
        if (profile.get("host") != null && profile.get("url") != null) {
            b.host(profile.get("host"));
        }
        if (profile.get("user") != null) {
            b.user(profile.get("user"));
        }
        if (profile.get("database") != null) {
            b.database(profile.get("database"));
        }
        profile.settings().forEach((k, v) -> {
            if (k.startsWith("params.")) {
                b.parameter(k.substring("params.".length()), v);
            }
        });
        if (profile.get("password") != null) {
            b.password(profile.get("password"), "profile '" + profile.name() + "'");
        }
        String passwordEnv = profile.get("passwordEnv");
        if (b.currentPassword() == null && passwordEnv != null) {
            String value = env.get(passwordEnv);
            if (value == null) {
                // An unset variable is a configuration error, never an empty or "null" password.
                throw new StagegateException(ErrorCode.PROFILE_INVALID, "profile '" + profile.name() + "' takes its password from $"
                        + passwordEnv + ", which is not set; export " + passwordEnv + " (or remove passwordEnv to use PGPASSWORD or ~/.pgpass)");
            }
            b.password(value, "$" + passwordEnv);
        }
        if (profile.get("diskFree") != null) {
            b.diskFree(profile.get("diskFree"));
        }
        b.profileSettings(profile.settings());
        return complete(b);
    }

    private Target fromLibpqEnvironment() {
        Target.Builder b = Target.builder("libpq-env")
                .host(orDefault(env.get("PGHOST"), "localhost"))
                .port(port(env.get("PGPORT"), "PGPORT"))
                .database(env.get("PGDATABASE"));
        if (env.get("PGSSLMODE") != null) {
            b.parameter("sslmode", env.get("PGSSLMODE"));
        }
        return complete(b);
    }

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");
    private static final Set<String> NUMERIC_PARAMS = Set.of("connectTimeout", "loginTimeout", "socketTimeout", "cancelSignalTimeout",
            "prepareThreshold", "defaultRowFetchSize", "tcpKeepAlive");

    /** Driver options the driver would reject only later, as a misleading connection error: checked here, exit 2. */
    private static void checkParameters(Target.Builder b) {
        b.currentParameters().forEach((k, v) -> {
            if (k.equals("sslmode") && !SSL_MODES.contains(v)) {
                throw new StagegateException(ErrorCode.URL_MALFORMED, "sslmode '" + v + "' is not one of " + String.join(", ",
                        new TreeSet<>(SSL_MODES)));
            }
            if (NUMERIC_PARAMS.contains(k) && !k.equals("tcpKeepAlive") && !v.matches("\\d+")) {
                throw new StagegateException(ErrorCode.URL_MALFORMED, k + " '" + v + "' is not a whole number (seconds)");
            }
        });
        String db = b.currentDatabase();
        if (db != null && db.chars().anyMatch(Character::isISOControl)) {
            throw new StagegateException(ErrorCode.URL_MALFORMED, "the database name holds a control character (such as %00); "
                    + "fix the database name");
        }
    }

    private Target complete(Target.Builder b) {
        checkParameters(b);
        if (b.currentUser() == null) {
            b.user(orDefault(env.get("PGUSER"), env.osUser()));
        }
        if (b.currentPassword() == null && env.get("PGPASSWORD") != null) {
            b.password(env.get("PGPASSWORD"), "$PGPASSWORD");
        }
        if (b.currentPassword() == null) {
            Pgpass pgpass = Pgpass.load(env);
            pgpass.warning().ifPresent(b::note);
            String db = b.currentDatabase() == null ? b.currentUser() : b.currentDatabase();
            pgpass.passwordFor(b.currentHost(), b.currentPort(), db, b.currentUser())
                    .ifPresent(p -> b.password(p, pgpass.file().toString()));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new StagegateException(ErrorCode.PROFILE_INVALID, "target is incomplete: " + e.getMessage()
                    + "; set host, port and database in the URL or profile");
        }
    }

    /** Accepts {@code jdbc:postgresql://...} and libpq URIs {@code postgresql://user:pw@host:port/db}. */
    Target.Builder fromUrl(String name, String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("postgres://") || trimmed.startsWith("postgresql://")) {
            return fromLibpqUri(name, trimmed);
        }
        String userInfo = null;
        if (trimmed.startsWith("jdbc:postgresql://")) {
            // pgjdbc has no userinfo: "jdbc:postgresql://u:pw@h/db" would become the host "u:pw@h". Take it apart
            // here, so neither the password nor a host string holding it can reach a message.
            int query = trimmed.indexOf('?');
            int at = trimmed.lastIndexOf('@', query < 0 ? trimmed.length() : query);
            if (at > 0) {
                userInfo = trimmed.substring("jdbc:postgresql://".length(), at);
                trimmed = "jdbc:postgresql://" + trimmed.substring(at + 1);
            }
        }
        Properties parsed = trimmed.startsWith("jdbc:postgresql:") ? Driver.parseURL(trimmed, new Properties()) : null;
        if (parsed == null) {
            throw malformed(url.trim());
        }
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
        if (hosts.length > 1) {
            throw new StagegateException(ErrorCode.URL_MALFORMED, "the URL " + Secrets.redactUrl(trimmed)
                    + " names several hosts; stagegate checks one server at a time, name one host");
        }
        Target.Builder b = Target.builder(name).host(hosts[0]).port(port(ports[0], "the URL"))
                .database(parsed.getProperty("PGDBNAME"));
        if (parsed.getProperty("user") != null) {
            b.user(parsed.getProperty("user"));
        }
        if (parsed.getProperty("password") != null) {
            b.password(parsed.getProperty("password"), "the URL");
        }
        if (userInfo != null) {
            applyUserInfo(b, userInfo, url.trim());
        }
        for (String key : parsed.stringPropertyNames()) {
            if (!DRIVER_PARAMS_NOT_COPIED.contains(key)) {
                b.parameter(key, parsed.getProperty(key));
            }
        }
        return b;
    }

    private Target.Builder fromLibpqUri(String name, String url) {
        // The userinfo runs to the last '@' before the query: a password may hold '@', '/', '?', '#' or spaces
        // unescaped, which java.net.URI would read as part of the host or path (and print back).
        int scheme = url.indexOf("://") + 3;
        int at = url.lastIndexOf('@');
        if (at >= scheme) {
            String userInfo = url.substring(scheme, at);
            Target.Builder b = fromLibpqUri(name, url.substring(0, scheme) + url.substring(at + 1));
            applyUserInfo(b, userInfo, url);
            return b;
        }
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw malformed(url);
            }
            Target.Builder b = Target.builder(name).host(uri.getHost())
                    .port(uri.getPort() == -1 ? 5432 : uri.getPort());
            String path = uri.getRawPath();
            if (path != null && path.length() > 1) {
                b.database(decode(path.substring(1)));
            }

            if (uri.getRawQuery() != null) {
                for (String pair : uri.getRawQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        String key = decode(pair.substring(0, eq));
                        String value = decode(pair.substring(eq + 1));
                        if (key.equals("password")) {
                            b.password(value, "the URL");
                        } else if (key.equals("user")) {
                            b.user(value);
                        } else {
                            b.parameter(key, value);
                        }
                    }
                }
            }
            return b;
        } catch (URISyntaxException e) {
            throw malformed(url);
        }
    }

    private static StagegateException malformed(String url) {
        return new StagegateException(ErrorCode.URL_MALFORMED, "'" + Secrets.redactUrl(url)
                + "' is not a PostgreSQL URL; write jdbc:postgresql://HOST:PORT/DATABASE or postgresql://USER@HOST:PORT/DATABASE");
    }

    private static int port(String value, String where) {
        if (value == null) {
            return 5432;
        }
        try {
            int p = Integer.parseInt(value.trim());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new StagegateException(ErrorCode.URL_MALFORMED, "port '" + value + "' in " + where
                    + " is not a port number (1-65535)");
        }
    }

    /** {@code user[:password]}, percent-decoded; a bad escape is a malformed URL (printed redacted). */
    private static void applyUserInfo(Target.Builder b, String userInfo, String url) {
        int colon = userInfo.indexOf(':');
        try {
            b.user(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                b.password(decode(userInfo.substring(colon + 1)), "the URL");
            }
        } catch (IllegalArgumentException e) {
            throw malformed(url);
        }
    }

    /** Percent-decoding as libpq does it: a '+' stays a '+' (URLDecoder would make it a space). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
