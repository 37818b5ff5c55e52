package dev.stagegate.migration.lint;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.MigrationCode;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationText;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds dangerous DDL before it runs. Rules match each statement's code (comments removed,
 * strings blanked, upper-cased), so a keyword in a string or comment never triggers one.
 * Identical findings in one file are reported once, with a count and the statements in the proof;
 * with table sizes, locking findings on small tables are INFO and on big ones an ERROR.
 *
 * <p>Findings are accepted, each with a reason kept in the report, by a comment in the file
 * ({@link InlineIgnores}) or by a suppressions file in {@link LintOptions} (so an applied migration
 * never has to be edited). A suppression without a reason, naming no rule, or matching nothing is
 * itself reported, never silently dropped.
 */
public final class Linter {

    /** Codes that were rules once: suppressing them is harmless, and says so. */
    private static final Map<String, String> RETIRED = Map.of(
            "MISSING_LOCK_TIMEOUT", "retired: stagegate sets lock_timeout for every migration itself",
            "DROP_SCHEMA_OR_DATABASE", "retired: split into DROP_SCHEMA and DROP_DATABASE, which it still suppresses");
    /** Retired codes a suppression still applies through, so old applied files keep working. */
    private static final Map<String, Set<String>> ALIASES = Map.of("DROP_SCHEMA_OR_DATABASE", Set.of("DROP_SCHEMA", "DROP_DATABASE"));

    private Linter() {
    }

    public static List<Finding> lint(MigrationSet set) {
        return lint(set, LintOptions.defaults());
    }

    public static List<Finding> lint(MigrationSet set, LintOptions options) {
        List<Finding> out = new ArrayList<>(optionProblems(options));
        Set<LintSuppression> used = new HashSet<>();
        // index name to table across the forward files, for the table a later DROP INDEX (a rollback's) locks
        Map<String, String> indexTables = new java.util.HashMap<>();
        for (Migration m : set.migrations()) {
            String sql;
            try {
                sql = MigrationText.forward(m);
                for (SqlStatement st : SqlScript.split(sql)) {
                    java.util.regex.Matcher ix = StatementRules.INDEX_NAMED.matcher(st.code());
                    if (ix.find()) {
                        indexTables.put(Tables.bare(ix.group(1)), ix.group(2));
                    }
                }
            } catch (IOException e) {
                out.add(Finding.of(MigrationCode.LINT_UNREADABLE, Severity.ERROR, m.fileName(), "cannot read " + m.file() + ": " + e
                        + "; it was not linted"));
                continue;
            }
            out.addAll(lintFile(m.fileName(), sql, options, used, false, Map.of()));
            if (m.rollbackFile() != null) {
                try {
                    // a rollback runs on production under traffic as the migration did: its locks are linted; that it
                    // drops what the migration added is what it is for, so the other rules are not
                    out.addAll(lintFile(m.rollbackName(), MigrationText.rollback(m), options, used, true, indexTables));
                } catch (IOException e) {
                    out.add(Finding.of(MigrationCode.LINT_UNREADABLE, Severity.ERROR, m.rollbackName(), "cannot read " + m.rollbackFile() + ": "
                            + e + "; it was not linted"));
                }
            }
        }
        out.addAll(unused(options, used));
        return out;
    }

    /** One file on its own; the options' suppressions that match nothing in it are reported unused. */
    public static List<Finding> lint(String file, String sql, LintOptions options) {
        Set<LintSuppression> used = new HashSet<>();
        List<Finding> out = new ArrayList<>(optionProblems(options));
        out.addAll(lintFile(file, sql, options, used, false, Map.of()));
        out.addAll(unused(options, used));
        return out;
    }

    /**
     * Per line, the rules its statement hits, before grouping and suppressions: what lint predicts,
     * for the rehearsal to set beside what it observed on the copy.
     */
    public static Map<Integer, List<String>> predictedByLine(String sql) {
        Map<Integer, List<String>> out = new java.util.TreeMap<>();
        for (Hit hit : StatementRules.check(sql, SqlScript.split(sql))) {
            out.computeIfAbsent(hit.line(), k -> new ArrayList<>()).add(hit.rule().name());
        }
        return out;
    }

    public static List<Finding> lint(String file, String sql) {
        return lint(file, sql, LintOptions.defaults());
    }

