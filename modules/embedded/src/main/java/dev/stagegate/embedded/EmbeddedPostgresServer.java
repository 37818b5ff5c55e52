package dev.stagegate.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;

/**
 * A real PostgreSQL 15 server run from the binaries that Maven Central ships
 * ({@code io.zonky.test.postgres}), with no install and no Docker.
 *
 * <p>It is disposable by design: durability settings are off because nothing in it outlives
 * the process. Listens on loopback only. The superuser is {@code postgres} with trust
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

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
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
        try {
            Path data = persistentData != null ? Files.createDirectories(persistentData)
                    : Files.createTempDirectory("stagegate-pg-");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(persistentData == null)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Disposable server: durability buys nothing and costs seconds per test run.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
            return new EmbeddedPostgresServer(pg, data);
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
            var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + literal(name));
            if (rs.next()) {
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
                var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = " + literal(name));
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + identifier(name));
                    return name;
                }
            }
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
        Path hba = dataDirectory.resolve("pg_hba.conf");
        String rule = "host all " + role + " 127.0.0.1/32 scram-sha-256\n"
                + "host all " + role + " ::1/128 scram-sha-256\n";
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
