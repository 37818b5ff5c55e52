package dev.stagegate.verification.data;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.Constraint;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values to try when the server refuses a synthetic row with a CHECK violation: the server is the
 * judge ({@code priority BETWEEN 1 AND 5}, a regex, a conditional), so the row factory asks it, one
 * column and one candidate at a time, each attempt in a savepoint. Candidates come from the
 * constraint's own literals (and their neighbours), then plain values of the column's type.
 * A value from a row the table already has is tried first: real data passes real constraints. What
 * works is remembered per table, so later rows (and the SQL probes run as another role) use it.
 */
final class CheckCandidates {

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.'])-?\\d+(?:\\.\\d+)?(?![\\w'])");
    private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'");
    /** Attempts per constraint before giving up; the refusal is then reported with the constraint's name. */
    static final int LIMIT = 40;

    private final Map<String, Iterator<String[]>> pending = new HashMap<>();
    /** The base type of a domain column (the server's answer), so its candidates are of the right kind. */
    private final java.util.function.UnaryOperator<String> baseOf;
    /** The constraint whose candidates are being tried: a candidate the type refuses (22P02) moves on to the next. */
    private Constraint trying;
    private String tryingOn;

    /** A value of the column taken from a row the table already has (SQL literal), or null: the most likely to pass. */
    private final java.util.function.BiFunction<Table, Column, String> existing;

    CheckCandidates(java.util.function.UnaryOperator<String> baseOf, java.util.function.BiFunction<Table, Column, String> existing) {
        this.baseOf = baseOf;
        this.existing = existing;
    }

    /** The constraint being solved on {@code t}, or null when none is (so a plain error is never taken for a bad candidate). */
    Constraint trying(Table t) {
        return t.qualified().equals(tryingOn) ? trying : null;
    }
    private final Map<String, Map<String, String>> solved = new HashMap<>();

    /** The values found to satisfy a table's CHECKs so far, by column. */
    Map<String, String> solvedFor(Table t) {
        return solved.getOrDefault(t.qualified(), Map.of());
    }

    /** Moves to the next candidate for {@code constraint} on {@code t}; false when none is left. */
    boolean next(Table t, Constraint constraint) {
        String key = t.qualified() + "|" + constraint.name();
        trying = constraint;
        tryingOn = t.qualified();
        Iterator<String[]> it = pending.computeIfAbsent(key, k -> candidates(t, constraint, baseOf, existing).iterator());
        if (!it.hasNext()) {
            return false;
        }
        String[] next = it.next();
        solved.computeIfAbsent(t.qualified(), k -> new HashMap<>()).put(next[0], next[1]);
        return true;
    }

    private static List<String[]> candidates(Table t, Constraint k, java.util.function.UnaryOperator<String> baseOf,
                                             java.util.function.BiFunction<Table, Column, String> existing) {
        List<String[]> out = new ArrayList<>();
        String def = k.definition();
        for (Column c : t.columns()) {
            if (c.identity() != null || c.generated() != null || !Pattern.compile("\\b" + Pattern.quote(c.name()) + "\\b").matcher(def).find()) {
                continue;
            }
            String real = existing.apply(t, c);
            if (real != null) {
                out.add(new String[]{c.name(), real});
            }
            for (String v : values(c, baseOf.apply(c.type()), def)) {
                out.add(new String[]{c.name(), v});
                if (out.size() >= LIMIT) {
                    return out;
                }
            }
        }
        return out;
    }

    static List<String> values(Column c, String baseType, String def) {
        String base = RowFactory.baseType(baseType);
        Set<String> v = new LinkedHashSet<>();
        switch (base) {
            case "integer", "smallint", "bigint", "numeric", "real", "double precision" -> {
                Matcher m = NUMBER.matcher(def);
                while (m.find()) {
                    java.math.BigDecimal n = new java.math.BigDecimal(m.group());
                    v.add(n.toPlainString());
                    v.add(n.add(java.math.BigDecimal.ONE).toPlainString());
                    v.add(n.subtract(java.math.BigDecimal.ONE).toPlainString());
                }
                v.addAll(List.of("1", "0", "10", "100", "1000", "-1"));
            }
            case "boolean" -> v.addAll(List.of("true", "false"));
            case "json", "jsonb" -> v.addAll(List.of("'{\"probe\": 1}'", "'[1]'", "'{}'", "'1'", "'\"probe\"'"));
            case "interval" -> v.addAll(List.of("'1 hour'", "'1 day'", "'2 hours'", "'1 minute'", "'30 days'", "'1 year'"));
            case "date", "timestamp with time zone", "timestamp without time zone" -> {
                // a date a range bound or a CHECK names (partitions for 2019 take 2019-01-01)
                Matcher m = STRING.matcher(def);
                while (m.find()) {
                    if (m.group(1).matches("\\d{4}-\\d{2}-\\d{2}.*")) {
                        v.add(Sql.literal(m.group(1)));
                    }
                }
                v.addAll(List.of("now()", "now() - interval '1 day'", "now() + interval '1 day'", "'2000-01-01'"));
            }
            default -> {
                if (baseType.endsWith("[]")) {
                    // arrays: one element of the element type's plain kind, then two
                    v.addAll(List.of("'{probe}'", "'{1}'", "'{probe,probe2}'", "'{1,2}'"));
                    break;
                }
                Matcher m = STRING.matcher(def);
                while (m.find()) {
                    v.add(Sql.literal(m.group(1).replace("''", "'")));
                }
                // each plain value, and one made unique per row (a UNIQUE column beside the CHECK)
                String unique = " || (floor(random() * 1000000))::int";
                v.addAll(List.of("'sg-probe'" + unique, "'sg-probe'", "'probe'" + unique + " || '@example.com'", "'probe@example.com'",
                        "'abc'" + unique, "'abc'", "'Probe'" + unique, "'Probe'", "'a'", "'x'"));
            }
        }
        List<String> typed = new ArrayList<>();
        for (String s : v) {
            typed.add("(" + s + ")::" + c.type());
        }
        if (c.nullable()) {
            typed.add("NULL");
        }
        return typed;
    }
}
