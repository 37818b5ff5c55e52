package dev.stagegate.migration.lint;

import java.util.Locale;

/**
 * One accepted lint finding from a suppressions file: {@code CODE:target = reason}. The target is a
 * migration file ({@code 003_foreign_keys.sql}), a file and line ({@code 003_foreign_keys.sql:12}) or
 * a table the finding is about ({@code public.users} or {@code users}); a trailing {@code *} matches
 * any target with that prefix.
 *
 * @param source where it was written, e.g. {@code lint-suppressions.txt:4}, for the unused warning
 */
public record LintSuppression(String code, String target, String reason, String source) {

    /** True when the target names the file, the file and line, or one of the tables of a finding. */
    boolean matchesTarget(String file, int line, String table, String otherTable) {
        return targetIs(file) || targetIs(file + ":" + line) || (table != null && tableIs(table))
                || (otherTable != null && tableIs(otherTable));
    }

    private boolean tableIs(String table) {
        String t = Tables.normal(table);
        int dot = t.lastIndexOf('.');
        return targetIs(t) || (dot >= 0 && targetIs(t.substring(dot + 1))) || (dot < 0 && targetIs("public." + t));
    }

    private boolean targetIs(String candidate) {
        String t = target.toLowerCase(Locale.ROOT);
        String c = candidate.toLowerCase(Locale.ROOT);
        return t.endsWith("*") ? c.startsWith(t.substring(0, t.length() - 1)) : c.equals(t);
    }
}
