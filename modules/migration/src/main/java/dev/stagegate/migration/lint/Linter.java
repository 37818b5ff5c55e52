package dev.stagegate.migration.lint;

import dev.stagegate.migration.MigrationCode;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds dangerous DDL before it runs. Rules match each statement's code (comments removed,
 * strings blanked, upper-cased), so a keyword in a string or comment never triggers one.
 * Tables created earlier in the same file are new and empty: locking rules skip them.
 *
 * <p>Suppression, per file and rule, with a reason that is kept in the report:
 * {@code -- stagegate:lint-ignore INDEX_NOT_CONCURRENT: tables are empty when this runs}.
 */
public final class Linter {

    private static final Pattern SUPPRESSION = Pattern.compile("--\\s*stagegate:lint-ignore\\s+([A-Z_]+)\\s*(?::\\s*(.*))?");
    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?([\\w.\"]+)");
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?([\\w.\"]+)");
    private static final Pattern INDEX_ON = Pattern.compile("^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY).*? ON (?:ONLY )?([\\w.\"]+)");
    private static final Pattern VOLATILE = Pattern.compile("ADD (?:COLUMN )?.*DEFAULT .*(RANDOM\\(|GEN_RANDOM_UUID\\(|CLOCK_TIMESTAMP\\(|TIMEOFDAY\\(|NEXTVAL\\(|UUID_GENERATE_V4\\()");
    private static final Pattern INT_KEY = Pattern.compile("\\b\\w+ (INT|INTEGER|INT4|SERIAL|SMALLINT|SMALLSERIAL)\\b(?:(?!,).)*PRIMARY KEY");
    private static final Pattern TIMESTAMP_NO_TZ = Pattern.compile("\\bTIMESTAMP\\b(?:\\s*\\(\\d\\))?(?!\\s*(?:\\(\\d\\)\\s*)?WITH TIME ZONE)");
    private static final Pattern CHAR_TYPE = Pattern.compile("\\b(?:CHAR|CHARACTER)\\s*\\(\\d+\\)|\\b\\w+ CHAR\\b(?! VARYING)");

    private Linter() {
    }

    public static List<Finding> lint(MigrationSet set) {
        List<Finding> out = new ArrayList<>();
        for (Migration m : set.migrations()) {
            try {
                out.addAll(lint(m.fileName(), Files.readString(m.file())));
            } catch (IOException e) {
                out.add(Finding.of(MigrationCode.LINT_UNREADABLE, Severity.ERROR, m.fileName(), "cannot read " + m.fileName() + ": " + e.getMessage()));
            }
        }
        return out;
    }

    public static List<Finding> lint(String file, String sql) {
        Map<String, String> suppressed = new HashMap<>();
        List<Finding> out = new ArrayList<>();
        for (String line : sql.split("\n")) {
            Matcher m = SUPPRESSION.matcher(line.trim());
            if (m.matches()) {
                String reason = m.group(2) == null ? "" : m.group(2).trim();
                if (reason.isEmpty()) {
                    out.add(Finding.of(MigrationCode.LINT_SUPPRESSION_WITHOUT_REASON, Severity.ERROR, file,
                            "lint-ignore " + m.group(1) + " has no reason; write `-- stagegate:lint-ignore " + m.group(1) + ": why`"));
                } else {
                    suppressed.put(m.group(1), reason);
                }
            }
        }
        List<SqlStatement> statements = SqlScript.split(sql);
        Set<String> newTables = new HashSet<>();
        boolean strongLock = false;
        boolean setsLockTimeout = false;
        for (SqlStatement st : statements) {
            String code = st.code();
            Matcher created = CREATE_TABLE.matcher(code);
            if (created.find()) {
                newTables.add(bare(created.group(1)));
                check(out, file, st, code, true);
                continue;
            }
            if (code.startsWith("SET LOCK_TIMEOUT") || code.startsWith("SET LOCAL LOCK_TIMEOUT")) {
                setsLockTimeout = true;
            }
            Matcher alter = ALTER_TABLE.matcher(code);
            boolean existing = alter.find() && !newTables.contains(bare(alter.group(1)));
            if (existing) {
                strongLock = true;
            }
            Matcher index = INDEX_ON.matcher(code);
            if (index.find() && !newTables.contains(bare(index.group(1)))) {
                add(out, file, st, LintRule.INDEX_NOT_CONCURRENT);
            }
            if (code.startsWith("DROP INDEX ") && !code.startsWith("DROP INDEX CONCURRENTLY")) {
                add(out, file, st, LintRule.DROP_INDEX_NOT_CONCURRENT);
            }
            if (code.contains("CONCURRENTLY") && statements.size() > 1) {
                add(out, file, st, LintRule.CONCURRENTLY_NOT_ALONE);
            }
            if (code.matches("^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|END)\\b.*") && !code.startsWith("BEGIN ATOMIC")) {
                add(out, file, st, LintRule.TRANSACTION_CONTROL);
            }
            if (code.startsWith("DROP TABLE")) {
                add(out, file, st, LintRule.DROP_TABLE);
            }
            if (code.matches("^DROP (SCHEMA|DATABASE)\\b.*")) {
                add(out, file, st, LintRule.DROP_SCHEMA_OR_DATABASE);
            }
            if (code.startsWith("TRUNCATE")) {
                add(out, file, st, LintRule.TRUNCATE);
            }
            if (alter.find(0) && code.matches(".*\\bRENAME TO\\b.*") && !code.contains(" RENAME COLUMN ")) {
                add(out, file, st, LintRule.RENAME_TABLE);
            }
            if (code.contains(" RENAME COLUMN ") || code.matches("^ALTER TABLE .* RENAME (?!TO\\b|CONSTRAINT\\b)\\w+ TO .*")) {
                add(out, file, st, LintRule.RENAME_COLUMN);
            }
            if (existing) {
                checkAlter(out, file, st, code);
            }
            check(out, file, st, code, false);
        }
        if (strongLock && !setsLockTimeout) {
            out.add(finding(file, statements.isEmpty() ? 1 : statements.get(0).startLine(), LintRule.MISSING_LOCK_TIMEOUT, ""));
        }
        return out.stream().map(f -> {
            String reason = suppressed.get(f.code());
            return reason == null ? f : f.suppressedBecause(reason);
        }).toList();
    }

    /** Rules for ALTER TABLE on a table that already holds data. */
    private static void checkAlter(List<Finding> out, String file, SqlStatement st, String code) {
        boolean notValid = code.contains("NOT VALID");
        if (code.matches(".* ADD (CONSTRAINT \\S+ )?FOREIGN KEY.*") || code.matches(".* ADD (COLUMN )?.*\\bREFERENCES\\b.*")) {
            if (!notValid) {
                add(out, file, st, LintRule.FOREIGN_KEY_ADD);
            }
        } else if (code.matches(".* ADD (CONSTRAINT \\S+ )?CHECK\\b.*") && !notValid) {
            add(out, file, st, LintRule.CONSTRAINT_WITHOUT_NOT_VALID);
        }
        if (code.matches(".* ADD (CONSTRAINT \\S+ )?UNIQUE\\b.*") && !code.contains("USING INDEX")) {
            add(out, file, st, LintRule.UNIQUE_CONSTRAINT_ADD);
        }
        if (code.matches(".* ALTER (COLUMN )?\\S+ (SET DATA )?TYPE .*")) {
            add(out, file, st, LintRule.COLUMN_TYPE_CHANGE);
        }
        if (code.matches(".* ALTER (COLUMN )?\\S+ SET NOT NULL.*")) {
            add(out, file, st, LintRule.NOT_NULL_ADD);
        }
        if (code.matches(".* ADD (COLUMN )?(IF NOT EXISTS )?\\S+ .*NOT NULL.*") && !code.contains(" DEFAULT ")
                && !code.matches(".*GENERATED .* AS .*")) {
            add(out, file, st, LintRule.REQUIRED_COLUMN_ADD);
        }
        if (VOLATILE.matcher(code).find()) {
            add(out, file, st, LintRule.VOLATILE_DEFAULT);
        }
        if (code.matches(".* DROP COLUMN .*")
                || code.matches(".*\\bDROP (?!CONSTRAINT\\b|DEFAULT\\b|NOT NULL\\b|IDENTITY\\b|EXPRESSION\\b|COLUMN\\b)(IF EXISTS )?\\w+.*")) {
            add(out, file, st, LintRule.DROP_COLUMN);
        }
    }

    /** Rules about column types, for CREATE TABLE and ADD COLUMN alike. */
    private static void check(List<Finding> out, String file, SqlStatement st, String code, boolean createTable) {
        if (!createTable && !code.matches("^ALTER TABLE .* ADD .*")) {
            return;
        }
        if (INT_KEY.matcher(code).find()) {
            add(out, file, st, LintRule.INT_PRIMARY_KEY);
        }
        if (code.matches(".*\\b(SMALL|BIG)?SERIAL\\b.*")) {
            add(out, file, st, LintRule.SERIAL_COLUMN);
        }
        if (TIMESTAMP_NO_TZ.matcher(code).find()) {
            add(out, file, st, LintRule.TIMESTAMP_WITHOUT_TIME_ZONE);
        }
        if (CHAR_TYPE.matcher(code).find()) {
            add(out, file, st, LintRule.CHAR_COLUMN);
        }
    }

    private static void add(List<Finding> out, String file, SqlStatement st, LintRule rule) {
        out.add(finding(file, st.startLine(), rule, st.text()));
    }

    private static Finding finding(String file, int line, LintRule rule, String statement) {
        String proof = statement.lines().findFirst().orElse("");
        return Finding.of(rule.name(), rule.severity(), file + ":" + line, rule.message(), proof);
    }

    private static String bare(String name) {
        String n = name.replace("\"", "").toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(dot + 1);
    }
}
