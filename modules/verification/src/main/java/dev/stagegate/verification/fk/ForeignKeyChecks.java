package dev.stagegate.verification.fk;

import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.Index;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotIndex;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.partition.PartitionedIndexAdvice;
import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CE-24: expected foreign keys exist and there are enough of them, each has an index whose
 * leading columns cover it, child and parent column types agree (from the snapshot alone); no
 * orphan rows, including under NOT VALID and multi-column keys (one anti-join per key).
 */
public final class ForeignKeyChecks {

    private ForeignKeyChecks() {
    }

    /** Checks that need only the snapshot. */
    public static List<Finding> catalog(SchemaSnapshot s, List<ExpectedForeignKey> expected, int minimum) {
        SnapshotIndex index = SnapshotIndex.of(s);
        List<Finding> out = new ArrayList<>();
        for (ExpectedForeignKey e : expected) {
            boolean found = s.foreignKeys().stream().anyMatch(fk -> e.name() != null ? fk.name().equals(e.name())
                    : (fk.table().equals(e.table()) || fk.qualifiedTable().equals(e.table())) && fk.columns().equals(e.columns()));
            if (!found) {
                out.add(Finding.of(VerificationCode.FK_MISSING, Severity.ERROR, e.describe(), "expected foreign key " + e.describe() + " does not exist"));
            }
        }
        if (s.foreignKeys().size() < minimum) {
            out.add(Finding.of(VerificationCode.FK_COUNT_BELOW_MINIMUM, Severity.ERROR, "foreign keys", s.foreignKeys().size()
                    + " foreign keys, at least " + minimum + " expected"));
        }
        for (ForeignKey fk : s.foreignKeys()) {
            Table child = index.table(fk.qualifiedTable()).orElse(null);
            if (child == null) {
                continue;
            }
            if (!indexed(index.indexesOn(child), fk.columns())) {
                out.add(Finding.of(VerificationCode.FK_UNINDEXED, Severity.ERROR, fk.qualifiedTable() + "." + fk.name(), "no valid index leads with "
                        + fk.columns() + ": deleting or updating a " + fk.refTable() + " row scans " + fk.table()
                        + " under lock; " + (child.partitioned() ? PartitionedIndexAdvice.forForeignKey(s, child, fk.columns())
                        : "CREATE INDEX CONCURRENTLY ON " + dev.stagegate.verification.sql.Sql.table(fk.schema(), fk.table()) + " ("
                        + String.join(", ", fk.columns().stream().map(dev.stagegate.verification.sql.Sql::quote).toList()) + ")")));
            }
            index.table(fk.qualifiedRefTable()).ifPresent(parent -> {
                for (int i = 0; i < fk.columns().size(); i++) {
                    String a = type(child, fk.columns().get(i));
                    String b = type(parent, fk.refColumns().get(i));
                    if (a != null && b != null && !a.equals(b)) {
                        out.add(Finding.of(VerificationCode.FK_TYPE_MISMATCH, Severity.WARNING, fk.qualifiedTable() + "." + fk.name(), fk.table()
                                + "." + fk.columns().get(i) + " is " + a + " but " + fk.refTable() + "." + fk.refColumns().get(i)
                                + " is " + b + ": joins cast, and the index on the parent may go unused"));
                    }
                }
            });
        }
        return out;
    }

    /** True when a valid index's leading columns are exactly the FK columns, in any order. */
    static boolean indexed(List<Index> indexes, List<String> columns) {
        return indexes.stream().filter(Index::valid).filter(i -> !i.partial()).anyMatch(i -> i.columns().size() >= columns.size()
                && new HashSet<>(i.columns().subList(0, columns.size()).stream().map(ForeignKeyChecks::unquoted).toList())
                .equals(new HashSet<>(columns)));
    }

    /** pg_get_indexdef quotes a column that needs it ("OrgId"); the key's columns are plain names. */
    private static String unquoted(String column) {
        return column.length() > 1 && column.startsWith("\"") && column.endsWith("\"")
                ? column.substring(1, column.length() - 1).replace("\"\"", "\"") : column;
    }

    private static String type(Table t, String column) {
        return t.columns().stream().filter(c -> c.name().equals(column)).findFirst().map(Column::type).orElse(null);
    }

    /**
     * A key with at most this share of distinct values (a tenant_id: thousands of tenants over
     * millions of rows) is scanned by walking its index key by key; others by a hash anti-join.
     */
    static final double LOOSE_SCAN_MAX_DISTINCT_SHARE = 0.02;

