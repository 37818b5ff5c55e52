package dev.stagegate.core.target;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Where stagegate connects: a PostgreSQL server and database, with the credentials to use.
 * Immutable once resolved. The password is never part of {@link #toString()}, {@link #jdbcUrl()}
 * or {@link #describe()}; it only reaches the driver through {@link #connectionProperties()}.
 */
public final class Target {

    public enum Kind { JDBC, EMBEDDED }

    private final String name;
    private final Kind kind;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String passwordSource;
    private final Map<String, String> parameters;
    private final List<String> notes;
    private final String diskFree;
    private final Map<String, String> profileSettings;

    private Target(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.kind = b.kind;
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.user = b.user;
        this.password = b.password;
        this.passwordSource = b.password == null ? "none" : Objects.requireNonNullElse(b.passwordSource, "given");
        this.parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.parameters));
        this.notes = List.copyOf(b.notes);
        this.diskFree = b.diskFree;
        this.profileSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.profileSettings));
    }

    /** Free disk on the server's data volume as the user stated it ({@code 40GB}), when it cannot be measured. */
    public java.util.Optional<String> diskFree() {
        return java.util.Optional.ofNullable(diskFree);
    }

    /** The profile's settings as written (a password among them is for masking, never for printing). */
    public Map<String, String> profileSettings() {
        return profileSettings;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The embedded PostgreSQL; started when first connected to. */
    public static Target embedded(String database) {
        return builder("embedded").kind(Kind.EMBEDDED).database(database).build();
    }

    public String name() { return name; }
    public Kind kind() { return kind; }
    public String host() { return host; }
    public int port() { return port; }
    public String database() { return database; }
    public String user() { return user; }
    public boolean hasPassword() { return password != null && !password.isEmpty(); }
    /** Where the password came from, e.g. {@code ~/.pgpass}; never the password itself. */
    public String passwordSource() { return passwordSource; }
    public Map<String, String> parameters() { return parameters; }
    /** Warnings met while resolving (e.g. an ignored .pgpass), for the env check. */
    public List<String> notes() { return notes; }

    /** The secrets this target holds, for masking logs and evidence. */
    public List<String> secrets() {
        return password == null ? List.of() : List.of(password);
    }

    /** JDBC URL without credentials. */
    public String jdbcUrl() {
        if (kind == Kind.EMBEDDED) {
            throw new IllegalStateException("the embedded target has no URL until it is started");
        }
        String base = "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + encode(database);
        if (parameters.isEmpty()) {
            return base;
        }
        return base + "?" + parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** Driver properties: user, password, timeouts and our application name. */
    public Properties connectionProperties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "stagegate");
        p.setProperty("connectTimeout", parameters.getOrDefault("connectTimeout", "10"));
        p.setProperty("loginTimeout", parameters.getOrDefault("loginTimeout", "15"));
        return p;
    }

    public Target withDatabase(String otherDatabase) {
        return toBuilder().database(otherDatabase).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(name).kind(kind).host(host).port(port).database(database).user(user)
                .password(password, passwordSource);
        b.parameters.putAll(parameters);
        b.notes.addAll(notes);
        b.diskFree = diskFree;
        b.profileSettings.putAll(profileSettings);
        return b;
    }

    /** A line for humans: {@code staging: app@db.internal:5432/c2pro (password from ~/.pgpass)}. */
    public String describe() {
        if (kind == Kind.EMBEDDED) {
            return "embedded PostgreSQL (database " + database + ")";
        }
        return name + ": " + (user == null ? "" : user + "@") + host + ":" + port + "/" + database
                + " (password " + (password == null ? "none" : "from " + passwordSource) + ")";
    }

    @Override
    public String toString() {
        return "Target[" + describe() + "]";
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Collects settings; {@link #build()} checks them once and seals the target. */
    public static final class Builder {
        private final String name;
        private Kind kind = Kind.JDBC;
        private String host = "localhost";
        private int port = 5432;
        private String database;
        private String user;
        private String password;
        private String passwordSource;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private final List<String> notes = new ArrayList<>();
        private String diskFree;
        private final Map<String, String> profileSettings = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder kind(Kind value) { this.kind = value; return this; }
        public Builder host(String value) { this.host = value; return this; }
        public Builder port(int value) { this.port = value; return this; }
        public Builder database(String value) { this.database = value; return this; }
        public Builder user(String value) { this.user = value; return this; }
        public Builder password(String value, String source) {
            this.password = value;
            this.passwordSource = source;
            return this;
        }
        public Builder parameter(String key, String value) { parameters.put(key, value); return this; }
        public Builder note(String value) { notes.add(value); return this; }
        public Builder diskFree(String value) { this.diskFree = value; return this; }
        public Builder profileSettings(Map<String, String> value) { profileSettings.putAll(value); return this; }
        String currentPassword() { return password; }
        String currentHost() { return host; }
        int currentPort() { return port; }
        String currentDatabase() { return database; }
        String currentUser() { return user; }
        Map<String, String> currentParameters() { return parameters; }

        public Target build() {
            if (kind == Kind.JDBC) {
                if (host == null || host.isBlank()) {
                    throw new IllegalArgumentException("host is empty");
                }
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
                }
                if (database == null || database.isBlank()) {
                    database = user;
                }
                if (database == null || database.isBlank()) {
                    throw new IllegalArgumentException("no database name");
                }
            } else if (database == null) {
                database = "stagegate";
            }
            return new Target(this);
        }
    }
}
