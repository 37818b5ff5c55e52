package dev.stagegate.benchmark.server;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The tables with row-level security that the suite's plans read and that the benchmark's role does not
 * pay for: a superuser or a BYPASSRLS role skips every policy, and a table's owner skips them unless the
 * table FORCEs them. Timed that way, a migration that adds policies looks free, while the application's
 * role evaluates them on every row: the finding says so. One query, whatever the number of tables.
 */
public final class RlsBypass {

    /** @param table schema.table; why: "a superuser", "BYPASSRLS" or "the table's owner (no FORCE)" */
    public record Bypassed(String table, String why) {
    }

    static final String SQL = """
            SELECT n.nspname || '.' || c.relname,
                   CASE WHEN r.rolsuper THEN 'a superuser' WHEN r.rolbypassrls THEN 'BYPASSRLS' ELSE 'the table''s owner (no FORCE)' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
            WHERE r.rolname = current_user AND c.relrowsecurity AND c.relkind IN ('r', 'p')
              AND n.nspname || '.' || c.relname = ANY (?)
              AND (r.rolsuper OR r.rolbypassrls OR (pg_has_role(r.oid, c.relowner, 'USAGE') AND NOT c.relforcerowsecurity))
            ORDER BY 1""";

    private RlsBypass() {
    }

    /** @param relations the schema-qualified tables the candidate's plans read */
    public static List<Bypassed> read(Connection c, Collection<String> relations) throws SQLException {
        List<Bypassed> out = new ArrayList<>();
        if (relations.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            Array names = c.createArrayOf("text", relations.toArray());
            ps.setArray(1, names);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bypassed(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }
}