    /**
     * Orphans per FK, all rows read ({@code row_security = off}), with samples as proof. The plan
     * is chosen per key from the planner's statistics (one query for all keys): a single-column key
     * with an index and few distinct values is walked distinct value by distinct value (a loose
     * index scan, far cheaper than touching every row); any other key gets one anti-join.
     */
    public static OrphanScan orphans(Connection c, SchemaSnapshot s) throws SQLException {
        return Sql.rolledBack(c, true, conn -> {
            List<Finding> out = new ArrayList<>();
            long total = 0;
            Map<String, Double> distinct = distinctShares(conn, s);
            for (ForeignKey fk : s.foreignKeys()) {
                long n = looseScanFits(s, fk, distinct) ? looseCount(conn, fk) : antiJoinCount(conn, fk);
                total += n;
                if (n > 0) {
                    out.add(Finding.of(VerificationCode.FK_ORPHANS, Severity.CRITICAL, fk.qualifiedTable() + "." + fk.name(), n + " row(s) of "
                            + fk.table() + " point at no " + fk.refTable() + " row" + (fk.validated() ? "" : " (the key is NOT VALID)"),
                            samples(conn, fk).toArray(String[]::new)));
                }
            }
            return new OrphanScan(out, total, s.foreignKeys().size());
        });
    }

    /**
     * The orphan scan, its findings added to {@code out}; null, with {@code ORPHAN_SCAN_BLOCKED}, when
     * RLS would hide rows from it (a filtered count would read as "no orphans").
     */
    public static OrphanScan orphansUnlessBlocked(Connection c, SchemaSnapshot s, List<Finding> out) throws SQLException {
        try {
            OrphanScan scan = orphans(c, s);
            out.addAll(scan.findings());
            return scan;
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
            out.add(Finding.of(VerificationCode.ORPHAN_SCAN_BLOCKED, Severity.ERROR, "foreign keys", "row-level security would hide rows "
                    + "from the orphan scan, so it was NOT run; verify as a role with BYPASSRLS or as the tables' owner"));
            return null;
        }
    }

