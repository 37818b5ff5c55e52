package dev.stagegate.console.repl;

import java.util.ArrayList;
import java.util.List;

/**
 * What was typed: every input, and the ones that succeeded. {@code /save} writes the successful
 * ones as a script that replays the session; {@code /save -history} writes everything. Inputs
 * holding a secret are kept out of both, as out of the history.
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
