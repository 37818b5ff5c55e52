package dev.stagegate.benchmark.server;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The session a suite's queries run in: its {@code -- setting:} values set, then its {@code -- role:} taken, so a
 * query is timed and planned as the application runs it under row-level security, not as the login user (a
 * superuser or the tables' owner skips every policy). The same statements in the forks ({@code ArmConnection})
 * and in every session here that plans a query or asks who skips the policies.
 */
public final class SuiteSession {

    private SuiteSession() {
    }

    /**
     * @param values the picked parameter and setting values ({@link QuerySuite#settingKey})
     * @return {@code c}
     */
    public static Connection apply(Connection c, QuerySuite suite, Map<String, Object> values) throws SQLException {
        for (String name : suite.settings().keySet()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, false)")) {
                ps.setString(1, name);
                ps.setString(2, String.valueOf(values.get(QuerySuite.settingKey(name))));
                ps.execute();
            } catch (SQLException e) {
                throw refused(c, suite, "setting " + name, e);
            }
        }
        if (suite.role() != null) {
            try (Statement st = c.createStatement()) {
                st.execute("SET ROLE " + suite.role());
            } catch (SQLException e) {
                throw refused(c, suite, "-- role: " + suite.role(), e);
            }
        }
        return c;
    }

    /** Back to the login user, for what only it may read (statistics, sizes). */
    public static void reset(Connection c, QuerySuite suite) throws SQLException {
        if (suite.role() != null) {
            try (Statement st = c.createStatement()) {
                st.execute("RESET ROLE");
            }
        }
    }

    private static StagegateException refused(Connection c, QuerySuite suite, String what, SQLException e) throws SQLException {
        String user;
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT session_user, current_database()")) {
            rs.next();
            user = rs.getString(1) + " on " + rs.getString(2);
        }
        return new StagegateException(ErrorCode.INPUT_INVALID, "the suite " + (suite.file() == null ? "" : suite.file().getFileName() + " ")
                + "asks for " + what + ", which " + user + " cannot take: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                + (what.startsWith("-- role") ? "; GRANT " + suite.role() + " TO the user stagegate connects as, or change the role" : ""));
    }
}
