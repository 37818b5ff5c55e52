package dev.stagegate.migration.validate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.MigrationCode;
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

    /**
     * One finding per statement the server cannot parse, naming file and line; plus the log lines.
     *
     * @throws StagegateException (an environment code, exit 3) when the server refuses for a reason
     *                            that is not the SQL's: no TEMP privilege, out of memory or locks, a
     *                            cancel, a lost connection. Reported once; nothing counts as parsed.
     */
    public static List<Finding> check(Connection connection, List<Migration> migrations, String[] scripts, List<String> log)
            throws SQLException {
        return check(connection, migrations, scripts, log, () -> { });
    }

    /** Runs after each checked statement, inside the check's transaction (tests count locks with it). */
    interface Probe {
        void run() throws SQLException;
    }

    static List<Finding> check(Connection connection, List<Migration> migrations, String[] scripts, List<String> log, Probe probe)
            throws SQLException {
        List<Finding> out = new ArrayList<>();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        boolean completed = false;
        try (Statement st = connection.createStatement()) {
            for (int i = 0; i < migrations.size(); i++) {
                Migration m = migrations.get(i);
                String script = scripts[i];
                if (script == null) {
                    continue;
                }
                List<SqlStatement> checkable = SqlScript.split(script).stream()
                        .filter(s -> !NOT_CHECKABLE.matcher(s.code()).matches() && !s.text().contains(TAG)).toList();
                int checked = 0;
                int errors = 0;
                // Many statements share one function body: a valid file costs one round trip per BATCH
                // statements (500,000 statements parse in minutes, not hours). A batch that fails is checked
                // again statement by statement, so every error is found and named by its own line.
                for (int from = 0; from < checkable.size(); from += BATCH) {
                    List<SqlStatement> batch = checkable.subList(from, Math.min(checkable.size(), from + BATCH));
                    if (batch.size() > 1 && parses(connection, st, m, script, batch)) {
                        checked += batch.size();
                        probe.run();
                        continue;
                    }
                    for (SqlStatement s : batch) {
                        SQLException error = attempt(connection, st, m, s, body(script, List.of(s)));
                        if (error == null) {
                            checked++;
                            probe.run();
                        } else if (isSyntax(error.getSQLState())) {
                            String raw = script.substring(s.rawStart(), s.rawEnd());
                            int line = line(error, script, s, raw);
                            String message = firstLine(error.getMessage());
                            out.add(Finding.of(MigrationCode.SQL_SYNTAX, Severity.ERROR, m.fileName() + ":" + line,
                                    m.fileName() + " line " + line + " does not parse as PostgreSQL: " + message, s.text()));
                            log.add(m.fileName() + ":" + line + ": " + message);
                            errors++;
                        } else {
                            throw environment(m, s, error);
                        }
                    }
                }
                log.add(m.fileName() + ": " + checked + " statement(s) parsed, " + errors + " error(s)");
            }
            completed = true;
        } finally {
            try {
                connection.rollback();
                connection.setAutoCommit(auto);
            } catch (SQLException e) {
                // After a failure that is already being reported, a broken connection cannot be
                // cleaned up, and saying so would hide the real error; after a success it is news.
                if (completed) {
                    throw e;
                }
            }
        }
        return out;
    }

    /** Statements per function body: large enough to make big files cheap, small enough to keep a body modest. */
    static final int BATCH = 500;

    private static String body(String script, List<SqlStatement> statements) {
        StringBuilder b = new StringBuilder(PREFIX);
        for (SqlStatement s : statements) {
            b.append(script, s.rawStart(), s.rawEnd()).append(";\n");
        }
        return b.append(" END ").append(TAG).toString();
    }

    /** True when the whole batch parses; a syntax error means "look closer"; anything else is the environment's. */
    private static boolean parses(Connection connection, Statement st, Migration m, String script, List<SqlStatement> batch) {
        SQLException error = attempt(connection, st, m, batch.get(0), body(script, batch));
        if (error == null) {
            return true;
        }
        if (isSyntax(error.getSQLState())) {
            return false;
        }
        throw environment(m, batch.get(0), error);
    }

    /**
     * Creates the function in a savepoint and always rolls back to it, then releases it: the rollback drops
     * the function and gives back the locks its creation took (a plain release hands them to the outer
     * transaction), and the release ends the savepoint (ROLLBACK TO keeps it open, so the next one would
     * nest inside it). Either leak grows the lock table until a big file exhausts it ("out of shared
     * memory") for every session on the server.
     */
    private static SQLException attempt(Connection connection, Statement st, Migration m, SqlStatement s, String sql) {
        Savepoint sp = savepoint(connection, m, s);
        SQLException error = null;
        try {
            st.execute(sql);
        } catch (SQLException e) {
            error = e;
        }
        rollback(connection, sp, m, s, error);
        return error;
    }

    /**
     * Class 42 is syntax or access rule violation: all of it is about the statement, except 42501
     * (insufficient privilege), which is about the role. Class 22 (a malformed literal) is the
     * statement's too. Anything else (08 connection, 53 resources, 57 cancel or shutdown, XX
     * internal, ...) says nothing about the SQL.
     */
    static boolean isSyntax(String sqlState) {
        return sqlState != null && !"42501".equals(sqlState) && (sqlState.startsWith("42") || sqlState.startsWith("22"));
    }

    private static Savepoint savepoint(Connection connection, Migration m, SqlStatement s) {
        try {
            return connection.setSavepoint();
        } catch (SQLException e) {
            throw environment(m, s, e);
        }
    }

    private static void rollback(Connection connection, Savepoint sp, Migration m, SqlStatement s, SQLException cause) {
        try {
            connection.rollback(sp);
            connection.releaseSavepoint(sp);
        } catch (SQLException e) {
            throw environment(m, s, cause != null ? cause : e);
        }
    }

    private static StagegateException environment(Migration m, SqlStatement s, SQLException e) {
        String state = e.getSQLState() == null ? "none" : e.getSQLState();
        String hint = switch (state.length() >= 2 ? state.substring(0, 2) : state) {
            case "42" -> "the checker creates a temporary function, so the role needs TEMP on the database";
            case "53" -> "the server ran out of a resource; retry, or check max_locks_per_transaction and memory";
            case "57" -> state.startsWith("57P") ? "the server ended the session (terminated, or shutting down)"
                    : "the check was cancelled";
            case "08" -> "the connection to the server was lost";
            default -> "the server failed for a reason that is not the statement's";
        };
        ErrorCode code = "42501".equals(state) ? ErrorCode.AUTH_REJECTED : ErrorCode.CONNECTION_FAILED;
        return new StagegateException(code, "cannot check the SQL of " + m.fileName() + " line " + s.startLine()
                + " on this server: " + firstLine(e.getMessage()) + " (SQLSTATE " + state + "); " + hint
                + "; no statement was counted as parsed", e);
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
