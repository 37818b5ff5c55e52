package dev.stagegate.verification.tenant;

import java.util.Set;

/**
 * How a schema separates tenants: the column every tenant-scoped table carries, the session
 * setting policies compare it with, and the table that lists the tenants (whose key is the
 * tenant id). Comes from configuration or {@link TenantDiscovery}; never hard-coded.
 *
 * @param tenantKey       the tenant table's own key column ({@code id})
 * @param criticalTables  tables that must have FORCE ROW LEVEL SECURITY (others get a warning)
 */
public record TenantModel(String column, String setting, String tenantTable, String tenantKey, Set<String> criticalTables) {

    public TenantModel {
        criticalTables = Set.copyOf(criticalTables);
    }

    /** The column that holds the tenant id in {@code table}: the key in the tenant table, else {@link #column}. */
    public String columnOf(String table) {
        return table.equals(tenantTable) ? tenantKey : column;
    }

    public boolean critical(String table) {
        return criticalTables.contains(table);
    }

    public TenantModel withCritical(Set<String> tables) {
        return new TenantModel(column, setting, tenantTable, tenantKey, tables);
    }
}
