package dev.stagegate.migration.validate;

import dev.stagegate.migration.sql.SqlStatement;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which database objects a migration creates, drops and uses, read from its statements. It is a
 * lexical reading good enough to order migrations (a table must exist before its FK, policy or
 * index), not a full name resolver: names are compared without schema and case.
 */
/**
 * @param needs what a {@code DROP} without {@code IF EXISTS} requires to exist (it fails without it): counted for the
 *              order of rollbacks, not of forward migrations, where dropping a legacy object that a later migration makes
 *              again is common and runs
 */
public record ObjectRefs(Set<String> creates, Set<String> drops, Set<String> uses, Set<String> needs) {

    private static final String NAME = "((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)";
    private static final List<Pattern> CREATES = List.of(
            Pattern.compile("^CREATE (?:OR REPLACE )?(?:UNLOGGED |TEMP |TEMPORARY )?(?:TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|DOMAIN|SCHEMA|EXTENSION)(?: IF NOT EXISTS)? " + NAME),
            Pattern.compile("^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE) " + NAME),
            Pattern.compile("^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?" + NAME + " ON"));
    private static final Pattern DROPS = Pattern.compile("^DROP (?:TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|DOMAIN|FUNCTION|PROCEDURE|INDEX)(?: CONCURRENTLY)?( IF EXISTS)? (.*)$", Pattern.DOTALL);
    private static final Pattern DROPPED = Pattern.compile("^\\s*" + NAME);
    // ALTER TABLE old RENAME TO new makes "new" as much as a CREATE does, for what uses it later
    private static final Pattern RENAMES = Pattern.compile("^ALTER (?:TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|INDEX)(?: IF EXISTS)? (?:ONLY )?\\S+ RENAME TO " + NAME);
    private static final List<Pattern> USES = List.of(
            Pattern.compile("\\bREFERENCES " + NAME),
            Pattern.compile("^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?" + NAME),
            Pattern.compile("^CREATE (?:UNIQUE )?INDEX .*? ON (?:ONLY )?" + NAME),
            Pattern.compile("^CREATE POLICY \\S+ ON " + NAME),
            Pattern.compile("^CREATE (?:OR REPLACE )?(?:CONSTRAINT )?TRIGGER .*? ON " + NAME),
            Pattern.compile("\\bEXECUTE (?:FUNCTION|PROCEDURE) " + NAME),
            Pattern.compile("^(?:INSERT INTO|UPDATE|DELETE FROM|TRUNCATE(?: TABLE)?) (?:ONLY )?" + NAME),
            Pattern.compile("\\b(?:FROM|JOIN) " + NAME),
            Pattern.compile("^COMMENT ON (?:TABLE|COLUMN|VIEW) " + NAME),
            Pattern.compile("^GRANT .* ON (?:TABLE )?" + NAME));

    public static ObjectRefs of(List<SqlStatement> statements) {
        Set<String> creates = new LinkedHashSet<>();
        Set<String> drops = new LinkedHashSet<>();
        Set<String> uses = new LinkedHashSet<>();
        Set<String> needs = new LinkedHashSet<>();
        for (SqlStatement st : statements) {
            String code = st.code();
            for (Pattern p : CREATES) {
                Matcher m = p.matcher(code);
                if (m.find()) {
                    creates.add(norm(m.group(1)));
                }
            }
            Matcher d = DROPS.matcher(code);
            if (d.find()) {
                // every name of DROP TABLE a, b (a function's argument list is not a name)
                for (String part : d.group(2).replaceAll("\\([^)]*\\)", "").split(",")) {
                    Matcher n = DROPPED.matcher(part);
                    if (n.find() && !n.group(1).equals("CASCADE") && !n.group(1).equals("RESTRICT")) {
                        drops.add(norm(n.group(1)));
                        if (d.group(1) == null) {
                            needs.add(norm(n.group(1)));
                        }
                    }
                }
            }
            Matcher r = RENAMES.matcher(code);
            if (r.find()) {
                creates.add(norm(r.group(1)));
            }
            for (Pattern p : USES) {
                Matcher m = p.matcher(code);
                while (m.find()) {
                    uses.add(norm(m.group(1)));
                }
            }
        }
        uses.removeAll(creates);
        needs.removeAll(creates);
        return new ObjectRefs(creates, drops, uses, needs);
    }

    /** Lower-cased, unquoted, without schema; a column reference {@code t.col} becomes {@code t}. */
    static String norm(String name) {
        String n = name.replace("\"", "").toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        return dot < 0 ? n : n.substring(dot + 1);
    }
}
