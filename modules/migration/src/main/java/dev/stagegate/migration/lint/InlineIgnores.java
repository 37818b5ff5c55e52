package dev.stagegate.migration.lint;

import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The suppression comments in a migration file:
 * <ul>
 *   <li>{@code -- stagegate:lint-ignore CODE[,CODE]: reason} on its own line applies to the statement
 *       it stands in or right before;</li>
 *   <li>{@code -- stagegate:lint-ignore-file CODE: reason} applies to the whole file, wherever it is;</li>
 *   <li>the old form {@code lint-ignore} in the file's header, before its first statement, keeps its
 *       old file-wide meaning, because applied migrations cannot be edited to the new form.</li>
 * </ul>
 */
final class InlineIgnores {

    private static final Pattern COMMENT = Pattern.compile("--\\s*stagegate:lint-ignore(-file)?\\s+([A-Za-z_]+(?:\\s*,\\s*[A-Za-z_]+)*)\\s*(?::\\s*(.*))?");

    /**
     * @param statement the statement index it applies to, or -1 for the whole file
     */
    record Ignore(Set<String> codes, String reason, int line, int statement) {

        boolean fileWide() {
            return statement == -1;
        }
    }

    private InlineIgnores() {
    }

    static List<Ignore> parse(String sql, List<SqlStatement> statements) {
        List<Ignore> out = new ArrayList<>();
        String[] lines = sql.split("\n", -1);
        int first = statements.isEmpty() ? Integer.MAX_VALUE : statements.get(0).startLine();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = COMMENT.matcher(lines[i].strip());
            if (!m.matches()) {
                continue;
            }
            int line = i + 1;
            boolean fileWide = m.group(1) != null || line < first;
            Set<String> codes = new LinkedHashSet<>(Arrays.asList(m.group(2).toUpperCase(java.util.Locale.ROOT).split("\\s*,\\s*")));
            String reason = m.group(3) == null ? "" : m.group(3).strip();
            out.add(new Ignore(codes, reason, line, fileWide ? -1 : statementAt(sql, statements, line)));
        }
        return out;
    }

    /** The statement the line is in, or the next one after it; -2 when no statement follows (it applies to nothing). */
    private static int statementAt(String sql, List<SqlStatement> statements, int line) {
        for (int i = 0; i < statements.size(); i++) {
            if (SqlScript.lineOf(sql, statements.get(i).rawEnd()) >= line) {
                return i;
            }
        }
        return -2;
    }
}
