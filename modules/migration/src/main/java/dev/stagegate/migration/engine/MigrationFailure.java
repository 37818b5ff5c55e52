package dev.stagegate.migration.engine;

import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;
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

    /**
     * 1-based line of the error in the script that ran, when the server said where. The driver
     * sends a script statement by statement, so the server's position is within the failing
     * statement; the statement is the one whose text at that position shows the token the server
     * quotes ({@code at or near "SELEC"}), else the first one long enough.
     */
    public static Optional<Integer> line(Throwable e, String script) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StatementRunner.StatementFailure f) {
                return Optional.of(f.line());
            }
        }
        Optional<ServerErrorMessage> server = sqlCause(e).filter(PSQLException.class::isInstance)
                .map(s -> ((PSQLException) s).getServerErrorMessage()).filter(m -> m != null && m.getPosition() > 0);
        if (server.isEmpty()) {
            return Optional.empty();
        }
        int pos = server.get().getPosition() - 1;
        java.util.regex.Matcher near = java.util.regex.Pattern.compile("at or near \"(.+?)\"")
                .matcher(String.valueOf(server.get().getMessage()));
        String token = near.find() ? near.group(1) : null;
        List<SqlStatement> statements = SqlScript.split(script);
        Integer fallback = null;
        for (SqlStatement st : statements) {
            String raw = script.substring(st.rawStart(), st.rawEnd());
            for (String form : List.of(raw, raw.stripLeading())) {
                int offset = st.rawStart() + (raw.length() - form.length()) + pos;
                if (pos < form.length()) {
                    if (token != null && form.startsWith(token, pos)) {
                        return Optional.of(SqlScript.lineOf(script, offset));
                    }
                    if (fallback == null) {
                        fallback = SqlScript.lineOf(script, offset);
                    }
                }
            }
        }
        return Optional.ofNullable(fallback);
    }
}
