package dev.stagegate.verification.tenant;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.util.List;
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

    /** No tenancy: for checks that make rows in a schema without a tenant model. */
    public static TenantModel none() {
        return new TenantModel(null, null, null, null, Set.of());
    }

    /** The column that holds the tenant id in {@code table}: the key in the tenant table, else {@link #column}. */
    public String columnOf(String table) {
        return tenantTable != null && table.equals(tenantTable) ? tenantKey : column;
    }

    /** Tables that hold tenant data: the tenant table and every table with the tenant column. */
    public List<Table> tablesIn(SchemaSnapshot s) {
        return s.tables().stream().filter(t -> t.name().equals(tenantTable) || (column != null && t.hasColumn(column))).toList();
    }

    public boolean critical(String table) {
        return criticalTables.contains(table);
    }

    public TenantModel withCritical(Set<String> tables) {
        return new TenantModel(column, setting, tenantTable, tenantKey, tables);
    }
}
