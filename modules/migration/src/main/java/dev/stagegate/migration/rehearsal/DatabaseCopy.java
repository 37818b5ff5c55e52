package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.backup.PgProcess;
import dev.stagegate.migration.backup.PgTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A disposable copy of a database on the same server, for a rehearsal that must never write to
 * the original (CE-21's dry run on a "local staging mirror"). {@code CREATE DATABASE ... TEMPLATE}
 * is fast, but PostgreSQL refuses it while any other session uses the source; then the copy is a
 * pg_dump restored into a fresh database. Which strategy ran, and how long it took, is reported.
 *
 * @param strategy {@code template} or {@code dump-restore}
 */
public record DatabaseCopy(String name, String strategy, long millis) {

    private static final String IN_USE = "55006";

    /** How a copy may be made: {@code auto} tries the template copy and falls back to a dump. */
    public static final java.util.List<String> STRATEGIES = java.util.List.of("auto", "template", "dump");

    /** Makes the copy, connecting to the server's {@code postgres} database (the source must be left alone). */
    public static DatabaseCopy make(Target live, String source) {
        return make(live, source, "auto");
    }

    /** Makes the copy by {@code strategy} (one of {@link #STRATEGIES}). */
    public static DatabaseCopy make(Target live, String source, String strategy) {
        if (!STRATEGIES.contains(strategy)) {
            throw new StagegateException(ErrorCode.USAGE, "--copy " + strategy + " is no copy strategy; use one of " + STRATEGIES);
        }
        String name = "sg_rehearsal_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        long start = System.nanoTime();
        try (Connection c = Connector.open(live.withDatabase("postgres")); Statement st = c.createStatement()) {
            try {
                if (strategy.equals("dump")) {
                    throw new SQLException("dump asked for", IN_USE);
                }
                st.execute("CREATE DATABASE " + name + " TEMPLATE " + quote(source));
                return new DatabaseCopy(name, "template", Duration.ofNanos(System.nanoTime() - start).toMillis());
            } catch (SQLException e) {
                if (IN_USE.equals(e.getSQLState()) && strategy.equals("template")) {
                    throw new StagegateException(ErrorCode.TARGET_BUSY, "the template copy is impossible: " + e.getMessage().lines()
                            .findFirst().orElse("") + "; close the other sessions or use --copy dump");
                }
                if (!IN_USE.equals(e.getSQLState())) {
                    throw new StagegateException("42501".equals(e.getSQLState()) ? ErrorCode.PRIVILEGE_MISSING : ErrorCode.SQL_FAILED,
                            "the copy could not be made: " + e.getMessage().lines().findFirst().orElse("")
                            + " (a rehearsal needs CREATEDB)");
                }
            }
            // another session uses the source: dump it and restore the dump into a fresh database
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0");
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the copy could not be made: " + e.getMessage().lines().findFirst().orElse(""));
        }
        PgTools tools;
        try {
            tools = PgTools.find(serverMajor(live));
        } catch (StagegateException e) {
            drop(live, name);
            throw e;
        }
        try {
            dumpRestore(live, source, name, tools);
        } catch (RuntimeException e) {
            drop(live, name);
            throw e;
        }
        return new DatabaseCopy(name, "dump-restore", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    public static void drop(Target live, String name) {
        try (Connection c = Connector.open(live.withDatabase("postgres")); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException | RuntimeException ignored) {
            // the server went away: nothing left to drop from here
        }
    }

    private static void dumpRestore(Target live, String source, String name, PgTools tools) {
        Path file = null;
        try {
            file = Files.createTempFile("sg-rehearsal", ".dump");
            require(PgProcess.run(live, source, tools.pgDump(), "-Fc", "--no-password", "-f", file.toString()), "pg_dump");
            require(PgProcess.run(live, name, tools.pgRestore(), "--exit-on-error", "--no-password", "-j", "2", "-d", name, file.toString()), "pg_restore");
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

    private static int serverMajor(Target live) {
        try (Connection c = Connector.open(live)) {
            return Connector.probe(c, live).major();
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the server's version could not be read: " + e.getMessage());
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
