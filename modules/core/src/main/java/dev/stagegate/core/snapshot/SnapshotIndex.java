package dev.stagegate.core.snapshot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A snapshot's objects grouped by table, built once, for checks that visit every table: the
 * snapshot's own lookups scan its lists, which is quadratic on a 1,000-table schema.
 */
public final class SnapshotIndex {

    private final Map<String, Table> tables = new HashMap<>();
    private final Map<String, List<Policy>> policies;
    private final Map<String, List<ForeignKey>> foreignKeys;
    private final Map<String, List<Index>> indexes;

    private SnapshotIndex(SchemaSnapshot s) {
        for (Table t : s.tables()) {
            tables.put(t.qualified(), t);
            tables.putIfAbsent(t.name(), t);
        }
        policies = s.policies().stream().collect(Collectors.groupingBy(Policy::qualifiedTable));
        foreignKeys = s.foreignKeys().stream().collect(Collectors.groupingBy(ForeignKey::qualifiedTable));
        indexes = s.indexes().stream().collect(Collectors.groupingBy(Index::qualifiedTable));
    }

    public static SnapshotIndex of(SchemaSnapshot snapshot) {
        return new SnapshotIndex(snapshot);
    }

    public Optional<Table> table(String qualifiedOrBare) {
        return Optional.ofNullable(tables.get(qualifiedOrBare));
    }

    public List<Policy> policiesOn(Table t) {
        return policies.getOrDefault(t.qualified(), List.of());
    }

    public List<ForeignKey> foreignKeysOf(Table t) {
        return foreignKeys.getOrDefault(t.qualified(), List.of());
    }

    public List<Index> indexesOn(Table t) {
        return indexes.getOrDefault(t.qualified(), List.of());
    }
}
