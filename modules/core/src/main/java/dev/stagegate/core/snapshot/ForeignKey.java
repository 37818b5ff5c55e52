package dev.stagegate.core.snapshot;

import java.util.List;

/**
 * A foreign key.
 *
 * @param onDelete  {@code NO ACTION}, {@code RESTRICT}, {@code CASCADE}, {@code SET NULL} or {@code SET DEFAULT}
 * @param validated false for a constraint added {@code NOT VALID} and not yet validated
 */
public record ForeignKey(String schema, String table, String name, List<String> columns, String refSchema,
                         String refTable, List<String> refColumns, String onDelete, String onUpdate,
                         boolean validated, boolean deferrable) {

    public ForeignKey {
        columns = List.copyOf(columns);
        refColumns = List.copyOf(refColumns);
    }

    public String qualifiedTable() {
        return Models.qualify(schema, table);
    }

    public String qualifiedRefTable() {
        return Models.qualify(refSchema, refTable);
    }
}
