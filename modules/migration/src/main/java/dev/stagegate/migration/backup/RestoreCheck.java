package dev.stagegate.migration.backup;

import static dev.stagegate.core.sql.Identifiers.quote;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CE-20's restore test: the dump restored into a scratch database on the same server (dropped
 * afterwards), then compared with the source: the schema snapshot, every table's exact row count and
 * a content fingerprint (the row count and the sum of a 64-bit hash of every row's text, which needs no sort). Only a restore proves a dump loads.
 */
public final class RestoreCheck {

    /**
     * @param differences what differs, one line each; empty when the restore equals the source
     */
    /** What the comparison does not look at, said beside every result so PASSED never claims more. */
    public static final String NOT_COMPARED = "the contents of large objects (their number is), default privileges, roles and "
            + "database-level settings";

    public record Result(boolean equal, long restoreMillis, int tables, List<String> differences, boolean loaded) {
        public Result {
            differences = List.copyOf(differences);
        }

        public Result(boolean equal, long restoreMillis, int tables, List<String> differences) {
            this(equal, restoreMillis, tables, differences, true);
        }

        /** The restore test could not even start (no right to create a database): NOT TESTED, never passed. */
        public static Result notRun(String why) {
            return new Result(false, 0, -1, List.of(why), false);
        }

        public boolean ran() {
            return tables >= 0;
        }
    }

    private RestoreCheck() {
    }

    public static Result run(Connection source, Target live, Path dump, PgTools tools) throws SQLException {
        return run(source, null, live, dump, tools);
    }

    /**
     * @param asDumped the transaction whose exported snapshot pg_dump used (the source is read through it,
     *                 so a live database compares as it was dumped); null to read {@code source} now
     */
    public static Result run(Connection source, Connection asDumped, Target live, Path dump, PgTools tools) throws SQLException {
        String scratch = "sg_restore_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        boolean auto = source.getAutoCommit();
        source.setAutoCommit(true);
        try (Statement st = source.createStatement()) {
            // the source's encoding and locale, so its text compares as it is
            String create = "CREATE DATABASE " + scratch + " TEMPLATE template0";
            try (ResultSet rs = st.executeQuery("SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                    + "WHERE datname = current_database()")) {
                if (rs.next()) {
                    create += " ENCODING '" + rs.getString(1) + "' LC_COLLATE '" + rs.getString(2).replace("'", "''") + "' LC_CTYPE '"
                            + rs.getString(3).replace("'", "''") + "'";
                }
            }
            st.execute(create);
        }
        // Ctrl-C or a kill during the restore: the scratch database goes too
        Thread cleanup = new Thread(() -> {
            try (Connection c = Connector.open(live); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            } catch (SQLException | RuntimeException ignored) {
                // the server went away with us: nothing left to drop from here
            }
        }, "sg-restore-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            // the source is read while pg_restore runs (another process): the comparison costs little beyond the restore
            Connection reader = asDumped != null ? asDumped : source;
            java.util.concurrent.CompletableFuture<Side> sourceSide = java.util.concurrent.CompletableFuture.supplyAsync(() -> side(reader));
            long start = System.nanoTime();
            PgProcess.Outcome restore;
            try {
                restore = PgProcess.run(live, scratch, tools.pgRestore(), "--exit-on-error", "--no-password", "-d", scratch, dump.toString());
            } catch (IOException e) {
                sourceSide.join();
                throw new StagegateException(ErrorCode.BACKUP_FAILED, "pg_restore could not run: " + e.getMessage());
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            Side before = sourceSide.join();
            if (!restore.ok()) {
                return new Result(false, millis, 0, List.of("the dump did not restore: " + restore.firstLine()), false);
            }
            try (Connection restored = Connector.open(live.withDatabase(scratch))) {
                Side after = side(restored);
                List<String> differences = new ArrayList<>();
                SnapshotDiff diff = SnapshotDiff.between(before.snapshot(), after.snapshot());
                diff.changes().forEach(c -> differences.add(c.kind() + " " + c.object() + ": " + c.type() + (c.detail() == null ? "" : " " + c.detail())));
                java.util.Set<String> keys = new java.util.TreeSet<>(before.prints().keySet());
                after.prints().keySet().stream().filter(k -> k.startsWith("~")).forEach(keys::add);
                keys.forEach(t -> {
                    String print = before.prints().get(t);
                    String other = after.prints().get(t);
                    if (t.startsWith("~")) {
                        if (!java.util.Objects.equals(print, other)) {
                            differences.add(t.substring(1) + ": " + (print == null ? "absent" : print) + " in the source, "
                                    + (other == null ? "absent" : other) + " restored");
                        }
                        return;
                    }
                    if (other == null) {
                        return;
                    }
                    String rowsBefore = print.substring(0, print.indexOf(':'));
                    String rowsAfter = other.substring(0, other.indexOf(':'));
                    if (!rowsBefore.equals(rowsAfter)) {
                        differences.add("rows of " + t + ": " + rowsBefore + " in the source, " + rowsAfter + " restored");
                    } else if (!print.equals(other)) {
                        differences.add("content of " + t + " differs from the source");
                    }
                });
                return new Result(differences.isEmpty(), millis, before.snapshot().tables().size(), differences);
            }
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        } finally {
            try (Statement st = source.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
            source.setAutoCommit(auto);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it drops nothing that still exists
            }
        }
    }

    /** One side of the comparison: the schema (estimates only: the fingerprints count every row) and the fingerprints. */
    private record Side(SchemaSnapshot snapshot, Map<String, String> prints) {
    }

    private static Side side(Connection c) {
        try {
            SchemaSnapshot s = new CatalogReader(c).read(false);
            return new Side(s, fingerprints(c, s));
        } catch (SQLException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Count and hash sum of every row, per ordinary table (a partitioned parent is read through its partitions). */
    /** Per table (count and hash sum) and per catalog extra: what a copy of the database must equal. */
    public static Map<String, String> fingerprints(Connection c, SchemaSnapshot s) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            // fixed output settings on both sides: a database-level bytea_output or DateStyle must not read as a difference
            List<String> fixed = List.of("row_security = off", "bytea_output = 'hex'", "DateStyle = 'ISO, MDY'", "IntervalStyle = 'postgres'",
                    "extra_float_digits = 1", "TimeZone = 'UTC'");
            for (String setting : fixed) {
                st.execute("SET " + setting);
            }
            try {
                fingerprintInto(st, s, out);
                CatalogExtras.readInto(st, out);
            } finally {
                // the source is the caller's own connection: leave its session as it was
                for (String setting : fixed) {
                    st.execute("RESET " + setting.substring(0, setting.indexOf(' ')));
                }
            }
        }
        return out;
    }

    private static void fingerprintInto(Statement st, SchemaSnapshot s, Map<String, String> out) throws SQLException {
        for (Table t : s.tables()) {
            if (t.partitioned()) {
                continue;
            }
            String name = quote(t.schema()) + "." + quote(t.name());
            // order-independent without a sort: the sum of a 64-bit hash of every row, with the count
            try (ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)::numeric), 0) FROM "
                    + name + " x")) {
                rs.next();
                out.put(t.qualified(), rs.getString(1));
            }
        }
    }

}
