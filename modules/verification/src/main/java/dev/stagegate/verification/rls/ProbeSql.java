package dev.stagegate.verification.rls;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * The two ways a probe touches a table, each in a savepoint: a read that counts a refused privilege
 * (42501) as nothing read, and a write that is always undone and counts a refusal as no row changed.
 */
final class ProbeSql {

    private static final String DENIED = "42501";

    private ProbeSql() {
    }

    /** The first value, or null when there is none or the role lacks the privilege (42501: nothing read). */
    static String readDenied(Connection c, String query) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            String v = rs.next() ? rs.getString(1) : null;
            c.releaseSavepoint(sp);
            return v;
        } catch (SQLException e) {
            c.rollback(sp);
            if (DENIED.equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    /** Rows a write changed; 0 when RLS filtered it out or refused it. Always undone. */
    static int changes(Connection c, String sql) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            if (DENIED.equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        } finally {
            c.rollback(sp);
        }
    }
}
