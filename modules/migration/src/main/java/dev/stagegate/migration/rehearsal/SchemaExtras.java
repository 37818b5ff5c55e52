package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.migration.backup.CatalogExtras;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rollback must restore that the schema snapshot does not hold: privileges and comments
 * (from {@link CatalogExtras}, its data entries left out), enum labels, column collations and
 * partition bounds. A fixed number of queries, compared as text.
 */
final class SchemaExtras {

    private SchemaExtras() {
    }

    static Map<String, String> read(Connection c) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Statement st = c.createStatement()) {
            CatalogExtras.readInto(st, out);
            // sequence positions and materialized view rows are data, compared by the data capture
            out.keySet().removeIf(k -> k.startsWith("~sequence ") || k.startsWith("~materialized view ") || k.startsWith("~large objects"));
            put(st, out, "SELECT 'enum ' || n.nspname || '.' || t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e "
                    + "JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace GROUP BY 1");
            put(st, out, "SELECT 'collation of ' || n.nspname || '.' || c.relname || '.' || a.attname, co.collname FROM pg_attribute a "
                    + "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_collation co "
                    + "ON co.oid = a.attcollation WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') "
                    + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'");
            put(st, out, "SELECT 'partition bound of ' || n.nspname || '.' || c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_class c "
                    + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relispartition");
        }
        return out;
    }

    /** What differs between two reads, as schema changes: the rollback did not put it back. */
    static List<SnapshotDiff.Change> differences(Map<String, String> was, Map<String, String> now) {
        List<SnapshotDiff.Change> out = new ArrayList<>();
        was.forEach((k, v) -> {
            String n = now.get(k);
            String key = k.startsWith("~") ? k.substring(1) : k;
            if (n == null) {
                out.add(new SnapshotDiff.Change("catalog", key, SnapshotDiff.Type.REMOVED, "was " + v));
            } else if (!n.equals(v)) {
                out.add(new SnapshotDiff.Change("catalog", key, SnapshotDiff.Type.CHANGED, v + " -> " + n));
            }
        });
        now.forEach((k, v) -> {
            if (!was.containsKey(k)) {
                out.add(new SnapshotDiff.Change("catalog", k.startsWith("~") ? k.substring(1) : k, SnapshotDiff.Type.ADDED, v));
            }
        });
        return out;
    }

    private static void put(Statement st, Map<String, String> out, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
    }
}
