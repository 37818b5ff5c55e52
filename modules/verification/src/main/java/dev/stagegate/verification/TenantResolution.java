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
        requireNamesExist(s, config);
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
            if (config.hints().column() != null || config.hints().table() != null || config.hints().membership() != null) {
                throw usage("the tenant model is stated only in part and no policy says the rest: give the identity too "
                        + "(--tenant-setting NAME or --tenant-claim CLAIM) with --tenant-column");
            }
            return TenantModel.none().withScope(config.scope());
        }
        if (config.hints().table() != null && config.hints().key() == null) {
            // the stated table's own single-column key, unless it is the table discovery found (then its key stands)
            model = keyOf(s, model, found.orElse(null));
        }
        if (model.tenantKey() != null && model.tenantTable() != null && s.table(model.tenantTable()).isPresent()
                && !s.table(model.tenantTable()).get().hasColumn(model.tenantKey())) {
            throw usage("the tenant table " + model.tenantTable() + " has no column " + model.tenantKey() + "; give --tenant-key");
        }
        if (model.membership() != null) {
            var m = model.membership();
            var mt = s.table(m.table()).orElseThrow(() -> usage("the membership table " + m.table() + " does not exist"));
            for (String col : java.util.List.of(m.userColumn(), m.tenantColumn())) {
                if (!mt.hasColumn(col)) {
                    throw usage("the membership table " + m.table() + " has no column " + col);
                }
            }
        }
        if (model.tenantTable() != null && s.table(model.tenantTable()).isEmpty()) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE, "the tenant table "
                    + model.tenantTable() + " does not exist; give --tenant-table as table or schema.table");
        }
        return model;
    }

    private static dev.stagegate.core.error.StagegateException usage(String message) {
        return new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE, message.replaceAll("\\p{Cntrl}", "?"));
    }

    private static TenantModel keyOf(SchemaSnapshot s, TenantModel model, TenantModel discovered) {
        if (discovered != null && discovered.tenantTable() != null && s.table(discovered.tenantTable()).map(t -> model.isTenantTable(t)).orElse(false)) {
            return new TenantModel(model.column(), model.setting(), model.tenantTable(), discovered.tenantKey(), model.criticalTables(),
                    model.identity(), model.membership(), model.markers(), model.source(), model.scope());
        }
        return s.table(model.tenantTable()).filter(t -> t.primaryKey().size() == 1).map(t -> new TenantModel(model.column(), model.setting(),
                model.tenantTable(), t.primaryKey().get(0), model.criticalTables(), model.identity(), model.membership(), model.markers(),
                model.source(), model.scope())).orElse(model);
    }

    /** Every name the user gave must name something: a misspelt one would be ignored silently. */
    static void requireNamesExist(SchemaSnapshot s, VerificationConfig config) {
        var h = config.hints();
        if (h.claim() != null && !h.claim().matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw usage("--tenant-claim '" + h.claim() + "' is not a claim name; give a top-level claim such as sub or org_id");
        }
        if (h.column() != null && s.tables().stream().noneMatch(t -> t.hasColumn(h.column()))) {
            throw usage("--tenant-column " + h.column() + ": no table has that column");
        }
        java.util.Set<String> schemas = new java.util.HashSet<>(s.schemas());
        s.tables().forEach(t -> schemas.add(t.schema()));
        for (String name : config.scope().include()) {
            if (!schemas.contains(name)) {
                throw usage("--schema " + name + ": no such schema (the database has " + String.join(", ", new java.util.TreeSet<>(schemas)) + ")");
            }
        }
        for (String name : config.scope().exclude()) {
            if (!schemas.contains(name)) {
                throw usage("--exclude-schema " + name + ": no such schema");
            }
        }
        for (String name : config.critical()) {
            if (s.tables().stream().noneMatch(t -> t.name().equals(name) || t.qualified().equals(name))) {
                throw usage("--critical " + name + ": no such table (give table or schema.table, as the catalog spells it)");
            }
        }
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

    /** The application role, and with JWT policies PostgREST's anon role too (when it exists and cannot bypass RLS). */
    static dev.stagegate.verification.role.ApplicationRole servedRoles(Connection c, TenantModel model, VerificationConfig config) throws SQLException {
        var app = dev.stagegate.verification.role.ApplicationRole.read(c, config.applicationRole());
        if (!app.known() || model.identity().kind() != Identity.Kind.JWT_CLAIM || "anon".equals(app.name())) {
            return app;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = 'anon' AND NOT rolsuper AND NOT rolbypassrls");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? app.with(dev.stagegate.verification.role.ApplicationRole.read(c, "anon")) : app;
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
