package dev.stagegate.benchmark.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every table, materialized view and index outside the system schemas with its size and the
 * planner's row estimate, in one query whatever the number of relations: CE-26's "table sizes before
 * and after", and what tells a big table from a small one in the plan check.
 */
public final class RelationSizes {

    /** @param kind table, index, matview or partitioned; bytes is the relation's own size, total with indexes and TOAST for tables */
    public record Size(String name, String kind, String table, double rows, long bytes, long totalBytes) {
    }

    static final String SQL = """
            SELECT n.nspname || '.' || c.relname, c.relkind::text, coalesce(tn.nspname || '.' || t.relname, ''), greatest(c.reltuples, 0),
                   pg_relation_size(c.oid), CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_total_relation_size(c.oid) ELSE pg_relation_size(c.oid) END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE c.relkind IN ('r', 'm', 'p', 'i') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY 1""";

    private RelationSizes() {
    }

    public static Map<String, Size> read(Connection c) throws SQLException {
        Map<String, Size> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SQL)) {
            while (rs.next()) {
                String kind = switch (rs.getString(2)) {
                    case "i" -> "index";
                    case "m" -> "matview";
                    case "p" -> "partitioned";
                    default -> "table";
                };
                out.put(rs.getString(1), new Size(rs.getString(1), kind, rs.getString(3), rs.getDouble(4), rs.getLong(5), rs.getLong(6)));
            }
        }
        return out;
    }
}
