package dev.stagegate.verification.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** Small SQL helpers shared by the checks: quoting, error lines, and a transaction that is always rolled back. */
public final class Sql {

    private Sql() {
    }

    public static String quote(String identifier) {
        return dev.stagegate.core.sql.Identifiers.quote(identifier);
    }

    public static String table(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    public static String columns(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + quote(c)).collect(Collectors.joining(", "));
    }

    public static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    /** A server error in one line for a finding: its first line and SQLSTATE. */
    public static String firstLine(SQLException e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("") + " (SQLSTATE " + e.getSQLState() + ")";
    }

    /** Work that must leave nothing behind: runs in a transaction that is rolled back whatever happens. */
    public interface RolledBack<T> {
        T run(Connection c) throws SQLException;
    }

    public static <T> T rolledBack(Connection c, boolean readAllRows, RolledBack<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            if (readAllRows) {
                try (Statement st = c.createStatement()) {
                    // Never a silently filtered count: with RLS in the way this errors instead (42501).
                    st.execute("SET LOCAL row_security = off");
                }
            }
            return work.run(c);
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }
}
