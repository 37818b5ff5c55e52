package dev.stagegate.migration.engine;

import dev.stagegate.migration.sql.SqlScript;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Digs the server's own error out of Liquibase's wrapping: SQLSTATE, message, line in the file. */
public final class MigrationFailure {

    private MigrationFailure() {
    }

    public static Optional<SQLException> sqlCause(Throwable e) {
        Throwable t = e;
        SQLException found = null;
        while (t != null) {
            if (t instanceof SQLException s) {
                found = s;
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return Optional.ofNullable(found);
    }

    public static String sqlState(Throwable e) {
        return sqlCause(e).map(SQLException::getSQLState).orElse(null);
    }

    /** The server's message when there is one, else the exception's first line. */
    public static String firstLine(Throwable e) {
        Optional<SQLException> sql = sqlCause(e);
        String msg = sql.map(Throwable::getMessage).orElse(e.getMessage());
        if (msg == null) {
            return e.getClass().getSimpleName();
        }
        // Liquibase's validation messages put the substance on the lines after a "...:" heading.
        List<String> lines = msg.lines().map(String::trim).filter(l -> !l.isBlank()).toList();
        String head = lines.isEmpty() ? "" : lines.get(0);
        String line = head.endsWith(":") && lines.size() > 1
                ? head + " " + String.join("; ", lines.subList(1, Math.min(lines.size(), 4))) : head;
        return sql.map(s -> line + " (SQLSTATE " + s.getSQLState() + ")").orElse(line);
    }

    /** 1-based line of the error in the script that ran, when the server said where. */
    public static Optional<Integer> line(Throwable e, String script) {
        return sqlCause(e).filter(PSQLException.class::isInstance).map(s -> ((PSQLException) s).getServerErrorMessage())
                .filter(m -> m != null && m.getPosition() > 0)
                .map(ServerErrorMessage::getPosition)
                .map(pos -> SqlScript.lineOf(script, pos - 1));
    }
}
