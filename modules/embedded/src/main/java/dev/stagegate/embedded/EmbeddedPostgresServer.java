package dev.stagegate.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A real PostgreSQL 15 server run from the binaries that Maven Central ships
 * ({@code io.zonky.test.postgres}), with no install and no Docker.
 *
 * <p>Two kinds, decided by where the data lives ({@link #durable()}):
 * <ul>
 *   <li><b>throwaway</b> ({@link #start()}, a fresh temporary folder removed at stop; what tests get):
 *       {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} are off, since nothing in
 *       it outlives the process and durability costs seconds per test run;</li>
 *   <li><b>durable</b> ({@link #start(Path)} on a folder kept across processes, e.g. the launcher's
 *       {@code ~/.stagegate/embedded-pg15}): PostgreSQL's crash-safe defaults stay on, because a crash or
 *       power loss with {@code fsync=off} can corrupt a cluster that is reused.</li>
 * </ul>
 * The settings are passed at every start, so a kept cluster started by an older build with
 * {@code fsync=off} runs durably from its next start. Listens on loopback only. The superuser is {@code postgres} with trust
 * authentication on loopback; {@link #requirePasswordFor(String)} switches one role to
 * password authentication so that tests can exercise a wrong password.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** Major version of the bundled binaries; the build pins the exact minor. */
    public static final int MAJOR_VERSION = 15;
    public static final String SUPERUSER = "postgres";

    private static EmbeddedPostgresServer shared;

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final boolean durable;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, boolean durable) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.durable = durable;
    }

    /** System property (or {@code STAGEGATE_EMBEDDED_DIR}) naming a data folder that outlives the process. */
    public static final String DIR_PROPERTY = "stagegate.embedded.dir";

    /** Starts a new server in a fresh temporary data directory, removed when it stops. */
    public static EmbeddedPostgresServer start() {
        return start(null);
    }

    /**
     * Starts a server on {@code persistentData} (created on first use, kept afterwards, so a
     * database built by one command is there for the next), or on a temporary folder when null.
     */
    public static EmbeddedPostgresServer start(Path persistentData) {
        boolean durable = persistentData != null;
        try {
            Path data = durable ? Files.createDirectories(persistentData) : Files.createTempDirectory("stagegate-pg-");
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(!durable)
                    .setPGStartupWait(Duration.ofSeconds(60));
            serverConfig(durable).forEach(builder::setServerConfig);
            return new EmbeddedPostgresServer(builder.start(), data, durable);
        } catch (IOException | RuntimeException e) {
            String where = persistentData != null ? persistentData.toString() : System.getProperty("java.io.tmpdir");
            throw new EmbeddedStartException(
                    "could not start the embedded PostgreSQL " + MAJOR_VERSION + " in " + where + ": " + rootMessage(e)
                            + " (another stagegate may be using it: wait, or point " + DIR_PROPERTY
                            + "/STAGEGATE_EMBEDDED_DIR elsewhere; check free disk space and that /tmp allows executables)", e);
        }
    }

    /**
     * The one server of this JVM, started on first use and stopped when the JVM exits.
     * Tests and the CLI's {@code embedded} target share it so a JVM pays start-up once. It keeps
     * its data across processes when {@value #DIR_PROPERTY} or {@code STAGEGATE_EMBEDDED_DIR} names
     * a folder (the launcher points it at {@code ~/.stagegate/embedded-pg15}); tests leave both unset.
     */
    public static synchronized EmbeddedPostgresServer shared() {
        if (shared == null) {
            String dir = System.getProperty(DIR_PROPERTY, System.getenv("STAGEGATE_EMBEDDED_DIR"));
            EmbeddedPostgresServer server = start(dir == null || dir.isBlank() ? null : Path.of(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stagegate-embedded-pg-stop"));
            shared = server;
        }
        return shared;
    }

    /** The shared server if this JVM started it, without starting it. */
    public static synchronized java.util.Optional<EmbeddedPostgresServer> running() {
        return java.util.Optional.ofNullable(shared);
    }


    /**
     * The settings a server starts with. Only a throwaway cluster turns durability off; a durable one
     * sets {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} explicitly on, so that
     * nothing else (a copied {@code postgresql.conf}, an old build's habit) can leave them off.
     */
    static Map<String, String> serverConfig(boolean durable) {
        Map<String, String> config = new LinkedHashMap<>();
        String onOff = durable ? "on" : "off";
        config.put("fsync", onOff);
        config.put("synchronous_commit", onOff);
        config.put("full_page_writes", onOff);
        config.put("max_connections", "200");
        config.put("listen_addresses", "localhost");
        return config;
    }

    /** True for a server on a kept folder: it runs with PostgreSQL's crash-safety settings on. */
    public boolean durable() {
        return durable;
    }

    public String host() {
        return "localhost";
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        Objects.requireNonNull(database, "database");
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** A superuser connection to the named database. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /** Creates a database (optionally from a template) unless it already exists. */
    public void createDatabase(String name, String template) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            if (exists(st, name)) {
                return;
            }
            String sql = "CREATE DATABASE " + identifier(name)
                    + (template == null ? "" : " TEMPLATE " + identifier(template));
            st.execute(sql);
        }
    }

    /**
     * Creates a new, empty database named {@code prefix}, or {@code prefix_2}, {@code prefix_3}...
     * when that name is taken, and returns the name used.
     */
    public synchronized String createFreshDatabase(String prefix) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            for (int i = 1; ; i++) {
                String name = i == 1 ? prefix : prefix + "_" + i;
                if (!exists(st, name)) {
                    st.execute("CREATE DATABASE " + identifier(name));
                    return name;
                }
            }
        }
    }

    private static boolean exists(Statement st, String database) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + literal(database))) {
            return rs.next();
        }
    }

    /** Drops a database, ending its sessions first. */
    public void dropDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + identifier(name) + " WITH (FORCE)");
        }
    }

    /**
     * Makes the server ask {@code role} for a password over TCP (scram-sha-256), leaving trust for
     * everyone else; reloads the configuration. Used to prove wrong-password handling.
     */
    public void requirePasswordFor(String role) throws IOException, SQLException {
        if (role.isEmpty() || role.contains("\"") || role.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("not a role name for pg_hba.conf: " + role);
        }
        Path hba = dataDirectory.resolve("pg_hba.conf");
        String quoted = "\"" + role + "\"";
        String rule = "host all " + quoted + " 127.0.0.1/32 scram-sha-256\n"
                + "host all " + quoted + " ::1/128 scram-sha-256\n";
        String current = Files.readString(hba);
        if (!current.startsWith(rule)) {
            Files.writeString(hba, rule + current);
        }
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            st.execute("SELECT pg_reload_conf()");
        }
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Stopping is best effort at exit; the temporary directory is cleaned by the builder.
        }
    }

    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
