package dev.stagegate.migration.lint;

import dev.stagegate.migration.source.ChangelogWriter;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules themselves: regular expressions over each statement's code (comments removed, strings
 * blanked, upper-cased, whitespace collapsed). Tables created earlier in the same file are new and
 * empty, so the locking rules skip them. Statements inside {@code DO} blocks are checked too.
 */
final class StatementRules {

    private static final String NAME = "([\\w.\"]+)";
    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE (?:UNLOGGED |TEMP |TEMPORARY )?TABLE (?:IF NOT EXISTS )?" + NAME);
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?" + NAME);
    private static final Pattern INDEX_ON = Pattern.compile("^CREATE (?:UNIQUE )?INDEX (?!CONCURRENTLY).*? ON (?:ONLY )?" + NAME);
    /** An index's name and its table, for the table a later {@code DROP INDEX name} locks. */
    static final Pattern INDEX_NAMED = Pattern.compile("^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?" + NAME + " ON (?:ONLY )?" + NAME);
    private static final Pattern DROP_INDEX = Pattern.compile("^DROP INDEX (?!CONCURRENTLY)(?:IF EXISTS )?" + NAME);
    private static final Pattern REFERENCES = Pattern.compile("\\bREFERENCES " + NAME);
    private static final Pattern VOLATILE = Pattern.compile("ADD (?:COLUMN )?.*DEFAULT .*(RANDOM\\(|GEN_RANDOM_UUID\\(|CLOCK_TIMESTAMP\\(|TIMEOFDAY\\(|NEXTVAL\\(|UUID_GENERATE_V4\\()");
    private static final Pattern TRUNCATE = Pattern.compile("^TRUNCATE (?:TABLE )?(?:ONLY )?" + NAME);
    private static final Pattern CLUSTER = Pattern.compile("^CLUSTER(?: VERBOSE)?(?: " + NAME + ")?");
    private static final Pattern REINDEX = Pattern.compile("^REINDEX (?:\\(.*?\\) )?(TABLE|INDEX|SCHEMA|DATABASE|SYSTEM) " + NAME);
    private static final Pattern REFRESH = Pattern.compile("^REFRESH MATERIALIZED VIEW (?!CONCURRENTLY)" + NAME);
    private static final Pattern LOCK = Pattern.compile("^LOCK (?:TABLE )?(?:ONLY )?" + NAME);
    private static final Pattern DROP_POLICY = Pattern.compile("^DROP POLICY (?:IF EXISTS )?(\\S+) ON " + NAME);
    private static final Pattern CREATE_POLICY = Pattern.compile("^CREATE POLICY (\\S+) ON " + NAME);
    private static final Pattern ALLOWS_ALL = Pattern.compile("\\b(USING|WITH CHECK) \\(\\s*TRUE\\s*\\)");
    /** PL/pgSQL words that open a block or branch in front of a SQL statement. */
    private static final Pattern PLPGSQL_PREFIX = Pattern.compile("^(?:BEGIN |(?:IF|ELSIF|WHEN) .*? THEN |ELSE |LOOP |(?:FOR|WHILE) .*? LOOP )+");
    private static final Pattern DOLLAR = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");

    private final List<Hit> out = new ArrayList<>();
    private final Set<String> newTables = new HashSet<>();
    private final Set<String> createdPolicies = new HashSet<>();
    private final boolean alone;
    private final java.util.Map<String, String> indexTables;
    private int index;

    private StatementRules(boolean alone, java.util.Map<String, String> indexTables) {
        this.alone = alone;
        this.indexTables = new java.util.HashMap<>(indexTables);
    }

    static List<Hit> check(String script, List<SqlStatement> statements) {
        return check(script, statements, java.util.Map.of());
    }

    /**
     * @param indexTables index name (bare, as {@link Tables#bare} gives it) to its table, from the migrations before: the
     *                    table a {@code DROP INDEX} locks, so its size can weigh the finding (a rollback drops what its
     *                    migration created)
     */
    static List<Hit> check(String script, List<SqlStatement> statements, java.util.Map<String, String> indexTables) {
        StatementRules rules = new StatementRules(statements.size() <= 1, indexTables);
        for (SqlStatement st : statements) {
            Matcher p = CREATE_POLICY.matcher(st.code());
            if (p.find()) {
                rules.createdPolicies.add(p.group(1) + " ON " + Tables.normal(p.group(2)));
            }
        }
        for (int i = 0; i < statements.size(); i++) {
            rules.index = i;
            SqlStatement st = statements.get(i);
            rules.one(st, rules.alone);
            // A DO block runs in the migration's transaction like any statement: what it does is linted too.
            for (SqlStatement inner : doBody(script, st)) {
                rules.one(inner, false);
            }
        }
        return rules.out;
    }

