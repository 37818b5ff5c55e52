package dev.stagegate.core.snapshot;

import java.util.List;

/**
 * An index.
 *
 * @param columns key columns in order; an expression key appears as its SQL text
 * @param valid   false for an index left INVALID, e.g. by a failed {@code CREATE INDEX CONCURRENTLY}
 * @param partial true when it has a WHERE predicate
 */
public record Index(String schema, String table, String name, List<String> columns, boolean unique,
                    boolean primary, boolean valid, boolean partial, String definition, long bytes) {

    public Index {
        columns = List.copyOf(columns);
    }

    public String qualifiedTable() {
        return Models.qualify(schema, table);
    }
}
