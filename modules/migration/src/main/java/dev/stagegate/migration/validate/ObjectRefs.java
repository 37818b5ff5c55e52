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
public record ObjectRefs(Set<String> creates, Set<String> drops, Set<String> uses) {

    private static final String NAME = "((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)";
    private static final List<Pattern> CREATES = List.of(
            Pattern.compile("^CREATE (?:OR REPLACE )?(?:UNLOGGED |TEMP |TEMPORARY )?(?:TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|DOMAIN|SCHEMA|EXTENSION)(?: IF NOT EXISTS)? " + NAME),
            Pattern.compile("^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE) " + NAME),
            Pattern.compile("^CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?" + NAME + " ON"));
    private static final Pattern DROPS = Pattern.compile("^DROP (?:TABLE|VIEW|MATERIALIZED VIEW|SEQUENCE|TYPE|DOMAIN|FUNCTION|PROCEDURE|INDEX)(?: CONCURRENTLY)?(?: IF EXISTS)? " + NAME);
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
                drops.add(norm(d.group(1)));
                if (!code.matches("^DROP \\w+(?: \\w+)?(?: CONCURRENTLY)? IF EXISTS .*")) {
                    // a DROP without IF EXISTS needs the object as much as an ALTER does: it fails without it
                    uses.add(norm(d.group(1)));
                }
            }
            for (Pattern p : USES) {
                Matcher m = p.matcher(code);
                while (m.find()) {
                    uses.add(norm(m.group(1)));
                }
            }
        }
        uses.removeAll(creates);
        return new ObjectRefs(creates, drops, uses);
    }

    /** Lower-cased, unquoted, without schema; a column reference {@code t.col} becomes {@code t}. */
    static String norm(String name) {
        String n = name.replace("\"", "").toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        return dot < 0 ? n : n.substring(dot + 1);
    }
}