    private void one(SqlStatement st, boolean single) {
        String code = st.code();
        Matcher created = CREATE_TABLE.matcher(code);
        if (created.find()) {
            newTables.add(Tables.bare(created.group(1)));
            ColumnRules.check(this, st, code, true);
            return;
        }
        Matcher alter = ALTER_TABLE.matcher(code);
        String table = alter.find() ? alter.group(1) : null;
        boolean existing = table != null && !newTables.contains(Tables.bare(table));
        Matcher index = INDEX_ON.matcher(code);
        if (index.find() && !newTables.contains(Tables.bare(index.group(1)))) {
            add(st, LintRule.INDEX_NOT_CONCURRENT, index.group(1), null);
        }
        Matcher named = INDEX_NAMED.matcher(code);
        if (named.find()) {
            indexTables.put(Tables.bare(named.group(1)), named.group(2));
        }
        Matcher drop = DROP_INDEX.matcher(code);
        if (drop.find()) {
            add(st, LintRule.DROP_INDEX_NOT_CONCURRENT, indexTables.get(Tables.bare(drop.group(1))), null);
        }
        if (code.contains("CONCURRENTLY") && !single) {
            add(st, LintRule.CONCURRENTLY_NOT_ALONE, null, null);
        } else if (ChangelogWriter.nonTransactional(code) && !single) {
            add(st, LintRule.NON_TRANSACTIONAL_NOT_ALONE, null, null);
        }
        if (code.matches("^(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|END)\\b.*") && !code.startsWith("BEGIN ATOMIC")) {
            add(st, LintRule.TRANSACTION_CONTROL, null, null);
        }
        if (code.startsWith("DROP TABLE")) {
            add(st, LintRule.DROP_TABLE, null, null);
        }
        if (code.matches("^DROP SCHEMA\\b.*")) {
            add(st, LintRule.DROP_SCHEMA, null, null);
        }
        if (code.matches("^DROP DATABASE\\b.*")) {
            add(st, LintRule.DROP_DATABASE, null, null);
        }
        Matcher truncate = TRUNCATE.matcher(code);
        if (truncate.find()) {
            add(st, code.matches(".*\\bCASCADE\\b.*") ? LintRule.TRUNCATE_CASCADE : LintRule.TRUNCATE, truncate.group(1), null);
        }
        if (table != null && code.matches(".*\\bRENAME TO\\b.*") && !code.contains(" RENAME COLUMN ")) {
            add(st, LintRule.RENAME_TABLE, table, null);
        }
        if (code.contains(" RENAME COLUMN ") || code.matches("^ALTER TABLE .* RENAME (?!TO\\b|CONSTRAINT\\b)\\w+ TO .*")) {
            add(st, LintRule.RENAME_COLUMN, table, null);
        }
        maintenance(st, code);
        tenancy(st, code, table, existing);
        if (existing) {
            alter(st, code, table);
        }
        if (table != null && code.matches("^ALTER TABLE .* ADD .*")) {
            ColumnRules.check(this, st, code, false);
        }
    }

    /** Statements that hold strong locks on purpose: CLUSTER, REINDEX, REFRESH, LOCK, enum values. */
    private void maintenance(SqlStatement st, String code) {
        Matcher cluster = CLUSTER.matcher(code);
        if (cluster.find()) {
            add(st, LintRule.CLUSTER, cluster.group(1), null);
        }
        if (code.matches("^REINDEX\\b.*") && !code.contains("CONCURRENTLY")) {
            Matcher r = REINDEX.matcher(code);
            add(st, LintRule.REINDEX_NOT_CONCURRENT, r.find() && r.group(1).equals("TABLE") ? r.group(2) : null, null);
        }
        Matcher refresh = REFRESH.matcher(code);
        if (refresh.find()) {
            add(st, LintRule.REFRESH_MATVIEW_NOT_CONCURRENT, refresh.group(1), null);
        }
        Matcher lock = LOCK.matcher(code);
        if (lock.find()) {
            add(st, LintRule.LOCK_TABLE, lock.group(1), null);
        }
        if (code.matches("^ALTER TYPE \\S+ ADD VALUE\\b.*")) {
            add(st, LintRule.ENUM_ADD_VALUE, null, null);
        }
    }

    /** Changes that weaken tenant isolation. */
    private void tenancy(SqlStatement st, String code, String table, boolean existing) {
        if (existing && code.contains(" DISABLE ROW LEVEL SECURITY")) {
            add(st, LintRule.RLS_DISABLE, table, null);
        }
        if (existing && code.contains(" NO FORCE ROW LEVEL SECURITY")) {
            add(st, LintRule.RLS_NO_FORCE, table, null);
        }
        Matcher drop = DROP_POLICY.matcher(code);
        if (drop.find() && !createdPolicies.contains(drop.group(1) + " ON " + Tables.normal(drop.group(2)))) {
            add(st, LintRule.POLICY_DROP, drop.group(2), null);
        }
        if (code.matches("^(CREATE|ALTER) POLICY .*") && (ALLOWS_ALL.matcher(code).find() || PolicyExpressions.anyAlwaysTrue(code))) {
            Matcher on = Pattern.compile(" ON " + NAME).matcher(code);
            add(st, LintRule.POLICY_ALLOWS_ALL, on.find() ? on.group(1) : null, null);
        }
    }

