package dev.stagegate.migration.lint;

/**
 * One statement that trips one rule, before sizes, suppressions and grouping.
 *
 * @param statement  index of the top-level statement in its file (a DO block's inner statements share the DO's)
 * @param table      the table the rule is about, as written; null when the statement names none
 * @param otherTable a second table the lock also falls on (a foreign key's referenced table), or null
 * @param proof      the statement's first line
 */
record Hit(LintRule rule, int line, int statement, String table, String otherTable, String proof) {
}
