package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The transaction a console user opened with BEGIN: statements typed at the console run on that one
 * connection, and a gate step must not commit, roll back or reconnect under it.
 */
final class OpenTransaction {

    private OpenTransaction() {
    }

    /** {@code *} open, {@code !} failed, {@code ""} none or not connected: psql's prompt marks. */
    static String mark(Connection connection) {
        if (connection == null) {
            return "";
        }
        try {
            return switch (connection.unwrap(org.postgresql.core.BaseConnection.class).getTransactionState()) {
                case OPEN -> "*";
                case FAILED -> "!";
                case IDLE -> "";
            };
        } catch (SQLException e) {
            return "";
        }
    }

    /** A gate step would commit, roll back or reconnect under the user's open transaction: refused instead. */
    static void requireNone(Connection connection, String step) {
        if (!mark(connection).isEmpty()) {
            throw new StagegateException(ErrorCode.USAGE, step + " cannot run inside the transaction you opened with BEGIN "
                    + "(it would commit or roll back your work); COMMIT or ROLLBACK first");
        }
    }
}
