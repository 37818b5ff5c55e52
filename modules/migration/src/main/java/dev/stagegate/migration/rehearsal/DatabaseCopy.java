package dev.stagegate.migration.rehearsal;

import static dev.stagegate.core.sql.Identifiers.quote;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.backup.PgProcess;
import dev.stagegate.migration.backup.PgTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A disposable copy of a database, for a rehearsal that must never write to the original (CE-21's
 * dry run on a "local staging mirror"). {@code CREATE DATABASE ... TEMPLATE} on the same server is
 * fast, but PostgreSQL refuses it while any other session uses the source; then the copy is the
 * source's pg_dump restored into the embedded PostgreSQL of the same major (the mirror: the
 * target's server gets nothing to write), or, when the majors differ or the source is on the
 * embedded server itself, into a fresh database on the source's server. Which strategy ran, and how
 * long it took, is reported.
 *
 * @param strategy {@code template}, {@code embedded} or {@code dump-restore}
 * @param server   the server that holds the copy (the source's, or the embedded one)
 */
public record DatabaseCopy(String name, String strategy, long millis, Target server, SampledCopy.Sample sample) {

    public DatabaseCopy(String name, String strategy, long millis, Target server) {
        this(name, strategy, millis, server, null);
    }

    /** Above this size {@code auto} copies a sample ({@value #AUTO_SAMPLE_FRACTION} of the rows) rather than everything. */
    public static final long AUTO_SAMPLE_BYTES = 50L << 30;
    public static final double AUTO_SAMPLE_FRACTION = 0.1;

    private static final String IN_USE = "55006";

    /** {@code auto}: template, else the embedded mirror, else a dump on the source's server; a sample above 50 GB. */
    public static final List<String> STRATEGIES = List.of("auto", "template", "embedded", "dump", "sample");

    /** Makes the copy by {@code strategy} (one of {@link #STRATEGIES}), connecting to {@code postgres} so the source is left alone. */
    public static DatabaseCopy make(Target live, String source, String strategy) {
        return make(live, source, strategy, false);
    }

    /** With {@code kept}, the copy is named {@code sg_kept_...}: never taken for a leftover of an interrupted run. */
    public static DatabaseCopy make(Target live, String source, String strategy, boolean kept) {
        double fraction = fraction(strategy);
        if (!STRATEGIES.contains(strategy.replaceAll(":.*", ""))) {
            throw new StagegateException(ErrorCode.USAGE, "--copy " + strategy + " is no copy strategy; use one of " + STRATEGIES);
        }
        String name = (kept ? "sg_kept_" : "sg_rehearsal_") + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        long start = System.nanoTime();
        int major;
        String encoding;
        try (Connection c = Connector.open(live.withDatabase("postgres")); Statement st = c.createStatement()) {
            major = Connector.probe(c, live).major();
            if (strategy.equals("auto") && databaseBytes(c, source) > AUTO_SAMPLE_BYTES) {
                fraction = AUTO_SAMPLE_FRACTION;
            }
            if ((strategy.equals("auto") && fraction < 0) || strategy.equals("template")) {
                try {
                    st.execute("CREATE DATABASE " + name + " TEMPLATE " + quote(source));
                    return new DatabaseCopy(name, "template", Duration.ofNanos(System.nanoTime() - start).toMillis(), live);
                } catch (SQLException e) {
                    if (!IN_USE.equals(e.getSQLState())) {
                        throw new StagegateException("42501".equals(e.getSQLState()) ? ErrorCode.PRIVILEGE_MISSING : ErrorCode.SQL_FAILED,
                                "the copy could not be made: " + firstLine(e) + " (a rehearsal needs CREATEDB)");
                    }
                    if (strategy.equals("template")) {
                        throw new StagegateException(ErrorCode.TARGET_BUSY, "the template copy is impossible: " + firstLine(e)
                                + "; close the other sessions or use --copy embedded (or dump)");
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")) {
                rs.next();
                encoding = rs.getString(1);
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the copy could not be made: " + firstLine(e));
        }
        PgTools tools = PgTools.find(major);
        Target server = mirrorFor(live, major, strategy);
        String used = fraction >= 0 ? "sample" : server == live ? "dump-restore" : "embedded";
        try (Connection c = Connector.open(server.withDatabase("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING " + quote(encoding).replace('"', '\''));
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the copy could not be made: " + firstLine(e));
        }
        try {
            if (server != live) {
                MirrorRoles.copy(live, server);
            }
            dumpRestore(live, source, server, name, tools, fraction >= 0);
            SampledCopy.Sample sample = fraction >= 0 ? SampledCopy.fill(live, server, name, fraction) : null;
            return new DatabaseCopy(name, used, Duration.ofNanos(System.nanoTime() - start).toMillis(), server, sample);
        } catch (RuntimeException e) {
            drop(server, name);
            throw e;
        }
    }

    /** The embedded server when it may hold the copy, else the source's own. */
    /** {@code sample} is 10%, {@code sample:0.05} 5%; -1 for a full copy. */
    static double fraction(String strategy) {
        if (!strategy.startsWith("sample")) {
            return -1;
        }
        if (strategy.equals("sample")) {
            return AUTO_SAMPLE_FRACTION;
        }
        try {
            double f = Double.parseDouble(strategy.substring("sample:".length()));
            if (f > 0 && f <= 1) {
                return f;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException ignored) {
            // said below
        }
        throw new StagegateException(ErrorCode.USAGE, "--sample takes a share of the rows between 0 and 100%, e.g. 10%");
    }

    private static long databaseBytes(Connection c, String source) throws SQLException {
        try (var ps = c.prepareStatement("SELECT pg_database_size(?)")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Target mirrorFor(Target live, int major, String strategy) {
        if (strategy.equals("dump")) {
            return live;
        }
        if (major != EmbeddedPostgresServer.MAJOR_VERSION) {
            if (strategy.equals("embedded")) {
                throw new StagegateException(ErrorCode.USAGE, "--copy embedded needs a PostgreSQL " + EmbeddedPostgresServer.MAJOR_VERSION
                        + " target (the embedded server's major); this one is " + major + ": use --copy dump");
            }
            return live;
        }
        Target embedded = Connector.materialize(Target.embedded("postgres"));
        return RehearsalCopy.onEmbedded(live) ? live : embedded;
    }

    /** Drops the copy; a few tries, as a session of the run being interrupted may still be connecting to it. */
    public static void drop(Target server, String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Connection c = Connector.open(server.withDatabase("postgres")); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return;
            } catch (SQLException | RuntimeException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Copies an interrupted rehearsal left (a SIGKILL, a server stopped under it): on the embedded server,
     * which is stagegate's own, the idle ones are dropped; elsewhere they are only named, as they may be
     * another user's rehearsal between two steps.
     */
    public static List<String> leftovers(Target server, boolean drop) {
        List<String> names = new java.util.ArrayList<>();
        try (Connection c = Connector.open(server.withDatabase("postgres")); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT d.datname FROM pg_database d WHERE d.datname LIKE 'sg\\_rehearsal\\_%' AND NOT EXISTS "
                     + "(SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname) ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            return List.of();
        }
        if (drop) {
            names.forEach(n -> drop(server, n));
        }
        return names;
    }

    private static void dumpRestore(Target live, String source, Target server, String name, PgTools tools, boolean schemaOnly) {
        Path file = null;
        try {
            file = Files.createTempFile("sg-rehearsal", ".dump");
            require(schemaOnly ? PgProcess.run(live, source, tools.pgDump(), "-Fc", "--schema-only", "--no-password", "-f", file.toString())
                    : PgProcess.run(live, source, tools.pgDump(), "-Fc", "--no-password", "-f", file.toString()), "pg_dump");
            require(PgProcess.run(server, name, tools.pgRestore(), "--exit-on-error", "--no-password", "-j", "2", "-d", name, file.toString()),
                    "pg_restore");
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "the copy could not be made: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file the system will clear
                }
            }
        }
    }

    private static void require(PgProcess.Outcome o, String tool) {
        if (!o.ok()) {
            throw new StagegateException(ErrorCode.BACKUP_FAILED, "the copy could not be made: " + tool + " failed: " + o.firstLine());
        }
    }

    private static String firstLine(SQLException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

}
