package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The orphan scan for keys a partition lacks: the scan of declared keys reads each key's own
 * table, so a partition without the key its siblings declare is never read. Each such partition
 * is scanned as if it had the key (all rows, {@code row_security = off}, rolled back): one
 * statement for every count, one more per key with orphans for its samples.
 */
public final class PartitionOrphans {

    private PartitionOrphans() {
    }

    /** Adds an {@code FK_ORPHANS} finding to {@code out} per partition and missing key with orphans; returns the orphans. */
    public static long scan(Connection c, SchemaSnapshot s, List<Finding> out) throws SQLException {
        List<PartitionDrift.MissingKey> missing = PartitionDrift.missingForeignKeys(Partitions.of(s));
        if (missing.isEmpty()) {
            return 0;
        }
        try {
            return Sql.rolledBack(c, true, conn -> count(conn, missing, out));
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            out.add(Finding.of(VerificationCode.ORPHAN_SCAN_BLOCKED, Severity.ERROR, "partitions", "row-level security would hide rows "
                    + "from the orphan scan of the partitions that lack a key their siblings declare, so it was NOT run; verify as a "
                    + "role with BYPASSRLS or as the tables' owner"));
            return 0;
        }
    }

    private static long count(Connection c, List<PartitionDrift.MissingKey> missing, List<Finding> out) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < missing.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", (SELECT count(*) ")
                    .append(orphanFrom(missing.get(i))).append(")");
        }
        long total = 0;
        List<long[]> found = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                if (rs.getLong(2) > 0) {
                    found.add(new long[]{rs.getInt(1), rs.getLong(2)});
                    total += rs.getLong(2);
                }
            }
        }
        for (long[] f : found) {
            PartitionDrift.MissingKey m = missing.get((int) f[0]);
            ForeignKey fk = m.template();
            out.add(Finding.of(VerificationCode.FK_ORPHANS, Severity.CRITICAL, m.object(), f[1] + " row(s) of " + m.partition().qualified()
                    + " point at no " + fk.qualifiedRefTable() + " row: the partition lacks the key " + fk.columns() + " -> "
                    + fk.qualifiedRefTable() + " that " + PartitionDrift.names(m.declaredOn()) + " declare, so nothing stopped them",
                    samples(c, m)));
        }
        return total;
    }

    /** {@code FROM partition c WHERE <key not null> AND NOT EXISTS (parent match)}: MATCH SIMPLE, as the key would check. */
    static String orphanFrom(PartitionDrift.MissingKey m) {
        ForeignKey fk = m.template();
        Table t = m.partition();
        List<String> notNull = new ArrayList<>();
        List<String> match = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            notNull.add("c." + Sql.quote(fk.columns().get(i)) + " IS NOT NULL");
            match.add("p." + Sql.quote(fk.refColumns().get(i)) + " = c." + Sql.quote(fk.columns().get(i)));
        }
        return "FROM " + Sql.table(t.schema(), t.name()) + " c WHERE " + String.join(" AND ", notNull) + " AND NOT EXISTS (SELECT 1 FROM "
                + Sql.table(fk.refSchema(), fk.refTable()) + " p WHERE " + String.join(" AND ", match) + ")";
    }

    private static List<String> samples(Connection c, PartitionDrift.MissingKey m) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ROW(" + Sql.columns("c", m.template().columns())
                + ")::text " + orphanFrom(m) + " LIMIT 5")) {
            while (rs.next()) {
                out.add(m.template().columns() + " = " + rs.getString(1));
            }
        }
        return out;
    }
}
