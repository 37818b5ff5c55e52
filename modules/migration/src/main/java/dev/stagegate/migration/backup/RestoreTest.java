package dev.stagegate.migration.backup;

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
 * a content fingerprint (md5 over the sorted row md5s). Only a restore proves a dump loads.
 */
public final class RestoreTest {

    /**
     * @param differences what differs, one line each; empty when the restore equals the source
     */
    public record Result(boolean equal, long restoreMillis, int tables, List<String> differences) {
        public Result {
            differences = List.copyOf(differences);
        }
    }

    private RestoreTest() {
    }

    public static Result run(Connection source, Target live, Path dump, PgTools tools) throws SQLException {
        String scratch = "sg_restore_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        boolean auto = source.getAutoCommit();
        source.setAutoCommit(true);
        try (Statement st = source.createStatement()) {
            st.execute("CREATE DATABASE " + scratch + " TEMPLATE template0");
        }
        try {
            long start = System.nanoTime();
            PgProcess.Outcome restore;
            try {
                restore = PgProcess.run(live, scratch, tools.pgRestore(), "--exit-on-error", "--no-password", "-d", scratch, dump.toString());
            } catch (IOException e) {
                throw new StagegateException(ErrorCode.BACKUP_FAILED, "pg_restore could not run: " + e.getMessage());
            }
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            if (!restore.ok()) {
                return new Result(false, millis, 0, List.of("the dump did not restore: " + restore.firstLine()));
            }
            SchemaSnapshot before = new CatalogReader(source).read(true);
            Map<String, String> sourcePrints = fingerprints(source, before);
            try (Connection restored = Connector.open(live.withDatabase(scratch))) {
                SchemaSnapshot after = new CatalogReader(restored).read(true);
                List<String> differences = new ArrayList<>();
                SnapshotDiff diff = SnapshotDiff.between(before, after);
                diff.changes().forEach(c -> differences.add(c.kind() + " " + c.object() + ": " + c.type() + (c.detail() == null ? "" : " " + c.detail())));
                diff.rowCounts().stream().filter(rc -> rc.before() != rc.after())
                        .forEach(rc -> differences.add("rows of " + rc.table() + ": " + rc.before() + " in the source, " + rc.after() + " restored"));
                Map<String, String> restoredPrints = fingerprints(restored, after);
                sourcePrints.forEach((t, print) -> {
                    if (restoredPrints.containsKey(t) && !print.equals(restoredPrints.get(t))) {
                        differences.add("content of " + t + " differs from the source");
                    }
                });
                return new Result(differences.isEmpty(), millis, before.tables().size(), differences);
            }
        } finally {
            try (Statement st = source.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
            source.setAutoCommit(auto);
        }
    }

    /** md5 over the sorted md5 of every row, per ordinary table (a partitioned parent is read through its partitions). */
    private static Map<String, String> fingerprints(Connection c, SchemaSnapshot s) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            st.execute("SET row_security = off");
            for (Table t : s.tables()) {
                if (t.partitioned()) {
                    continue;
                }
                String name = quote(t.schema()) + "." + quote(t.name());
                try (ResultSet rs = st.executeQuery("SELECT md5(coalesce(string_agg(h, '' ORDER BY h), '')) FROM (SELECT md5(x::text) h FROM "
                        + name + " x) r")) {
                    rs.next();
                    out.put(t.qualified(), rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
