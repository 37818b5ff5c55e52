package dev.stagegate.core.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything stagegate knows about a database's schema at one moment: read by
 * {@link CatalogReader} in a fixed number of queries, written by {@link SnapshotJson} and
 * {@link SnapshotMarkdown}, compared by {@link SnapshotDiff}. Immutable.
 *
 * @param capturedAt   ISO-8601 instant of the read
 * @param schemas      the schemas read
 * @param exactCounts  true when {@link Table#exactRows()} were counted
 */
public record SchemaSnapshot(String capturedAt, String database, int serverVersionNum, List<String> schemas,
                             boolean exactCounts, List<Table> tables, List<ForeignKey> foreignKeys,
                             List<Constraint> constraints, List<Index> indexes, List<Policy> policies,
                             List<View> views, List<dev.stagegate.core.snapshot.Function> functions,
                             List<Trigger> triggers, List<Extension> extensions) {

    public SchemaSnapshot {
        schemas = List.copyOf(schemas);
        tables = List.copyOf(tables);
        foreignKeys = List.copyOf(foreignKeys);
        constraints = List.copyOf(constraints);
        indexes = List.copyOf(indexes);
        policies = List.copyOf(policies);
        views = List.copyOf(views);
        functions = List.copyOf(functions);
        triggers = List.copyOf(triggers);
        extensions = List.copyOf(extensions);
    }

    public Optional<Table> table(String qualifiedOrBare) {
        return tables.stream().filter(t -> t.qualified().equals(qualifiedOrBare) || t.name().equals(qualifiedOrBare))
                .findFirst();
    }

    public List<Policy> policiesOn(Table table) {
        return policies.stream().filter(p -> p.qualifiedTable().equals(table.qualified())).toList();
    }

    public List<ForeignKey> foreignKeysOf(Table table) {
        return foreignKeys.stream().filter(f -> f.qualifiedTable().equals(table.qualified())).toList();
    }

    public List<Index> indexesOn(Table table) {
        return indexes.stream().filter(i -> i.qualifiedTable().equals(table.qualified())).toList();
    }

    /** Counts for summaries and for the seeds' "59 tables, 82+ FKs" expectations. */
    public Map<String, Long> counts() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("tables", (long) tables.size());
        m.put("rls_enabled_tables", tables.stream().filter(Table::rlsEnabled).count());
        m.put("rls_forced_tables", tables.stream().filter(Table::rlsForced).count());
        m.put("policies", (long) policies.size());
        m.put("foreign_keys", (long) foreignKeys.size());
        m.put("indexes", (long) indexes.size());
        m.put("views", views.stream().filter(v -> !v.materialized()).count());
        m.put("materialized_views", views.stream().filter(View::materialized).count());
        m.put("functions", (long) functions.size());
        m.put("triggers", (long) triggers.size());
        m.put("extensions", (long) extensions.size());
        return m;
    }

    static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, x -> x, (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
