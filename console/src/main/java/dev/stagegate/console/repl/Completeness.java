package dev.stagegate.console.repl;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether console input is finished. JLine knows brackets and quotes, not Groovy, and
 * Groovy's parser does not say "end of input" consistently; so input that does not compile is
 * incomplete when it ends inside brackets, a string (triple-quoted SQL included) or a comment, or
 * after an operator or comma. SQL typed directly is complete at its semicolon.
 */
final class Completeness {

    static final Set<String> SQL_WORDS = Set.of("select", "with", "insert", "update", "delete", "create", "alter", "drop",
            "explain", "show", "set", "reset", "begin", "commit", "rollback", "truncate", "grant", "revoke", "analyze", "vacuum",
            "comment", "values", "table", "copy", "call", "lock", "reindex", "refresh", "cluster", "savepoint", "release",
            "prepare", "execute", "deallocate", "discard", "listen", "notify", "unlisten", "abort", "fetch", "declare", "checkpoint",
            "merge", "security", "do", "start", "end");

    /** Words that are also Groovy or gate words: SQL only in their SQL shapes. */
    private static final java.util.regex.Pattern GROOVY_SHAPE = java.util.regex.Pattern.compile(
            "(?is)^(table|values)\\s*['\"(].*"              // expect { table 'x' }
            + "|^\\w+\\s+\\w+\\s*:(?!:).*"                     // rollback to: '003' (a named argument)
            + "|^do\\s*\\{.*"                                // a Groovy do { } while loop
            + "|^start\\s+(?!transaction\\b).*"              // START is SQL only as START TRANSACTION
            + "|^end\\s*[^;\\s].*");

    private Completeness() {
    }

    static boolean isSql(String input) {
        String t = input.stripLeading();
        int end = 0;
        while (end < t.length() && Character.isLetter(t.charAt(end))) {
            end++;
        }
        String word = t.substring(0, end).toLowerCase(Locale.ROOT);
        // "update(...)" stays Groovy: a SQL word is followed by a space, a semicolon or nothing
        boolean shaped = end == t.length() || Character.isWhitespace(t.charAt(end)) || t.charAt(end) == ';';
        return SQL_WORDS.contains(word) && shaped && !GROOVY_SHAPE.matcher(t).matches();
    }

    static boolean sqlComplete(String input) {
        return input.stripTrailing().endsWith(";");
    }

    /** True when {@code compiles} is false and the text stops in the middle of something. */
    static boolean groovyIncomplete(String input, boolean compiles) {
        if (compiles) {
            return false;
        }
        int depth = 0;
        int i = 0;
        int n = input.length();
        while (i < n) {
            char c = input.charAt(i);
            if (input.startsWith("\"\"\"", i) || input.startsWith("'''", i)) {
                String q = input.substring(i, i + 3);
                int close = input.indexOf(q, i + 3);
                if (close < 0) {
                    return true;
                }
                i = close + 3;
                continue;
            }
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && input.charAt(j) != c && input.charAt(j) != '\n') {
                    j += input.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    return true;
                }
                i = j + 1;
                continue;
            }
            if (input.startsWith("//", i)) {
                int nl = input.indexOf('\n', i);
                i = nl < 0 ? n : nl;
                continue;
            }
            if (input.startsWith("/*", i)) {
                int close = input.indexOf("*/", i + 2);
                if (close < 0) {
                    return true;
                }
                i = close + 2;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            i++;
        }
        if (depth > 0) {
            return true;
        }
        String trimmed = input.stripTrailing();
        return !trimmed.isEmpty() && ",:+-*/=&|.\\".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0;
    }
}
