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
        Optional<ServerErrorMessage> any = sqlCause(e).filter(PSQLException.class::isInstance)
                .map(s -> ((PSQLException) s).getServerErrorMessage()).filter(java.util.Objects::nonNull);
        if (any.isEmpty()) {
            return Optional.empty();
        }
        if (any.get().getPosition() <= 0) {
            return named(String.valueOf(any.get().getMessage()), script);
        }
        Optional<ServerErrorMessage> server = any;
        int pos = server.get().getPosition() - 1;
        // the driver sends a script's statements one by one, so the position is within the failing statement: the
        // statement is the one whose text at that position is what the message names ("at or near", or a relation,
        // column, function... "nope" of `relation "nope" does not exist`)
        String message = String.valueOf(server.get().getMessage());
        java.util.regex.Matcher near = java.util.regex.Pattern.compile("at or near \"(.+?)\"").matcher(message);
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"(.+?)\"").matcher(message);
        String token = near.find() ? near.group(1) : quoted.find() ? quoted.group(1) : null;
        List<SqlStatement> statements = SqlScript.split(script);
        // the line only when one statement fits: with no token to match, or the token at that offset in two statements,
        // a line would be a guess, and a wrong line sends the user to the wrong statement
        java.util.Set<Integer> matched = new java.util.LinkedHashSet<>();
        java.util.Map<SqlStatement, Integer> fits = new java.util.LinkedHashMap<>();
        for (SqlStatement st : statements) {
            String raw = script.substring(st.rawStart(), st.rawEnd());
            for (String form : List.of(raw.stripLeading(), raw)) {
                int offset = st.rawStart() + (raw.length() - form.length()) + pos;
                if (pos < form.length() && !form.isBlank()) {
                    if (token != null && (form.regionMatches(true, pos, token, 0, token.length())
                            || form.regionMatches(true, pos, "\"" + token + "\"", 0, token.length() + 2))) {
                        matched.add(SqlScript.lineOf(script, offset));
                    }
                    fits.putIfAbsent(st, SqlScript.lineOf(script, offset));
                }
            }
        }
        if (matched.size() == 1) {
            return Optional.of(matched.iterator().next());
        }
        return matched.isEmpty() && fits.size() == 1 ? Optional.of(fits.values().iterator().next()) : Optional.empty();
    }

    /**
     * Without a position (`DROP TABLE ledgers` that fails says only `table "ledgers" does not exist`): the line where
     * the name the message quotes appears, when it appears in one statement only; otherwise no line rather than a guess.
     */
    private static Optional<Integer> named(String message, String script) {
        if (!message.contains("does not exist")) {
            // "could not create unique index "t_pkey"" names what the statement made, not what it wrote: no line
            return Optional.empty();
        }
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"(.+?)\"").matcher(message);
        if (!quoted.find()) {
            return Optional.empty();
        }
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("(?<![\\w$])\"?" + java.util.regex.Pattern.quote(quoted.group(1))
                + "\"?(?![\\w$])", java.util.regex.Pattern.CASE_INSENSITIVE);
        Integer found = null;
        for (SqlStatement st : SqlScript.split(script)) {
            java.util.regex.Matcher m = word.matcher(script).region(st.rawStart(), st.rawEnd());
            while (m.find()) {
                int lineStart = script.lastIndexOf('\n', m.start()) + 1;
                if (script.substring(lineStart, m.start()).contains("--")) {
                    continue;
                }
                if (found != null) {
                    return Optional.empty();
                }
                found = SqlScript.lineOf(script, m.start());
                break;
            }
        }
        return Optional.ofNullable(found);
    }
}
