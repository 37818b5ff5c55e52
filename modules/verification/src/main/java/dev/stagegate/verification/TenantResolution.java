package dev.stagegate.verification;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.verification.tenant.FunctionBodies;
import dev.stagegate.verification.tenant.Identity;
import dev.stagegate.verification.tenant.TenantDiscovery;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Which tenant model a run uses: a configured one, else what discovery reads from the policies and
 * their helper functions with the user's stated parts put in; {@link TenantModel#none()} when
 * neither says which column and which identity. And which role the application is: the one given,
 * else {@code authenticated} when the policies read JWT claims and that role exists (the role
 * PostgREST switches to for a signed-in user).
 */
final class TenantResolution {

    private TenantResolution() {
    }

    static TenantModel model(Connection c, SchemaSnapshot s, VerificationConfig config) throws SQLException {
        if (config.tenant() != null) {
            return config.tenant().withCritical(config.critical()).withScope(config.scope());
        }
        Optional<TenantModel> found = TenantDiscovery.find(s, config.critical(), FunctionBodies.read(c), config.scope());
        TenantModel model = config.hints().apply(found.orElse(null), config.critical(), config.scope(), qualifiedColumn -> {
            int dot = qualifiedColumn.lastIndexOf('.');
            String table = qualifiedColumn.substring(0, dot);
            String column = qualifiedColumn.substring(dot + 1);
            return s.table(table).flatMap(t -> t.columns().stream().filter(x -> x.name().equals(column)).findFirst())
                    .map(dev.stagegate.core.snapshot.Column::type).orElse("text");
        });
        if (model == null) {
            return TenantModel.none().withScope(config.scope());
        }
        if (model.tenantTable() != null && s.table(model.tenantTable()).isEmpty()) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE, "the tenant table "
                    + model.tenantTable() + " does not exist; give --tenant-table as table or schema.table");
        }
        return model;
    }

    /** A row template for a column that does not exist would be ignored silently: refused, naming it. */
    static void requireTemplatesMatch(SchemaSnapshot s, java.util.Map<String, String> templates) {
        for (String key : templates.keySet()) {
            int dot = key.lastIndexOf('.');
            String table = dot < 0 ? "" : key.substring(0, dot);
            String column = dot < 0 ? key : key.substring(dot + 1);
            boolean found = s.tables().stream().anyMatch(t -> (t.name().equals(table) || t.qualified().equals(table)) && t.hasColumn(column));
            if (!found) {
                throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE, "--row-template "
                        + key.replaceAll("\\p{Cntrl}", "?") + " names no column of any table; write table.column, e.g. scopes.scope_id");
            }
        }
    }

    static VerificationConfig applicationRole(Connection c, TenantModel model, VerificationConfig config) throws SQLException {
        if (config.applicationRole() != null || !model.present() || model.identity().kind() != Identity.Kind.JWT_CLAIM) {
            return config;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = 'authenticated'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? config.withApplicationRole("authenticated") : config;
        }
    }
}
