package dev.stagegate.core.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What changed between two snapshots: objects added, removed and changed per kind, counts
 * before and after, and row counts per table. Sizes and statistics are not "changes"; they
 * move on their own.
 */
public record SnapshotDiff(Map<String, Long> countsBefore, Map<String, Long> countsAfter, List<Change> changes,
                           List<RowCount> rowCounts) {

    public enum Type { ADDED, REMOVED, CHANGED }

    /** One object that differs. {@code detail} says how, for CHANGED. */
    public record Change(String kind, String object, Type type, String detail) {
    }

    /** Rows of a table present in both snapshots; exact when both sides counted exactly. */
    public record RowCount(String table, long before, long after, boolean exact) {
        public long delta() {
            return after - before;
        }
    }

    public SnapshotDiff {
        countsBefore = Map.copyOf(countsBefore);
        countsAfter = Map.copyOf(countsAfter);
        changes = List.copyOf(changes);
        rowCounts = List.copyOf(rowCounts);
    }

    public static SnapshotDiff between(SchemaSnapshot before, SchemaSnapshot after) {
        List<Change> changes = new ArrayList<>();
        diff(changes, "table", before.tables(), after.tables(), Table::qualified, SnapshotDiff::tableChange);
        diff(changes, "foreign key", before.foreignKeys(), after.foreignKeys(),
                f -> f.qualifiedTable() + "." + f.name(), (a, b) -> same(a, b) ? null : fkText(a) + " -> " + fkText(b));
        diff(changes, "constraint", before.constraints(), after.constraints(),
                c -> Models.qualify(c.schema(), c.table()) + "." + c.name(),
                (a, b) -> same(a, b) ? null : a.definition() + " -> " + b.definition());
        diff(changes, "index", before.indexes(), after.indexes(), i -> Models.qualify(i.schema(), i.name()),
                (a, b) -> sameIgnoring(a, b) ? null : a.definition() + (a.valid() ? "" : " [INVALID]") + " -> "
                        + b.definition() + (b.valid() ? "" : " [INVALID]"));
        diff(changes, "policy", before.policies(), after.policies(), p -> p.qualifiedTable() + "." + p.name(),
                (a, b) -> same(a, b) ? null : policyText(a) + " -> " + policyText(b));
        diff(changes, "view", before.views(), after.views(), View::qualified,
                (a, b) -> same(a, b) ? null : viewChange(a, b));
        diff(changes, "function", before.functions(), after.functions(), dev.stagegate.core.snapshot.Function::signature,
                (a, b) -> same(a, b) ? null : functionChange(a, b));
        diff(changes, "trigger", before.triggers(), after.triggers(), t -> t.qualifiedTable() + "." + t.name(),
                (a, b) -> same(a, b) ? null : a.definition() + " -> " + b.definition());
        diff(changes, "extension", before.extensions(), after.extensions(), Extension::name,
                (a, b) -> same(a, b) ? null : a.version() + " -> " + b.version());

        List<RowCount> rows = new ArrayList<>();
        Map<String, Table> afterTables = SchemaSnapshot.byKey(after.tables(), Table::qualified);
        for (Table t : before.tables()) {
            Table a = afterTables.get(t.qualified());
            if (a != null) {
                boolean exact = t.exactRows() != null && a.exactRows() != null;
                rows.add(new RowCount(t.qualified(), exact ? t.exactRows() : t.estimatedRows(),
                        exact ? a.exactRows() : a.estimatedRows(), exact));
            }
        }
        return new SnapshotDiff(before.counts(), after.counts(), changes, rows);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> ofKind(String kind, Type type) {
        return changes.stream().filter(c -> c.kind().equals(kind) && c.type() == type).toList();
    }

    private static <T> void diff(List<Change> out, String kind, List<T> before, List<T> after,
                                 Function<T, String> key, BiFunction<T, T, String> changed) {
        Map<String, T> a = SchemaSnapshot.byKey(before, key);
        Map<String, T> b = SchemaSnapshot.byKey(after, key);
        for (Map.Entry<String, T> e : a.entrySet()) {
            T other = b.get(e.getKey());
            if (other == null) {
                out.add(new Change(kind, e.getKey(), Type.REMOVED, null));
            } else {
                String detail = changed.apply(e.getValue(), other);
                if (detail != null) {
                    out.add(new Change(kind, e.getKey(), Type.CHANGED, detail));
                }
            }
        }
        for (String k : b.keySet()) {
            if (!a.containsKey(k)) {
                out.add(new Change(kind, k, Type.ADDED, null));
            }
        }
    }

    private static String tableChange(Table a, Table b) {
        List<String> parts = new ArrayList<>();
        Map<String, Column> ca = SchemaSnapshot.byKey(a.columns(), Column::name);
        Map<String, Column> cb = SchemaSnapshot.byKey(b.columns(), Column::name);
        ca.forEach((name, col) -> {
            Column other = cb.get(name);
            if (other == null) {
                parts.add("column " + name + " dropped");
            } else if (!col.equals(other)) {
                parts.add("column " + name + " " + columnText(col) + " -> " + columnText(other));
            }
        });
        cb.keySet().stream().filter(n -> !ca.containsKey(n))
                .forEach(n -> parts.add("column " + n + " added (" + columnText(cb.get(n)) + ")"));
        if (a.rlsEnabled() != b.rlsEnabled()) {
            parts.add("RLS " + (b.rlsEnabled() ? "enabled" : "disabled"));
        }
        if (a.rlsForced() != b.rlsForced()) {
            parts.add("FORCE RLS " + (b.rlsForced() ? "set" : "removed"));
        }
        if (!a.primaryKey().equals(b.primaryKey())) {
            parts.add("primary key " + a.primaryKey() + " -> " + b.primaryKey());
        }
        if (!Objects.equals(a.owner(), b.owner())) {
            parts.add("owner " + a.owner() + " -> " + b.owner());
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static String columnText(Column c) {
        return c.type() + (c.nullable() ? "" : " NOT NULL") + (c.defaultExpression() == null ? "" : " DEFAULT " + c.defaultExpression());
    }

    private static String fkText(ForeignKey f) {
        return f.columns() + " -> " + f.qualifiedRefTable() + f.refColumns() + " ON DELETE " + f.onDelete()
                + (f.validated() ? "" : " NOT VALID");
    }

    private static String policyText(Policy p) {
        return p.command() + " TO " + p.roles() + (p.permissive() ? "" : " RESTRICTIVE") + " USING (" + p.using()
                + ") WITH CHECK (" + p.withCheck() + ")";
    }

    private static String viewChange(View a, View b) {
        if (a.securityInvoker() != b.securityInvoker()) {
            return "security_invoker " + a.securityInvoker() + " -> " + b.securityInvoker();
        }
        return Objects.equals(a.definition(), b.definition()) ? "owner " + a.owner() + " -> " + b.owner() : "definition changed";
    }

    private static String functionChange(dev.stagegate.core.snapshot.Function a, dev.stagegate.core.snapshot.Function b) {
        List<String> parts = new ArrayList<>();
        if (!Objects.equals(a.bodyHash(), b.bodyHash())) {
            parts.add("body changed");
        }
        if (a.securityDefiner() != b.securityDefiner()) {
            parts.add("SECURITY DEFINER " + a.securityDefiner() + " -> " + b.securityDefiner());
        }
        if (a.searchPathFixed() != b.searchPathFixed()) {
            parts.add("search_path fixed " + a.searchPathFixed() + " -> " + b.searchPathFixed());
        }
        if (!Objects.equals(a.returns(), b.returns())) {
            parts.add("returns " + a.returns() + " -> " + b.returns());
        }
        return parts.isEmpty() ? "attributes changed" : String.join("; ", parts);
    }

    private static boolean same(Object a, Object b) {
        return Objects.equals(a, b);
    }

    /** Index equality without its size, which grows with data. */
    private static boolean sameIgnoring(Index a, Index b) {
        return a.columns().equals(b.columns()) && a.unique() == b.unique() && a.valid() == b.valid()
                && a.partial() == b.partial() && Objects.equals(a.definition(), b.definition());
    }

    /** The diff as Markdown: counts table, then changes grouped by kind, then row counts. */
    public String toMarkdown(String title) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n## Counts\n\n");
        MarkdownTable counts = new MarkdownTable("Object", "Before", "After", "Change");
        Map<String, Long> keys = new LinkedHashMap<>(countsBefore);
        countsAfter.forEach(keys::putIfAbsent);
        for (String k : keys.keySet()) {
            long b = countsBefore.getOrDefault(k, 0L);
            long a = countsAfter.getOrDefault(k, 0L);
            counts.row(k.replace('_', ' '), b, a, a == b ? "" : (a > b ? "+" : "") + (a - b));
        }
        counts.appendTo(out);
        out.append("## Changes\n\n");
        if (changes.isEmpty()) {
            out.append("No schema changes.\n\n");
        } else {
            MarkdownTable t = new MarkdownTable("Kind", "Object", "Change", "Detail");
            changes.forEach(c -> t.row(c.kind(), "`" + c.object() + "`", c.type().name().toLowerCase(java.util.Locale.ROOT),
                    c.detail()));
            t.appendTo(out);
        }
        List<RowCount> moved = rowCounts.stream().filter(r -> r.delta() != 0).toList();
        out.append("## Row counts\n\n");
        if (moved.isEmpty()) {
            out.append("No table present on both sides changed its row count.\n");
        } else {
            MarkdownTable t = new MarkdownTable("Table", "Before", "After", "Change", "Counted");
            moved.forEach(r -> t.row("`" + r.table() + "`", r.before(), r.after(), r.delta(), r.exact() ? "exact" : "estimate"));
            t.appendTo(out);
        }
        return out.toString();
    }
}
