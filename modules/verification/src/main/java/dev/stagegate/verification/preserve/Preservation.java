package dev.stagegate.verification.preserve;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.verification.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 004's "all verdict events preserved, count matches": fingerprints of the tables a
 * migration should leave alone, taken before and after it, every row read (RLS off, so a policy
 * cannot hide a loss). The digest is an md5 over the sorted md5s of each row as jsonb, which orders
 * keys itself: a rollback that re-adds a column at the end still shows the same content.
 */
public final class Preservation {

    private Preservation() {
    }

    public static Map<String, TableFingerprint> capture(Connection c, List<String> tables) throws SQLException {
        return Sql.rolledBack(c, true, conn -> {
            Map<String, TableFingerprint> out = new LinkedHashMap<>();
            for (String table : tables) {
                String[] parts = table.contains(".") ? table.split("\\.", 2) : new String[]{"public", table};
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), "
                        + "coalesce(md5(string_agg(h, '' ORDER BY h)), md5('')) FROM (SELECT md5(to_jsonb(t)::text) AS h FROM "
                        + Sql.table(parts[0], parts[1]) + " t) x")) {
                    rs.next();
                    out.put(parts[0] + "." + parts[1], new TableFingerprint(parts[0] + "." + parts[1], rs.getLong(1), rs.getString(2)));
                }
            }
            return out;
        });
    }

    /** What must match: row counts only (a migration that rewrites columns), or counts and content. */
    public enum Mode { COUNTS, CONTENT }

    public static List<Finding> compare(Map<String, TableFingerprint> before, Map<String, TableFingerprint> after) {
        return compare(before, after, Mode.CONTENT);
    }

    public static List<Finding> compare(Map<String, TableFingerprint> before, Map<String, TableFingerprint> after, Mode mode) {
        List<Finding> out = new ArrayList<>();
        before.forEach((table, b) -> {
            TableFingerprint a = after.get(table);
            if (a == null) {
                out.add(Finding.of("TABLE_LOST", Severity.CRITICAL, table, table + " existed before the migration and not after"));
            } else if (a.rows() != b.rows()) {
                out.add(Finding.of("ROW_COUNT_CHANGED", Severity.CRITICAL, table, "rows before " + b.rows() + ", after " + a.rows()
                        + " (" + (a.rows() - b.rows()) + ")"));
            } else if (mode == Mode.CONTENT && !a.digest().equals(b.digest())) {
                out.add(Finding.of("CONTENT_CHANGED", Severity.CRITICAL, table, "the same " + a.rows() + " rows, but their content "
                        + "changed (digest " + b.digest() + " -> " + a.digest() + ")"));
            }
        });
        return out;
    }
}
