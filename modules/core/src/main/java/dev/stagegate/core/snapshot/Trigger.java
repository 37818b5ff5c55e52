package dev.stagegate.core.snapshot;

/** A user trigger (internal constraint triggers are left out). */
public record Trigger(String schema, String table, String name, String function, String definition,
                      boolean enabled) {

    public String qualifiedTable() {
        return Models.qualify(schema, table);
    }
}