    /** Rules for ALTER TABLE on a table that already holds data. */
    private void alter(SqlStatement st, String code, String table) {
        boolean notValid = code.contains("NOT VALID");
        if (code.matches(".* ADD (CONSTRAINT \\S+ )?FOREIGN KEY.*") || code.matches(".* ADD (COLUMN )?.*\\bREFERENCES\\b.*")) {
            if (!notValid) {
                Matcher ref = REFERENCES.matcher(code);
                add(st, LintRule.FOREIGN_KEY_ADD, table, ref.find() ? ref.group(1) : null);
            }
        } else if (code.matches(".* ADD (CONSTRAINT \\S+ )?CHECK\\b.*") && !notValid) {
            add(st, LintRule.CONSTRAINT_WITHOUT_NOT_VALID, table, null);
        }
        if (code.matches(".* ADD (CONSTRAINT \\S+ )?UNIQUE\\b.*") && !code.contains("USING INDEX")) {
            add(st, LintRule.UNIQUE_CONSTRAINT_ADD, table, null);
        }
        if (code.matches(".* ADD .*\\bPRIMARY KEY\\b.*") && !code.contains("USING INDEX")) {
            add(st, LintRule.PRIMARY_KEY_ADD, table, null);
        }
        if (code.matches(".* ALTER (COLUMN )?\\S+ (SET DATA )?TYPE .*")) {
            add(st, LintRule.COLUMN_TYPE_CHANGE, table, null);
        }
        if (code.matches(".* ALTER (COLUMN )?\\S+ SET NOT NULL.*")) {
            add(st, LintRule.NOT_NULL_ADD, table, null);
        }
        if (code.matches(".* ADD (COLUMN )?(IF NOT EXISTS )?\\S+ .*NOT NULL.*") && !code.contains(" DEFAULT ")
                && !code.matches(".*GENERATED .* AS .*") && !code.matches(".* ADD (CONSTRAINT \\S+ )?(PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY)\\b.*")) {
            add(st, LintRule.REQUIRED_COLUMN_ADD, table, null);
        }
        if (VOLATILE.matcher(code).find()) {
            add(st, LintRule.VOLATILE_DEFAULT, table, null);
        }
        if (code.matches(".* DROP COLUMN .*")
                || code.matches(".*\\bDROP (?!CONSTRAINT\\b|DEFAULT\\b|NOT NULL\\b|IDENTITY\\b|EXPRESSION\\b|COLUMN\\b)(IF EXISTS )?\\w+.*")) {
            add(st, LintRule.DROP_COLUMN, table, null);
        }
    }

    void add(SqlStatement st, LintRule rule, String table, String otherTable) {
        // The statement's text starts with the comments before it; the proof is its first line of SQL.
        String proof = st.text().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("--")).findFirst().orElse("");
        out.add(new Hit(rule, st.startLine(), index, table, otherTable, proof));
    }

    /**
     * The statements inside a {@code DO $tag$ ... $tag$} block, with their lines in the file. The lexer
     * masks dollar bodies in a statement's code, so the body is cut from the script and split again.
     */
    static List<SqlStatement> doBody(String script, SqlStatement st) {
        if (!st.code().matches("^DO\\b.*") || st.rawEnd() <= st.rawStart()) {
            return List.of();
        }
        int from = Math.max(st.rawStart(), offsetOfLine(script, st.startLine()));
        String raw = script.substring(from, st.rawEnd());
        Matcher tag = DOLLAR.matcher(raw);
        if (!tag.find()) {
            return List.of();
        }
        int close = raw.indexOf(tag.group(), tag.end());
        if (close < 0) {
            return List.of();
        }
        String body = raw.substring(tag.end(), close);
        int bodyLine = SqlScript.lineOf(script, from + tag.end());
        List<SqlStatement> inner = new ArrayList<>();
        for (SqlStatement s : SqlScript.split(body)) {
            String code = PLPGSQL_PREFIX.matcher(s.code()).replaceFirst("");
            if (code.isEmpty() || code.matches("^(END|EXECUTE|RAISE|PERFORM|RETURN|NULL|DECLARE|EXCEPTION)\\b.*")) {
                continue;
            }
            // The statement starts where its first SQL word is, after any BEGIN/IF ... THEN in front.
            String word = code.split(" ", 2)[0];
            Matcher at = Pattern.compile("(?i)\\b" + Pattern.quote(word) + "\\b").matcher(body).region(s.rawStart(), s.rawEnd());
            boolean found = at.find();
            int line = found ? SqlScript.lineOf(body, at.start()) : s.startLine();
            String text = found ? body.substring(at.start(), s.rawEnd()).strip() : s.text();
            // -1 offsets: the inner statement is not in the script as raw text of its own.
            inner.add(new SqlStatement(text, code, bodyLine + line - 1, -1, -1));
        }
        return inner;
    }

    private static int offsetOfLine(String script, int line) {
        int offset = 0;
        for (int l = 1; l < line && offset >= 0; l++) {
            offset = script.indexOf('\n', offset) + 1;
            if (offset == 0) {
                return script.length();
            }
        }
        return offset;
    }
}
