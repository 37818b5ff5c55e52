package dev.stagegate.core.snapshot;

import java.util.List;

/**
 * A table (ordinary or partitioned).
 *
 * @param estimatedRows {@code pg_class.reltuples}; -1 when never analyzed
 * @param exactRows     {@code count(*)}, only when asked for; null otherwise
 */
public record Table(String schema, String name, String owner, boolean partitioned, String partitionOf,
                    boolean rlsEnabled, boolean rlsForced, long estimatedRows, Long exactRows, long totalBytes,
                    List<String> primaryKey, List<Column> columns) {

    public Table {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
    }

    public String qualified() {
        return Models.qualify(schema, name);
    }

    public boolean hasColumn(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column));
    }

    Table withExactRows(Long rows) {
        return new Table(schema, name, owner, partitioned, partitionOf, rlsEnabled, rlsForced, estimatedRows, rows,
                totalBytes, primaryKey, columns);
    }
}
