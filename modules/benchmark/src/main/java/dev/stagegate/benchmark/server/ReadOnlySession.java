package dev.stagegate.benchmark.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Every connection the benchmark opens to a database it only reads: read only for the whole session
 * (a COMMIT in a suite cannot end it, as it ends a transaction's READ ONLY), statements bounded to 60 s
 * and lock waits to 5 s, so a runaway query or a lock the user's application holds ends in one line
 * instead of a hang.
 */
public final class ReadOnlySession {

    public static final String STATEMENT_TIMEOUT = "60s";

    private ReadOnlySession() {
    }

    public static Connection apply(Connection c) throws SQLException {
        c.setReadOnly(true);
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            st.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT + "'");
            st.execute("SET lock_timeout = '5s'");
        }
        return c;
    }
}