    /** @param locksOnly only the rules whose danger is a lock (a rollback file's) */
    private static List<Finding> lintFile(String file, String sql, LintOptions options, Set<LintSuppression> used, boolean locksOnly,
                                          Map<String, String> indexTables) {
        List<Finding> out = new ArrayList<>();
        List<SqlStatement> statements = SqlScript.split(sql);
        List<InlineIgnores.Ignore> ignores = InlineIgnores.parse(sql, statements);
        Set<InlineIgnores.Ignore> usedIgnores = new HashSet<>();
        List<FindingGroups.Judged> judged = new ArrayList<>();
        for (Hit hit : StatementRules.check(sql, statements, indexTables)) {
            if (options.exclude().contains(hit.rule().name()) || (locksOnly && !hit.rule().locking())) {
                continue;
            }
            String reason = null;
            for (InlineIgnores.Ignore ig : ignores) {
                if (!ig.reason().isEmpty() && covers(ig.codes(), hit.rule()) && (ig.fileWide() || ig.statement() == hit.statement())) {
                    usedIgnores.add(ig);
                    reason = reason == null ? ig.reason() : reason;
                }
            }
            for (LintSuppression s : options.suppressions()) {
                if (!s.reason().isEmpty() && covers(Set.of(s.code()), hit.rule()) && s.matchesTarget(file, hit.line(), hit.table(), hit.otherTable())) {
                    used.add(s);
                    reason = reason == null ? s.reason() : reason;
                }
            }
            judged.add(FindingGroups.judge(hit, options, reason));
        }
        out.addAll(FindingGroups.group(file, judged));
        for (InlineIgnores.Ignore ig : ignores) {
            String where = file + ":" + ig.line();
            String codes = String.join(",", ig.codes());
            if (ig.reason().isEmpty()) {
                out.add(Finding.of(MigrationCode.LINT_SUPPRESSION_WITHOUT_REASON, Severity.ERROR, where, "lint-ignore " + codes
                        + " has no reason, so it does not apply; write `-- stagegate:lint-ignore " + codes + ": why`"));
                continue;
            }
            out.addAll(codeProblems(ig.codes(), where));
            boolean known = ig.codes().stream().anyMatch(c -> isRule(c) || ALIASES.containsKey(c));
            if (known && !usedIgnores.contains(ig)) {
                out.add(Finding.of(MigrationCode.LINT_SUPPRESSION_UNUSED, Severity.WARNING, where, "lint-ignore " + codes
                        + (ig.fileWide() ? " matches no finding in " + file : " matches no finding in the statement it stands before")
                        + "; remove it, or fix the code"));
            }
        }
        return out;
    }

    private static boolean covers(Set<String> codes, LintRule rule) {
        return codes.contains(rule.name()) || codes.stream().anyMatch(c -> ALIASES.getOrDefault(c, Set.of()).contains(rule.name()));
    }

    private static boolean isRule(String code) {
        return Arrays.stream(LintRule.values()).anyMatch(r -> r.name().equals(code));
    }

    /** Unknown and retired codes, wherever they are written. */
    private static List<Finding> codeProblems(Set<String> codes, String where) {
        List<Finding> out = new ArrayList<>();
        for (String c : codes) {
            if (RETIRED.containsKey(c)) {
                if (!ALIASES.containsKey(c)) {
                    out.add(Finding.of(MigrationCode.LINT_SUPPRESSION_UNUSED, Severity.WARNING, where, c + " is "
                            + RETIRED.get(c) + "; the suppression can go"));
                }
            } else if (!isRule(c)) {
                out.add(Finding.of(MigrationCode.LINT_SUPPRESSION_UNKNOWN_CODE, Severity.WARNING, where, c
                        + " is not a lint rule, so this suppresses nothing; the rules are listed in docs/migrations.md"));
            }
        }
        return out;
    }

    private static List<Finding> optionProblems(LintOptions options) {
        List<Finding> out = new ArrayList<>(codeProblems(options.exclude(), "exclude"));
        for (LintSuppression s : options.suppressions()) {
            if (s.reason().isEmpty()) {
                out.add(Finding.of(MigrationCode.LINT_SUPPRESSION_WITHOUT_REASON, Severity.ERROR, s.source(), "suppression "
                        + s.code() + ":" + s.target() + " has no reason, so it does not apply; write `" + s.code() + ":"
                        + s.target() + " = why`"));
            } else {
                out.addAll(codeProblems(Set.of(s.code()), s.source()));
            }
        }
        return out;
    }

    private static List<Finding> unused(LintOptions options, Set<LintSuppression> used) {
        return options.suppressions().stream()
                .filter(s -> !s.reason().isEmpty() && (isRule(s.code()) || ALIASES.containsKey(s.code())) && !used.contains(s))
                .map(s -> Finding.of(MigrationCode.LINT_SUPPRESSION_UNUSED, Severity.WARNING, s.source(), "suppression "
                        + s.code() + ":" + s.target() + " matched no finding; remove it, or fix the code or target"))
                .collect(Collectors.toList());
    }
}
