package dev.stagegate.migration.validate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Asks PostgreSQL's own parser whether each statement is valid, without running it: the
 * statement becomes the body of a temporary PL/pgSQL function, whose creation parses every SQL
 * statement in it but resolves no names. Runs in a transaction that is always rolled back, so it
 * leaves nothing behind, on the target or on the embedded server.
 */
public final class SyntaxCheck {

    private static final String TAG = "$sg_syntax_check$";
    private static final String PREFIX = "CREATE FUNCTION pg_temp.sg_syntax_check() RETURNS void LANGUAGE plpgsql AS "
            + TAG + " BEGIN ";
    /** Statements PL/pgSQL reads as its own commands, or that cannot sit in a function body. */
    private static final Pattern NOT_CHECKABLE = Pattern.compile("^(BEGIN|COMMIT|ROLLBACK|END|START|SAVEPOINT|RELEASE|"
            + "EXECUTE|FETCH|MOVE|CLOSE|OPEN|GET|RAISE|RETURN|PERFORM|COPY|\\\\).*");

    private SyntaxCheck() {
    }

    /** One finding per statement the server cannot parse, naming file and line; plus the log lines. */
    public static List<Finding> check(Connection connection, List<Migration> migrations, String[] scripts, List<String> log)
            throws SQLException {
        List<Finding> out = new ArrayList<>();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (int i = 0; i < migrations.size(); i++) {
                Migration m = migrations.get(i);
                String script = scripts[i];
                int checked = 0;
                int errors = 0;
                for (SqlStatement s : SqlScript.split(script)) {
                    if (NOT_CHECKABLE.matcher(s.code()).matches() || s.text().contains(TAG)) {
                        continue;
                    }
                    String raw = script.substring(s.rawStart(), s.rawEnd());
                    Savepoint sp = connection.setSavepoint();
                    try {
                        st.execute(PREFIX + raw + "; END " + TAG);
                        st.execute("DROP FUNCTION pg_temp.sg_syntax_check()");
                        connection.releaseSavepoint(sp);
                        checked++;
                    } catch (SQLException e) {
                        connection.rollback(sp);
                        if (e.getSQLState() != null && e.getSQLState().startsWith("42")) {
                            int line = line(e, script, s, raw);
                            String message = firstLine(e.getMessage());
                            out.add(Finding.of("SQL_SYNTAX", Severity.ERROR, m.fileName() + ":" + line,
                                    m.fileName() + " line " + line + " does not parse as PostgreSQL: " + message, s.text()));
                            log.add(m.fileName() + ":" + line + ": " + message);
                            errors++;
                        } else {
                            checked++;
                        }
                    }
                }
                log.add(m.fileName() + ": " + checked + " statement(s) parsed, " + errors + " error(s)");
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(auto);
        }
        return out;
    }

    private static int line(SQLException e, String script, SqlStatement s, String raw) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage msg = p.getServerErrorMessage();
            int offset = -1;
            if (msg.getPosition() > 0) {
                offset = msg.getPosition() - 1 - PREFIX.length();
            } else if (msg.getInternalPosition() > 0) {
                offset = msg.getInternalPosition() - 1;
            }
            if (offset >= 0 && offset <= raw.length()) {
                return SqlScript.lineOf(script, s.rawStart() + offset);
            }
        }
        return s.startLine();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").replaceFirst("^ERROR: ", "");
    }
}