    private static long antiJoinCount(Connection c, ForeignKey fk) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) " + orphanFrom(fk))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Distinct keys by index descents; rows are counted only for keys that turn out orphaned. */
    private static long looseCount(Connection c, ForeignKey fk) throws SQLException {
        String col = Sql.quote(fk.columns().get(0));
        String child = Sql.table(fk.schema(), fk.table());
        // ORDER BY ... LIMIT 1 rather than min(): it walks the same index for any btree type (there is no min(uuid)).
        String keys = "WITH RECURSIVE k(v) AS ((SELECT " + col + " FROM " + child + " WHERE " + col + " IS NOT NULL ORDER BY " + col
                + " LIMIT 1) UNION ALL SELECT (SELECT " + col + " FROM " + child + " WHERE " + col + " > k.v ORDER BY " + col
                + " LIMIT 1) FROM k WHERE k.v IS NOT NULL) SELECT v FROM k WHERE v IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM " + Sql.table(fk.refSchema(), fk.refTable()) + " p WHERE p."
                + Sql.quote(fk.refColumns().get(0)) + " = k.v)";
        List<String> orphanKeys = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(keys + " LIMIT 1000")) {
            while (rs.next()) {
                orphanKeys.add(rs.getString(1));
            }
        }
        if (orphanKeys.isEmpty()) {
            return 0;
        }
        if (orphanKeys.size() == 1000) {
            return antiJoinCount(c, fk);
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + child + " WHERE "
                + col + "::text IN (" + String.join(", ", orphanKeys.stream().map(Sql::literal).toList()) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Planner estimates of distinct-values share per {@code schema.table.column}, for every FK column in one query. */
    private static Map<String, Double> distinctShares(Connection c, SchemaSnapshot s) throws SQLException {
        Map<String, Double> out = new java.util.HashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT schemaname, tablename, attname, n_distinct "
                + "FROM pg_stats WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")) {
            while (rs.next()) {
                String key = rs.getString(1) + "." + rs.getString(2) + "." + rs.getString(3);
                double nd = rs.getDouble(4);
                long rows = s.table(rs.getString(1) + "." + rs.getString(2)).map(Table::estimatedRows).orElse(-1L);
                // n_distinct < 0 is already a share of the rows; > 0 an absolute count
                out.put(key, nd < 0 ? -nd : rows > 0 ? nd / rows : 1.0);
            }
        }
        return out;
    }

    static boolean looseScanFits(SchemaSnapshot s, ForeignKey fk, Map<String, Double> distinct) {
        if (fk.columns().size() != 1) {
            return false;
        }
        Double share = distinct.get(fk.qualifiedTable() + "." + fk.columns().get(0));
        boolean indexed = s.table(fk.qualifiedTable()).map(t -> s.indexesOn(t).stream().filter(Index::valid)
                .anyMatch(i -> !i.partial() && !i.columns().isEmpty() && i.columns().get(0).equals(fk.columns().get(0)))).orElse(false);
        return indexed && share != null && share <= LOOSE_SCAN_MAX_DISTINCT_SHARE;
    }

    /** {@code FROM child c WHERE <key not null> AND NOT EXISTS (parent match)}: MATCH SIMPLE semantics. */
    static String orphanFrom(ForeignKey fk) {
        List<String> notNull = new ArrayList<>();
        List<String> match = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            notNull.add("c." + Sql.quote(fk.columns().get(i)) + " IS NOT NULL");
            match.add("p." + Sql.quote(fk.refColumns().get(i)) + " = c." + Sql.quote(fk.columns().get(i)));
        }
        return "FROM " + Sql.table(fk.schema(), fk.table()) + " c WHERE " + String.join(" AND ", notNull)
                + " AND NOT EXISTS (SELECT 1 FROM " + Sql.table(fk.refSchema(), fk.refTable()) + " p WHERE " + String.join(" AND ", match) + ")";
    }

    private static List<String> samples(Connection c, ForeignKey fk) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ROW(" + Sql.columns("c", fk.columns())
                + ")::text " + orphanFrom(fk) + " LIMIT 5")) {
            while (rs.next()) {
                out.add(fk.columns() + " = " + rs.getString(1));
            }
        }
        return out;
    }

    /** The result of an orphan scan: findings, and the seed's "orphaned records: 0". */
    public record OrphanScan(List<Finding> findings, long orphans, int keys) {
    }

    /**
     * A parent key that exists and has children, for the ON DELETE rehearsal (an orphan's key has no
     * parent to delete; for a self-reference, a row pointing at itself is not a child of another row).
     */
    static Optional<List<String>> parentWithChildren(Connection c, ForeignKey fk) throws SQLException {
        List<String> notNull = fk.columns().stream().map(col -> "c." + Sql.quote(col) + " IS NOT NULL").toList();
        List<String> match = new ArrayList<>();
        List<String> notSelf = new ArrayList<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            match.add("p." + Sql.quote(fk.refColumns().get(i)) + " = c." + Sql.quote(fk.columns().get(i)));
            notSelf.add("c." + Sql.quote(fk.refColumns().get(i)) + " IS DISTINCT FROM c." + Sql.quote(fk.columns().get(i)));
        }
        boolean self = fk.qualifiedTable().equals(fk.qualifiedRefTable());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + String.join(", ",
                fk.columns().stream().map(col -> "c." + Sql.quote(col) + "::text").toList()) + " FROM " + Sql.table(fk.schema(), fk.table())
                + " c WHERE " + String.join(" AND ", notNull) + (self ? " AND (" + String.join(" OR ", notSelf) + ")" : "")
                + " AND EXISTS (SELECT 1 FROM " + Sql.table(fk.refSchema(), fk.refTable()) + " p WHERE " + String.join(" AND ", match)
                + ") LIMIT 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= fk.columns().size(); i++) {
                key.add(rs.getString(i));
            }
            return Optional.of(key);
        }
    }

    /** True when {@code fk}'s table has a row pointing at {@code key}. */
    static boolean hasChildren(Connection c, ForeignKey fk, List<String> key) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM "
                + Sql.table(fk.schema(), fk.table()) + " WHERE " + match("", fk.columns(), key) + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Like {@link #match}, but compares in the columns' own types, so an index on them can be used. */
    static String typedMatch(String alias, Table table, List<String> columns, List<String> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String t = type(table, columns.get(i));
            parts.add(alias + Sql.quote(columns.get(i)) + " = " + Sql.literal(values.get(i)) + (t == null ? "" : "::" + t));
        }
        return String.join(" AND ", parts);
    }

    static String match(String alias, List<String> columns, List<String> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(alias + Sql.quote(columns.get(i)) + "::text = " + Sql.literal(values.get(i)));
        }
        return String.join(" AND ", parts);
    }
}
