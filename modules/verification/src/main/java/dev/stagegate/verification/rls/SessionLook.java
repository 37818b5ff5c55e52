package dev.stagegate.verification.rls;

import dev.stagegate.verification.sql.Sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Looks at a table as the session user with {@code row_security = off}, in the middle of a probe:
 * where a write really landed, whatever the probing role may see. Puts the probing role back
 * afterwards. An error here is never read as "blocked": it propagates.
 */
final class SessionLook {

    private final Connection c;
    private final String table;

    SessionLook(Connection c, String table) {
        this.c = c;
        this.table = table;
    }

    /** Exact number of rows matching {@code where}. */
    long count(String where, String actor) throws SQLException {
        return Long.parseLong(look("SELECT count(*)::text FROM " + table + " WHERE " + where, actor));
    }

    /** The row version ({@code xmin}) of the row matching {@code where}, or null when it is gone. */
    String version(String where, String actor) throws SQLException {
        return look("SELECT xmin::text FROM " + table + " WHERE " + where + " LIMIT 1", actor);
    }

    private String look(String query, String actor) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("RESET ROLE");
            st.execute("SET LOCAL row_security = off");
            String value;
            try (ResultSet rs = st.executeQuery(query)) {
                value = rs.next() ? rs.getString(1) : null;
            } catch (SQLException e) {
                // No SQLSTATE on purpose: this must never be mistaken for RLS blocking a probe (42501).
                throw new SQLException("cannot look at " + table + " as the session user with row_security off, so where a "
                        + "write landed is unknown (verify as a superuser or a BYPASSRLS role): " + Sql.firstLine(e), (String) null, e);
            }
            st.execute("SET LOCAL row_security = on");
            st.execute("SET LOCAL ROLE " + actor);
            return value;
        }
    }
}
