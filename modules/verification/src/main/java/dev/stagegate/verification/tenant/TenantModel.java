package dev.stagegate.verification.tenant;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a schema separates tenants: the column every tenant-scoped table carries, how a session says
 * which tenant (or which user, for a membership model) it is, and the table that lists the tenants
 * (whose key is the tenant id). Comes from configuration or {@link TenantDiscovery}; never hard-coded.
 *
 * @param setting        the setting the identity lives in (for JWT models {@code request.jwt.claims})
 * @param tenantKey      the tenant table's own key column ({@code id})
 * @param criticalTables tables that must have FORCE ROW LEVEL SECURITY (others get a warning)
 * @param identity       how the session says who it is
 * @param membership     the membership table when sessions name a user rather than a tenant; null otherwise
 * @param markers        text that, in a policy, stands for the identity (the setting call, helper
 *                       functions whose bodies read it): how coverage recognises a pinned policy
 * @param source         which policies the model was found in, or that it was configured
 * @param scope          which tables are the application's (schemas in and out of scope)
 */
public record TenantModel(String column, String setting, String tenantTable, String tenantKey, Set<String> criticalTables,
                          Identity identity, Membership membership, List<String> markers, String source, Scope scope) {

    public TenantModel {
        criticalTables = Set.copyOf(criticalTables);
        markers = List.copyOf(markers);
        if (identity == null && setting != null) {
            identity = Identity.setting(setting);
        }
        if (setting == null && identity != null) {
            setting = identity.settingName();
        }
        scope = scope == null ? Scope.DEFAULT : scope;
    }

    /** A session-setting model, as configured. */
    public TenantModel(String column, String setting, String tenantTable, String tenantKey, Set<String> criticalTables) {
        this(column, setting, tenantTable, tenantKey, criticalTables, null, null, List.of(), "configured", null);
    }

    /** No tenancy: for checks that make rows in a schema without a tenant model. */
    public static TenantModel none() {
        return new TenantModel(null, null, null, null, Set.of());
    }

    public boolean present() {
        return column != null && identity != null;
    }

    /** The column that holds the tenant id in {@code table} (qualified): the key in the tenant table, else {@link #column}. */
    public String columnOf(String table) {
        return isTenantTable(table) ? tenantKey : column;
    }

    public boolean isTenantTable(Table t) {
        return isTenantTable(t.qualified());
    }

    /** {@code tenantTable} may be given bare ({@code tenants}) or qualified ({@code auth.users}). */
    public boolean isTenantTable(String qualified) {
        if (tenantTable == null || qualified == null) {
            return false;
        }
        return tenantTable.contains(".") ? qualified.equals(tenantTable) : bare(qualified).equals(tenantTable);
    }

    /**
     * Tables that hold tenant data, in scope: the tenant table, every table with the tenant column,
     * and every table with RLS on (scoped through a parent, or deny-all: RLS on says the rows are
     * not everyone's). Partitions are reached through their parent. None without a tenant model.
     */
    public List<Table> tablesIn(SchemaSnapshot s) {
        if (!present()) {
            return List.of();
        }
        Set<String> lineage = lineage(s);
        return s.tables().stream().filter(t -> scope.includes(t.schema()) && t.partitionOf() == null)
                .filter(t -> lineage.contains(t.qualified()) || t.rlsEnabled())
                .toList();
    }

    /**
     * {@link #tablesIn} without the children that are tenant data only through a parent and have RLS
     * off: those have no policy to probe or smoke-test, and coverage reports them (RLS_DISABLED).
     */
    public List<Table> policedTablesIn(SchemaSnapshot s) {
        return tablesIn(s).stream().filter(t -> t.rlsEnabled() || isTenantTable(t) || t.hasColumn(column)).toList();
    }

    /**
     * Tables whose rows belong to a tenant: the tenant table, every table with the tenant column, and
     * every table whose foreign keys lead to one of those (a child of a tenant's project is that
     * tenant's, with or without RLS, with or without a column of its own). Snapshot only.
     */
    public Set<String> lineage(SchemaSnapshot s) {
        Set<String> in = new java.util.HashSet<>();
        if (!present()) {
            return in;
        }
        s.tables().forEach(t -> {
            if (isTenantTable(t) || t.hasColumn(column)) {
                in.add(t.qualified());
            }
        });
        boolean grew = true;
        while (grew) {
            grew = false;
            for (dev.stagegate.core.snapshot.ForeignKey fk : s.foreignKeys()) {
                if (in.contains(fk.qualifiedRefTable()) && in.add(fk.qualifiedTable())) {
                    grew = true;
                }
            }
        }
        return in;
    }

    /** {@code table} bare or qualified; critical tables may be named either way. */
    public boolean critical(String table) {
        int dot = table.lastIndexOf('.');
        return criticalTables.contains(table) || (dot >= 0 && criticalTables.contains(table.substring(dot + 1)))
                || criticalTables.stream().anyMatch(c -> c.endsWith("." + table));
    }

    /** Sets the session so the policies see {@code tenant} (its only member, for a membership model). */
    public void enter(Connection c, String tenant, String role) throws SQLException {
        identity.enter(c, membership == null || tenant == null || tenant.isEmpty() ? tenant : membership.identityFor(tenant), role);
    }

    /** Whether {@code expression} compares {@code column} with the identity (directly or through a helper function). */
    public boolean pins(String expression, String col) {
        if (expression == null || col == null) {
            return false;
        }
        String e = expression.toLowerCase(Locale.ROOT);
        if (!e.matches("(?s).*\\b" + java.util.regex.Pattern.quote(col.toLowerCase(Locale.ROOT)) + "\\b.*")) {
            return false;
        }
        if (setting != null && e.contains("current_setting('" + setting.toLowerCase(Locale.ROOT) + "'")) {
            return true;
        }
        return markers.stream().anyMatch(m -> e.contains(m.toLowerCase(Locale.ROOT)));
    }

    public TenantModel withCritical(Set<String> tables) {
        return new TenantModel(column, setting, tenantTable, tenantKey, tables, identity, membership, markers, source, scope);
    }

    public TenantModel withScope(Scope s) {
        return new TenantModel(column, setting, tenantTable, tenantKey, criticalTables, identity, membership, markers, source, s);
    }

    /** One line for reports: which model, from where. */
    public String describe() {
        if (!present()) {
            return "no tenant model";
        }
        return "column " + column + " compared with " + identity.describe()
                + (membership == null ? "" : " through the membership table " + membership.describe())
                + (tenantTable == null ? "" : "; tenants listed in " + tenantTable + "." + tenantKey) + "; " + source;
    }

    private static String bare(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }
}
