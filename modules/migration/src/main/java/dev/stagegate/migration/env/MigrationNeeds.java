package dev.stagegate.migration.env;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the migrations ask of the server: the extensions they create, and an estimate of the locks
 * the biggest migration takes in one transaction.
 *
 * @param extensions   extension names, lower case (as {@code CREATE EXTENSION} folds them)
 * @param lockEstimate locks the biggest migration needs at once; 0 when unknown or nothing to run
 */
public record MigrationNeeds(Set<String> extensions, int lockEstimate) {

    private static final String IDENT = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final String NAME = IDENT + "(?:\\s*\\.\\s*" + IDENT + ")?";
    private static final Pattern NAME_PART = Pattern.compile(IDENT);

    private static final Pattern CREATE_EXTENSION = Pattern.compile(
            "\\bCREATE\\s+EXTENSION\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + IDENT + ")", Pattern.CASE_INSENSITIVE);

    /** Statements naming one relation each (group 1). */
    private static final Pattern[] ONE_RELATION = {
            Pattern.compile("\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:(?:GLOBAL|LOCAL)\\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\\s+)?"
                    + "(?:TABLE|(?:MATERIALIZED\\s+)?VIEW|SEQUENCE)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + NAME + ")",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bALTER\\s+(?:TABLE|INDEX|SEQUENCE|(?:MATERIALIZED\\s+)?VIEW)\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?("
                    + NAME + ")", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bREFERENCES\\s+(" + NAME + ")", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\bLOCK\\s+(?:TABLE\\s+)?(?:ONLY\\s+)?(" + NAME + ")", Pattern.CASE_INSENSITIVE),
            Pattern.compile("\\b(?:CREATE(?:\\s+OR\\s+REPLACE)?|ALTER|DROP)\\s+(?:POLICY|(?:CONSTRAINT\\s+)?TRIGGER)\\s+"
                    + "(?:IF\\s+EXISTS\\s+)?" + IDENT + "\\s+(?:(?:BEFORE|AFTER|INSTEAD\\s+OF)\\s+[^;]*?\\s)?ON\\s+(?:ONLY\\s+)?("
                    + NAME + ")", Pattern.CASE_INSENSITIVE),
    };
    /** CREATE INDEX: the index (group 1, optional) and its table (group 2). */
    private static final Pattern CREATE_INDEX = Pattern.compile("\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(?:CONCURRENTLY\\s+)?"
            + "(?:(?:IF\\s+NOT\\s+EXISTS\\s+)?(" + NAME + ")\\s+)?ON\\s+(?:ONLY\\s+)?(" + NAME + ")", Pattern.CASE_INSENSITIVE);
    /** DROP of one or more relations (group 1 is the comma-separated list). */
    private static final Pattern DROP = Pattern.compile("\\bDROP\\s+(?:TABLE|INDEX|SEQUENCE|(?:MATERIALIZED\\s+)?VIEW)\\s+"
            + "(?:CONCURRENTLY\\s+)?(?:IF\\s+EXISTS\\s+)?(" + NAME + "(?:\\s*,\\s*" + NAME + ")*)", Pattern.CASE_INSENSITIVE);

    public MigrationNeeds {
        Objects.requireNonNull(extensions, "extensions");
        TreeSet<String> names = new TreeSet<>();
        extensions.forEach(e -> names.add(e.toLowerCase(Locale.ROOT)));
        extensions = Set.copyOf(names);
        if (lockEstimate < 0) {
            throw new IllegalArgumentException("lockEstimate cannot be negative");
        }
    }

    public static MigrationNeeds none() {
        return new MigrationNeeds(Set.of(), 0);
    }

    /** Extensions from every text, the lock estimate of the biggest one. */
    public static MigrationNeeds fromSql(Collection<String> sqlTexts) {
        return new MigrationNeeds(extensionsIn(sqlTexts), sqlTexts.stream().mapToInt(MigrationNeeds::estimateLocks).max().orElse(0));
    }

    /**
     * Names in {@code CREATE EXTENSION [IF NOT EXISTS] name} across the texts, comments and string
     * literals (also dollar-quoted function bodies) left out. Unquoted names are folded to lower case.
     */
    public static Set<String> extensionsIn(Collection<String> sqlTexts) {
        Set<String> out = new TreeSet<>();
        for (String text : sqlTexts) {
            Matcher m = CREATE_EXTENSION.matcher(code(text));
            while (m.find()) {
                out.add(normalize(m.group(1)));
            }
        }
        return out;
    }

    /**
     * A rough estimate of the relation locks one migration file takes in its transaction: the number of
     * <em>distinct</em> relations it creates (tables, views, sequences, indexes), alters, drops, locks,
     * builds an index, policy or trigger on, or references from a foreign key. Names are compared after folding unquoted
     * identifiers to lower case and dropping a {@code public.} prefix; comments and string literals
     * (dollar-quoted bodies too) are skipped, so a function body's statements do not count.
     *
     * <p>It is a lower bound: toast tables and their indexes, indexes behind PRIMARY KEY and UNIQUE,
     * sequences behind serial and identity columns, partitions and the indexes an ALTER TABLE touches also
     * take lock slots, and are not counted.
     */
    public static int estimateLocks(String sqlText) {
        String code = code(sqlText);
        Set<String> relations = new LinkedHashSet<>();
        for (Pattern p : ONE_RELATION) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                relations.add(normalize(m.group(1)));
            }
        }
        Matcher index = CREATE_INDEX.matcher(code);
        while (index.find()) {
            if (index.group(1) != null) {
                relations.add(normalize(index.group(1)));
            }
            relations.add(normalize(index.group(2)));
        }
        Matcher drop = DROP.matcher(code);
        while (drop.find()) {
            for (String name : splitNames(drop.group(1))) {
                relations.add(normalize(name));
            }
        }
        return relations.size();
    }

    private static Iterable<String> splitNames(String list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = Pattern.compile(NAME).matcher(list);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** {@code Public."Foo"} becomes {@code Foo}; {@code app.Bar} becomes {@code app.bar}. */
    static String normalize(String name) {
        StringBuilder out = new StringBuilder();
        Matcher m = NAME_PART.matcher(name);
        while (m.find()) {
            String part = m.group();
            part = part.startsWith("\"") ? part.substring(1, part.length() - 1).replace("\"\"", "\"")
                    : part.toLowerCase(Locale.ROOT);
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(part);
        }
        String s = out.toString();
        return s.startsWith("public.") ? s.substring("public.".length()) : s;
    }

    /**
     * The text with comments, string literals and dollar-quoted bodies blanked (replaced by a space), so
     * that only statements a file runs itself are scanned. Double-quoted identifiers are kept.
     */
    static String code(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char ch = sql.charAt(i);
            if (ch == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
                out.append(' ');
            } else if (ch == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int depth = 0;
                while (i < n) {
                    if (sql.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                        if (depth == 0) {
                            break;
                        }
                    } else {
                        i++;
                    }
                }
                out.append(' ');
            } else if (ch == '\'') {
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '\'') {
                        if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    i++;
                }
                out.append(' ');
            } else if (ch == '"') {
                int end = sql.indexOf('"', i + 1);
                while (end >= 0 && end + 1 < n && sql.charAt(end + 1) == '"') {
                    end = sql.indexOf('"', end + 2);
                }
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (ch == '$' && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')) {
                Matcher tag = DOLLAR_TAG.matcher(sql).region(i, n);
                if (tag.lookingAt()) {
                    int end = sql.indexOf(tag.group(), tag.end());
                    i = end < 0 ? n : end + tag.group().length();
                    out.append(' ');
                } else {
                    out.append(ch);
                    i++;
                }
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");
}
