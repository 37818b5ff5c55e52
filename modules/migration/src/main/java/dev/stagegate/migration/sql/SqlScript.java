package dev.stagegate.migration.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL scripts into statements the way the server reads them: {@code --} and nested
 * {@code /* *\/} comments, {@code '...'} and {@code E'...'} strings, {@code "..."} identifiers and
 * {@code $tag$...$tag$} bodies are skipped when looking for the {@code ;} that ends a statement.
 * It is a lexer, not a parser: syntax is checked by the server itself (see the validator).
 */
public final class SqlScript {

    private SqlScript() {
    }

    public static List<SqlStatement> split(String script) {
        List<SqlStatement> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        StringBuilder code = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int rawStart = 0;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                text.append(script, i, end);
                code.append(' ');
                i = end;
                continue;
            }
            if (c == '/' && next == '*') {
                int depth = 0;
                int j = i;
                while (j < n) {
                    if (script.startsWith("/*", j)) {
                        depth++;
                        j += 2;
                    } else if (script.startsWith("*/", j)) {
                        depth--;
                        j += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        j++;
                    }
                }
                line += count(script, i, j);
                text.append(script, i, j);
                code.append(' ');
                i = j;
                continue;
            }
            if (startLine < 0 && !Character.isWhitespace(c) && c != ';') {
                startLine = line;
            }
            if (c == '\'' ) {
                boolean escapes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)));
                int j = endOfQuoted(script, i, '\'', escapes);
                line += count(script, i, j);
                text.append(script, i, j);
                code.append("''");
                i = j;
                continue;
            }
            if (c == '"') {
                int j = endOfQuoted(script, i, '"', false);
                line += count(script, i, j);
                text.append(script, i, j);
                // Identifiers keep their name (rules look at object names) but lose any ';'.
                code.append(script, i, j);
                i = j;
                continue;
            }
            if (c == '$') {
                String tag = dollarTag(script, i);
                if (tag != null) {
                    int close = script.indexOf(tag, i + tag.length());
                    int j = close < 0 ? n : close + tag.length();
                    line += count(script, i, j);
                    text.append(script, i, j);
                    code.append("$BODY$");
                    i = j;
                    continue;
                }
            }
            if (c == ';') {
                flush(out, text, code, startLine, rawStart, i);
                startLine = -1;
                i++;
                rawStart = i;
                continue;
            }
            if (c == '\n') {
                line++;
            }
            text.append(c);
            code.append(c);
            i++;
        }
        flush(out, text, code, startLine, rawStart, n);
        return out;
    }

    private static void flush(List<SqlStatement> out, StringBuilder text, StringBuilder code, int startLine,
                              int rawStart, int rawEnd) {
        String c = code.toString().replaceAll("\\s+", " ").trim();
        if (!c.isEmpty()) {
            out.add(new SqlStatement(text.toString().strip(), c.toUpperCase(Locale.ROOT), startLine, rawStart, rawEnd));
        }
        text.setLength(0);
        code.setLength(0);
    }

    private static int endOfQuoted(String s, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    /** {@code $$} or {@code $name$} starting at {@code i}, else null (e.g. a {@code $1} parameter). */
    private static String dollarTag(String s, int i) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '$') {
            String tag = s.substring(i, j + 1);
            if (tag.length() > 2 && Character.isDigit(tag.charAt(1))) {
                return null;
            }
            return tag;
        }
        return null;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** 1-based line of a character offset, for mapping a server error position to a line. */
    public static int lineOf(String script, int offset) {
        return 1 + count(script, 0, Math.min(offset, script.length()));
    }
}
