package dev.stagegate.console.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * What was typed: every input, and the ones that succeeded. {@code /save} writes the successful
 * ones as a script that replays the session, leaving out SQL typed by hand that writes (DML, DDL):
 * exploring with {@code DELETE FROM tenants;} must not become a CI step. {@code /save -all} keeps
 * them; {@code /save -history} writes everything. Inputs holding a secret are kept out of all,
 * as out of the history.
 */
final class Transcript {

    private final List<String> typed = new ArrayList<>();
    private final List<String> succeeded = new ArrayList<>();

    void typed(String input) {
        if (!SecretFilteringHistory.holdsSecret(input)) {
            typed.add(input);
        }
    }

    void succeeded(String input) {
        if (!SecretFilteringHistory.holdsSecret(input)) {
            succeeded.add(input);
        }
    }

    List<String> typed() {
        return List.copyOf(typed);
    }

    List<String> succeeded() {
        return List.copyOf(succeeded);
    }

    /** SQL typed directly that only reads: SELECT, SHOW, TABLE, VALUES, EXPLAIN without ANALYZE, WITH without a write. */
    static boolean readsOnly(String input) {
        String t = input.strip().toLowerCase(java.util.Locale.ROOT);
        String word = t.split("[\\s;(]+", 2)[0];
        return switch (word) {
            case "select", "show", "table", "values" -> true;
            case "explain" -> !t.matches("(?s)explain\\s*\\(?[^;]*\\banalyze\\b.*");
            case "with" -> !t.matches("(?s).*\\b(insert|update|delete|merge)\\b.*");
            default -> false;
        };
    }

    /** Hand-typed SQL that writes, which {@code /save} leaves out unless {@code -all}. */
    static List<String> writes(List<String> inputs) {
        return inputs.stream().filter(in -> Completeness.isSql(in) && !readsOnly(in)).toList();
    }

    /** The inputs {@code /save} keeps: gate steps, Groovy, and SQL that reads; with {@code all}, every successful input. */
    static List<String> forSave(List<String> inputs, boolean all) {
        return all ? inputs : inputs.stream().filter(in -> !Completeness.isSql(in) || readsOnly(in)).toList();
    }

    void clear() {
        typed.clear();
        succeeded.clear();
    }

    /** A runnable script: SQL inputs become {@code sql '''...'''} calls. */
    static String asScript(List<String> inputs) {
        StringBuilder out = new StringBuilder("// saved by stagegate console; replay with: stagegate run FILE\n");
        for (String in : inputs) {
            if (Completeness.isSql(in)) {
                String body = in.stripTrailing();
                body = body.endsWith(";") ? body.substring(0, body.length() - 1) : body;
                out.append("sql '''").append(body.replace("'''", "\\'\\'\\'")).append("'''\n");
            } else {
                out.append(in).append('\n');
            }
        }
        return out.toString();
    }
}
