package dev.stagegate.benchmark.suite;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code :name} parameters turned into JDBC's {@code ?}, outside string literals, quoted identifiers,
 * dollar-quoted bodies and comments, and not in a {@code ::type} cast; also counts the statements
 * (top-level semicolons), so a suite query is one statement.
 */
final class Placeholders {

    /** @param numbered the same SQL with {@code $1, $2...} in place of each {@code ?}: what PREPARE takes */
    record Bound(String sql, String numbered, List<String> names, int statements) {
    }

    private Placeholders() {
    }

    static Bound bind(String sql) {
        StringBuilder out = new StringBuilder();
        List<Integer> marks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int statements = 1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if ((c == 'E' || c == 'e') && i + 1 < n && sql.charAt(i + 1) == '\'' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1))
                    && sql.charAt(i - 1) != '_')) {
                // E'...': backslash escapes, so \' does not close it
                int end = escapedClosing(sql, i + 1);
                out.append(sql, i, end);
                i = end;
            } else if (c == '\'' || c == '"') {
                int end = closing(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int end = sql.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.append(sql, i, end);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && (Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                marks.add(out.length());
                out.append('?');
                i = end;
            } else {
                if (c == ';' && !onlyComments(sql.substring(i + 1))) {
                    statements++;
                }
                out.append(c);
                i++;
            }
        }
        StringBuilder numbered = new StringBuilder(out);
        for (int k = marks.size() - 1; k >= 0; k--) {
            numbered.replace(marks.get(k), marks.get(k) + 1, "$" + (k + 1));
        }
        return new Bound(out.toString(), numbered.toString(), List.copyOf(names), statements);
    }

    /** True when what follows holds nothing but blanks and comments: {@code SELECT 1; -- why} is one statement. */
    static boolean onlyComments(String rest) {
        String r = rest.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\n]*", " ");
        return r.isBlank();
    }

    private static int escapedClosing(String sql, int quote) {
        int i = quote + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static String dollarTag(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(sql.charAt(start + 1)))) {
            return sql.substring(start, i + 1);
        }
        return null;
    }
}
