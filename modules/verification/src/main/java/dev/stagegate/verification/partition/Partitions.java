package dev.stagegate.verification.partition;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotIndex;
import dev.stagegate.core.snapshot.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The partition trees of a snapshot, built once: parents, their partitions, each partition's ancestors. */
final class Partitions {

    final SnapshotIndex index;
    private final Map<String, Table> tables = new LinkedHashMap<>();
    private final Map<String, List<Table>> children = new LinkedHashMap<>();

    private Partitions(SchemaSnapshot s) {
        index = SnapshotIndex.of(s);
        for (Table t : s.tables()) {
            tables.put(t.qualified(), t);
        }
        for (Table t : s.tables()) {
            if (t.partitionOf() != null && tables.containsKey(t.partitionOf())) {
                children.computeIfAbsent(t.partitionOf(), k -> new ArrayList<>()).add(t);
            }
        }
    }

    static Partitions of(SchemaSnapshot s) {
        return new Partitions(s);
    }

    Optional<Table> table(String qualified) {
        return Optional.ofNullable(tables.get(qualified));
    }

    /** Partitioned tables that have at least one partition in the snapshot, in snapshot order. */
    List<Table> parents() {
        return children.keySet().stream().map(tables::get).toList();
    }

    List<Table> childrenOf(Table parent) {
        return children.getOrDefault(parent.qualified(), List.of());
    }

    Optional<Table> parentOf(Table t) {
        return t.partitionOf() == null ? Optional.empty() : table(t.partitionOf());
    }

    /** Parent, grandparent, ...: nearest first. */
    List<Table> ancestors(Table t) {
        List<Table> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Optional<Table> p = parentOf(t); p.isPresent() && seen.add(p.get().qualified()); p = parentOf(p.get())) {
            out.add(p.get());
        }
        return out;
    }

    /** The top of {@code t}'s partition tree: {@code t} itself when it is no partition. */
    Table root(Table t) {
        List<Table> up = ancestors(t);
        return up.isEmpty() ? t : up.get(up.size() - 1);
    }

    /** The other partitions of {@code t}'s parent. */
    List<Table> siblingsOf(Table t) {
        return parentOf(t).map(p -> childrenOf(p).stream().filter(c -> !c.qualified().equals(t.qualified())).toList()).orElse(List.of());
    }
}
