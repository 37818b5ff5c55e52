package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The session settings every migration runs under, and their reset afterwards. */
final class SessionLimits {

    private SessionLimits() {
    }

    static void apply(Connection connection, EngineOptions options) {
        try (Statement st = connection.createStatement()) {
            st.execute("SET lock_timeout = '" + options.lockTimeout().toMillis() + "ms'");
            st.execute("SET statement_timeout = '" + options.statementTimeout().toMillis() + "ms'");
            if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
                // A runner killed mid-statement leaves a backend that keeps working (and holding the
                // migration lock) until it next talks to the client; this makes the server notice
                // the dead client within a second, roll back and release the lock.
                st.execute("SET client_connection_check_interval = '1s'");
            }
        } catch (SQLException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "cannot set lock_timeout/statement_timeout: " + e.getMessage(), e);
        }
    }

    static void reset(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            try (Statement st = connection.createStatement()) {
                st.execute("RESET lock_timeout");
                st.execute("RESET statement_timeout");
                if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
                    st.execute("RESET client_connection_check_interval");
                }
            }
        } catch (SQLException ignored) {
            // A broken connection has no settings left to reset.
        }
    }
}
