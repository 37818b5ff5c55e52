package dev.stagegate.migration.validate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.MigrationCode;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rollback path read before anything runs: rolling back from the latest version to the first runs
 * the rollbacks newest first, so an older rollback meets the schema the newer ones left. A forward
 * migration that drops an object implicitly (a {@code DROP COLUMN} takes the indexes on that column with
 * it, a {@code DROP TABLE} its indexes) or renames one, whose own rollback does not bring it back, breaks
 * every older rollback that names the object without {@code IF EXISTS}. Found on a real diesel set only
 * by running it; here it is a finding naming the three statements involved.
 * <p>
 * A lexical reading, like {@link ObjectRefs}: names without schema and case; an index's columns are the
 * plain names in its column list (an expression index counts the columns it names).
 */
final class RollbackPath {

    private static final String NAME = "((?:\"[^\"]*\"|[\\w$]+)(?:\\.(?:\"[^\"]*\"|[\\w$]+))?)";
    private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?"
            + NAME + "\\s+ON\\s+(?:ONLY\\s+)?" + NAME + "(?:\\s+USING\\s+\\w+)?\\s*\\((.*)$", Pattern.DOTALL);
    private static final Pattern ALTER_TABLE = Pattern.compile("^ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?" + NAME + "\\s+(.*)$", Pattern.DOTALL);
    private static final Pattern DROP_COLUMN = Pattern.compile("\\bDROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + NAME);
    private static final Pattern DROP_TABLE = Pattern.compile("^DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.*)$", Pattern.DOTALL);
    private static final Pattern DROP_INDEX = Pattern.compile("^DROP\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+EXISTS\\s+)?(.*)$", Pattern.DOTALL);
    private static final Pattern RENAME_INDEX = Pattern.compile("^ALTER\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?" + NAME + "\\s+RENAME\\s+TO\\s+" + NAME);
    /** A statement of a rollback that fails when the index is not there (DROP INDEX without IF EXISTS, ALTER INDEX...). */
    private static final String NEEDS_INDEX = "^(?:DROP\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?!IF\\s+EXISTS)(?:[\\w$\"]+\\s*,\\s*)*(?:[\\w$\"]+\\.)?%1$s\\b"
            + "|ALTER\\s+INDEX\\s+(?!IF\\s+EXISTS)(?:[\\w$\"]+\\.)?%1$s\\b|COMMENT\\s+ON\\s+INDEX\\s+(?:[\\w$\"]+\\.)?%1$s\\b"
            + "|REINDEX\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:[\\w$\"]+\\.)?%1$s\\b)";
    private static final java.util.Set<String> NOT_COLUMNS = java.util.Set.of("CONSTRAINT", "DEFAULT", "NOT", "EXPRESSION", "IDENTITY", "COLUMN");

    /** An index as the forward migrations made it: its table, the columns it names, the migration that made it. */
    private record Index(String name, String table, java.util.Set<String> columns, Migration creator) {
    }

    private RollbackPath() {
    }

    /**
     * @param forward  each migration's forward script, in order (null where unreadable: left out)
     * @param rollback each migration's rollback script, or null (none, or unreadable)
     */
    static List<Finding> check(List<Migration> migrations, String[] forward, String[] rollback) {
        List<Finding> out = new ArrayList<>();
        Map<String, Index> indexes = new LinkedHashMap<>();
        for (int k = 0; k < migrations.size(); k++) {
            if (forward[k] == null) {
                continue;
            }
            Migration m = migrations.get(k);
            for (SqlStatement s : SqlScript.split(forward[k])) {
                String code = s.code().strip();
                Matcher ci = CREATE_INDEX.matcher(code);
                if (ci.find()) {
                    indexes.put(norm(ci.group(1)), new Index(norm(ci.group(1)), norm(ci.group(2)), columns(ci.group(3)), m));
                    continue;
                }
                Matcher di = DROP_INDEX.matcher(code);
                if (di.find()) {
                    // dropped by name: the migration's own rollback is what must make it again, as for any object it drops
                    for (String n : di.group(1).replaceAll("\\b(CASCADE|RESTRICT)\\b", "").split(",")) {
                        indexes.remove(norm(n.strip()));
                    }
                    continue;
                }
                Matcher ri = RENAME_INDEX.matcher(code);
                if (ri.find()) {
                    Index was = indexes.remove(norm(ri.group(1)));
                    if (was != null) {
                        gone(out, migrations, rollback, k, s, was, "renames it to " + norm(ri.group(2)));
                        indexes.put(norm(ri.group(2)), new Index(norm(ri.group(2)), was.table(), was.columns(), m));
                    }
                    continue;
                }
                Map<Index, String> taken = new LinkedHashMap<>();
                Matcher at = ALTER_TABLE.matcher(code);
                Matcher dt = DROP_TABLE.matcher(code);
                if (at.find()) {
                    String table = norm(at.group(1));
                    Matcher dc = DROP_COLUMN.matcher(at.group(2));
                    while (dc.find()) {
                        if (NOT_COLUMNS.contains(dc.group(1).toUpperCase(Locale.ROOT))) {
                            continue;
                        }
                        String column = norm(dc.group(1));
                        indexes.values().stream().filter(ix -> ix.table().equals(table) && ix.columns().contains(column))
                                .forEach(ix -> taken.putIfAbsent(ix, "drops column " + table + "." + column + ", which takes index "
                                        + ix.name() + " with it"));
                    }
                } else if (dt.find()) {
                    for (String t : dt.group(1).replaceAll("\\b(CASCADE|RESTRICT)\\b", "").split(",")) {
                        String table = norm(t.strip());
                        indexes.values().stream().filter(ix -> ix.table().equals(table))
                                .forEach(ix -> taken.putIfAbsent(ix, "drops table " + table + ", which takes index " + ix.name() + " with it"));
                    }
                }
                for (Map.Entry<Index, String> e : taken.entrySet()) {
                    indexes.remove(e.getKey().name());
                    gone(out, migrations, rollback, k, s, e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    /**
     * Index {@code ix} is gone after migration {@code k}'s statement {@code s}. Unless k's rollback makes it again, every
     * rollback of the migrations from its creator up to k-1 that needs it fails: the first one found is the finding.
     */
    private static void gone(List<Finding> out, List<Migration> migrations, String[] rollback, int k, SqlStatement s, Index ix, String how) {
        Migration m = migrations.get(k);
        if (rollback[k] != null && SqlScript.split(rollback[k]).stream().anyMatch(r -> makes(r.code().strip(), ix.name()))) {
            return;
        }
        Pattern needs = Pattern.compile(String.format(Locale.ROOT, NEEDS_INDEX, Pattern.quote(ix.name().toUpperCase(Locale.ROOT))));
        // newest first, down to the index's creator (older rollbacks met another index of that name, or none); a rollback
        // that makes the index again gives the older ones what they need
        for (int j = k - 1; j >= 0 && j >= migrations.indexOf(ix.creator()); j--) {
            if (rollback[j] == null) {
                continue;
            }
            for (SqlStatement r : SqlScript.split(rollback[j])) {
                if (makes(r.code().strip(), ix.name())) {
                    return;
                }
                if (needs.matcher(r.code().strip()).find()) {
                    Migration older = migrations.get(j);
                    String rb = older.rollbackName();
                    out.add(Finding.of(MigrationCode.ROLLBACK_PATH_BROKEN, Severity.ERROR, rb + ":" + r.startLine(),
                            String.format(Locale.ROOT, "rolling back past %s fails: %s line %d %s (made by %s), %s does not bring it "
                                            + "back, and %s line %d needs it (%s); recreate %s in %s, or write IF EXISTS in %s", older.version(),
                                    m.fileName(), s.startLine(), how, ix.creator().fileName(), m.rollbackFile() == null ? "it has no rollback that"
                                            : m.rollbackName(), rb, r.startLine(), first(r.text()), ix.name(),
                                    m.rollbackFile() == null ? "a rollback for " + m.fileName() : m.rollbackName(), rb),
                            "forward: " + m.fileName() + ":" + s.startLine() + ": " + first(s.text()), "rollback: " + rb + ":" + r.startLine()
                                    + ": " + first(r.text())));
                    return;
                }
            }
        }
    }

    private static boolean makes(String code, String index) {
        Matcher ci = CREATE_INDEX.matcher(code);
        Matcher ri = RENAME_INDEX.matcher(code);
        return (ci.find() && norm(ci.group(1)).equals(index)) || (ri.find() && norm(ri.group(2)).equals(index));
    }

    private static final java.util.Set<String> WORDS = java.util.Set.of("ASC", "DESC", "NULLS", "FIRST", "LAST", "COLLATE", "IS", "NOT", "NULL",
            "AND", "OR", "TRUE", "FALSE", "IN", "LIKE", "ILIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "ANY", "ALL", "CURRENT_DATE",
            "CURRENT_TIMESTAMP", "NOW", "INTERVAL", "ARRAY", "DISTINCT");

    /**
     * The columns an index depends on: its key columns, its expressions' column names (not the types of casts, the
     * functions called, COLLATE or operator classes), its INCLUDE columns and the columns of its WHERE predicate;
     * {@code rest} is what follows the opening parenthesis of the key list.
     */
    private static java.util.Set<String> columns(String rest) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        int close = closing(rest, 0);
        for (String element : topLevel(rest.substring(0, close))) {
            String e = element.strip();
            if (e.startsWith("(")) {
                names(e, out);
            } else {
                // a key column, then perhaps COLLATE, an operator class, ASC/DESC, NULLS ...: only the first word is a column
                Matcher w = Pattern.compile("^(\"[^\"]*\"|[A-Za-z_][\\w$]*)\\s*(\\()?").matcher(e);
                if (w.find() && w.group(2) == null) {
                    out.add(norm(w.group(1)));
                } else {
                    names(e, out);
                }
            }
        }
        String after = close < rest.length() ? rest.substring(close + 1) : "";
        Matcher include = Pattern.compile("^\\s*INCLUDE\\s*\\(").matcher(after);
        if (include.find()) {
            int end = closing(after, include.end());
            for (String c : topLevel(after.substring(include.end(), end))) {
                out.add(norm(c.strip()));
            }
            after = end < after.length() ? after.substring(end + 1) : "";
        }
        Matcher where = Pattern.compile("\\bWHERE\\b(.*)$", Pattern.DOTALL).matcher(after);
        if (where.find()) {
            names(where.group(1), out);
        }
        return out;
    }

    /** Identifiers of an expression that can be columns: not a function called, a cast's type, a keyword or a string. */
    private static void names(String expression, java.util.Set<String> out) {
        Matcher w = Pattern.compile("(::\\s*)?(\"[^\"]*\"|[A-Za-z_][\\w$]*)(\\s*\\()?").matcher(expression);
        while (w.find()) {
            if (w.group(1) == null && w.group(3) == null && !WORDS.contains(w.group(2).toUpperCase(Locale.ROOT))) {
                out.add(norm(w.group(2)));
            }
        }
    }

    /** The index of the parenthesis closing the one open before {@code from} (or the text's end). */
    private static int closing(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
            if (depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    private static List<String> topLevel(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder b = new StringBuilder();
        for (char c : list.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }

    private static String norm(String name) {
        return ObjectRefs.norm(name);
    }

    private static String first(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
