package dev.stagegate.verification.rls;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.data.RowFactory;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.role.ProbeRole;
import dev.stagegate.verification.sql.Sql;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CE-23's cross-tenant isolation, proven on every tenant table rather than one hand-picked one.
 *
 * <p>Inside one transaction that is always rolled back: a fresh probe role is created and proven
 * unable to bypass RLS; two synthetic tenants get a row in each table; then, as that role with the
 * tenant setting at A, the probe reads, updates and deletes B's row, inserts a row carrying another
 * tenant's key and moves its own row away; then, with a third tenant set that owns no row, runs an
 * UPDATE and a DELETE without WHERE (a WHERE needs the SELECT policy, so a qualified write can miss
 * an open UPDATE/DELETE policy); where the tenant column is nullable, writes a row without a key and
 * reads it as B. Writes are judged by where the row landed, looked at as the session user with
 * row_security off. With an application role that is neither the owner nor bypasses RLS, every
 * probe runs a second time as that role. Anything that works is a leak, with the proof. Where
 * FORCE is missing the read is repeated as the table owner to show the owner bypass. A negative
 * control (a table whose policy is {@code USING (true)}) must leak, or the whole run is invalid.
 * Each table gets a {@link TableVerdict}; only {@code ISOLATED} counts as isolated.
 */
public final class IsolationProbe {

    /**
     * The outcome of a probe run: findings, the tally (numbers), whether the run itself was valid,
     * and each tenant table's verdict (qualified name; a table missing here was not probed).
     */
    public record Result(List<Finding> findings, Map<String, Object> metrics, boolean valid, String roleProof,
                         Map<String, TableVerdict> verdicts) {
        public Result {
            findings = List.copyOf(findings);
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            verdicts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
        }
    }

    private final Connection connection;
    private final SchemaSnapshot snapshot;
    private final TenantModel model;
    private final String controlPolicy;
    private final Map<String, String> rowTemplates;
    private final String applicationRole;
    /** Test seam: a role granted to the probe role once made, to show a tainted role is refused. */
    private String grantedToProbe;

    public IsolationProbe(Connection connection, SchemaSnapshot snapshot, TenantModel model) {
        this(connection, snapshot, model, Map.of(), null);
    }

    /**
     * @param rowTemplates    values for columns the row factory cannot guess (see RowFactory)
     * @param applicationRole the role the application connects as, or null when unknown
     */
    public IsolationProbe(Connection connection, SchemaSnapshot snapshot, TenantModel model, Map<String, String> rowTemplates,
                          String applicationRole) {
        this(connection, snapshot, model, "true", rowTemplates, applicationRole);
    }

    /** With another control policy, so a test can show that a control which does not leak invalidates the run. */
    IsolationProbe(Connection connection, SchemaSnapshot snapshot, TenantModel model, String controlPolicy, Map<String, String> rowTemplates,
                   String applicationRole) {
        this.connection = connection;
        this.snapshot = snapshot;
        this.model = model;
        this.controlPolicy = controlPolicy;
        this.rowTemplates = rowTemplates;
        this.applicationRole = applicationRole;
    }

    /** Grants {@code role} to the probe role right after creating it (tests only: a role that must fail its proof). */
    IsolationProbe grantingToProbe(String role) {
        this.grantedToProbe = role;
        return this;
    }

    public Result run() throws SQLException {
        List<Table> tables = model.policedTablesIn(snapshot);
        List<Finding> findings = new ArrayList<>();
        Map<String, TableVerdict> verdicts = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Set<String> schemas = new LinkedHashSet<>();
            List<String> names = new ArrayList<>();
            for (Table t : tables) {
                schemas.add(Sql.quote(t.schema()));
                names.add(Sql.table(t.schema(), t.name()));
            }
            Map<String, TableProbe.Application> application = application(tables, findings);
            String control = "sg_probe_control_" + Long.toHexString(System.nanoTime());
            String role;
            boolean member;
            try {
                createControl(control);
                schemas.add(control);
                names.add(control + ".rows");
                // As a member of the application's role, unless that would make it an owner (then the proof would refuse it).
                // (an owned table under FORCE does not count: the owner is bound by its policies, and the proof says so)
                member = applicationRole != null && tables.stream().allMatch(t -> application.get(t.qualified()) == TableProbe.Application.NOT_OWNER
                        || (application.get(t.qualified()) == TableProbe.Application.OWNER && t.rlsForced()));
                role = ProbeRole.create(connection, schemas, names, member ? Sql.quote(applicationRole) : null);
                if (grantedToProbe != null) {
                    try (Statement st = connection.createStatement()) {
                        st.execute("GRANT " + Sql.quote(grantedToProbe) + " TO " + role);
                    }
                }
            } catch (SQLException e) {
                findings.add(Finding.of(VerificationCode.PROBE_ROLE_UNAVAILABLE, Severity.ERROR, "isolation probe", "could not create "
                        + "the probe role (" + Sql.firstLine(e) + "): isolation was NOT tested; connect as a role with CREATEROLE "
                        + "(or superuser) for verification"));
                return result(findings, metrics, false, null, tables, verdicts);
            }
            ProbeRole.Proof proof = ProbeRole.prove(connection, role, ProbeRole.oids(connection, tables));
            if (!proof.clean()) {
                findings.add(Finding.of(VerificationCode.PROBE_ROLE_BYPASSES_RLS, Severity.ERROR, role, "the probe role could bypass "
                        + "RLS, so no probe would mean anything: " + proof.describe()));
                return result(findings, metrics, false, proof.describe(), tables, verdicts);
            }
            boolean controlLeaks = controlLeaks(role, control);
            metrics.put("negative_control", controlLeaks ? "leaked as it must" : "did not leak");
            metrics.put("probe_role", member ? "member of the application role " + applicationRole : "no application role granted");
            if (!controlLeaks) {
                findings.add(Finding.of(VerificationCode.PROBE_CONTROL_FAILED, Severity.ERROR, control, "the negative control (a table "
                        + "whose policy is USING (true)) did not leak to the probe, so the probe cannot see leaks: results are invalid"));
                return result(findings, metrics, false, proof.describe(), tables, verdicts);
            }
            RowFactory rows = new RowFactory(connection, snapshot, model, rowTemplates);
            String tenantA;
            String tenantB;
            String tenantC;
            try {
                tenantA = rows.newTenant();
                tenantB = rows.newTenant();
                // Owns no row: what an unqualified write touches with it set belongs to someone else.
                tenantC = rows.newTenant(model.membership() == null);
            } catch (SQLException e) {
                findings.add(Finding.of(VerificationCode.PROBE_SETUP_FAILED, Severity.ERROR, String.valueOf(model.tenantTable()),
                        "could not create the two synthetic tenants: " + Sql.firstLine(e) + "; isolation was NOT tested"));
                return result(findings, metrics, false, proof.describe(), tables, verdicts);
            }
            lineage = model.lineage(snapshot);
            String anonymous = anonymousRole();
            for (Table t : tables) {
                TableProbe probe = new TableProbe(connection, model, rows, role, t, application.get(t.qualified()), applicationRole, member,
                        shape(t), anonymous);
                findings.addAll(probe.run(tenantA, tenantB, tenantC));
                verdicts.put(t.qualified(), probe.verdict());
            }
            boolean valid = verdicts.values().stream().noneMatch(v -> v == TableVerdict.NOT_PROBED);
            return result(findings, metrics, valid, proof.describe(), tables, verdicts);
        } finally {
            connection.rollback();
            connection.setAutoCommit(auto);
        }
    }

    private static Result result(List<Finding> findings, Map<String, Object> metrics, boolean valid, String proof, List<Table> tables,
                                 Map<String, TableVerdict> verdicts) {
        Map<TableVerdict, Long> by = new EnumMap<>(TableVerdict.class);
        for (Table t : tables) {
            by.merge(verdicts.getOrDefault(t.qualified(), TableVerdict.NOT_PROBED), 1L, Long::sum);
        }
        long total = tables.size();
        long notProbed = by.getOrDefault(TableVerdict.NOT_PROBED, 0L);
        metrics.put("tables_probed", Count.of(total - notProbed, total));
        metrics.put("tables_isolated", Count.of(by.getOrDefault(TableVerdict.ISOLATED, 0L), total));
        metrics.put("tables_leaking", Count.of(by.getOrDefault(TableVerdict.LEAKING, 0L), total));
        metrics.put("tables_not_demonstrated", Count.of(by.getOrDefault(TableVerdict.NOT_DEMONSTRATED, 0L), total));
        metrics.put("owner_bypass", Count.of(by.getOrDefault(TableVerdict.OWNER_BYPASS, 0L), total));
        metrics.put("tables_deny_all", Count.of(by.getOrDefault(TableVerdict.DENY_ALL, 0L), total));
        metrics.put("tables_public_read", Count.of(by.getOrDefault(TableVerdict.PUBLIC_READ, 0L), total));
        metrics.put("tables_not_probed", Count.of(notProbed, total));
        return new Result(findings, metrics, valid, proof, verdicts);
    }

    /**
     * Per table, whether the application role has its owner's rights (then, without FORCE, RLS never
     * applies to the app), or whether it bypasses RLS outright (superuser or BYPASSRLS, reported once).
     */
    private Map<String, TableProbe.Application> application(List<Table> tables, List<Finding> out) throws SQLException {
        Map<String, TableProbe.Application> m = new LinkedHashMap<>();
        if (applicationRole == null) {
            tables.forEach(t -> m.put(t.qualified(), TableProbe.Application.UNKNOWN));
            return m;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, applicationRole);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StagegateException(ErrorCode.INPUT_INVALID, "the application role " + applicationRole + " does not exist; "
                            + "give the role the application connects as, or none");
                }
                if (rs.getBoolean(1)) {
                    out.add(Finding.of(VerificationCode.APPLICATION_ROLE_BYPASSES_RLS, Severity.ERROR, applicationRole, "the application "
                            + "role " + applicationRole + " is superuser or has BYPASSRLS: no policy applies to the application, so "
                            + "isolation is NOT demonstrated on any table"));
                    tables.forEach(t -> m.put(t.qualified(), TableProbe.Application.BYPASSES_RLS));
                    return m;
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_has_role(?, ?, 'USAGE')")) {
            for (Table t : tables) {
                ps.setString(1, applicationRole);
                ps.setString(2, t.owner());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    m.put(t.qualified(), rs.getBoolean(1) ? TableProbe.Application.OWNER : TableProbe.Application.NOT_OWNER);
                }
            }
        }
        return m;
    }

    /**
     * Deny-all: RLS on and no policy. Public read: no tenant column of its own and a permissive read
     * policy for everyone (or the application) that is always true; with a tenant column that same
     * policy is a leak.
     */
    private Set<String> lineage = Set.of();

    /** With JWT policies, PostgREST's anon role (when it exists, is not the application role and cannot bypass RLS). */
    private String anonymousRole() throws SQLException {
        if (model.identity().kind() != dev.stagegate.verification.tenant.Identity.Kind.JWT_CLAIM || "anon".equals(applicationRole)) {
            return null;
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT 1 FROM pg_roles WHERE rolname = 'anon' AND NOT rolsuper AND NOT rolbypassrls")) {
            return rs.next() ? "anon" : null;
        }
    }

    private TableProbe.Shape shape(Table t) {
        List<dev.stagegate.core.snapshot.Policy> policies = snapshot.policiesOn(t);
        if (t.rlsEnabled() && policies.isEmpty()) {
            return TableProbe.Shape.DENY_ALL;
        }
        // a table whose rows belong to a tenant through a parent is tenant data, whatever its read policy says
        boolean ownColumn = lineage.contains(t.qualified());
        boolean openRead = policies.stream().anyMatch(p -> p.permissive() && ("SELECT".equals(p.command()) || "ALL".equals(p.command()))
                && (p.roles().contains("public") || (applicationRole != null && p.roles().contains(applicationRole))) && PolicyText.alwaysTrue(p.using()));
        return !ownColumn && !model.isTenantTable(t) && openRead ? TableProbe.Shape.PUBLIC_READ : TableProbe.Shape.TENANT;
    }

    /** A schema with one table whose policy lets everything through; rolled back with the rest. */
    private void createControl(String schema) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".rows (tenant text NOT NULL, v int)");
            st.execute("ALTER TABLE " + schema + ".rows ENABLE ROW LEVEL SECURITY");
            st.execute("CREATE POLICY open ON " + schema + ".rows USING (" + controlPolicy + ")");
            st.execute("INSERT INTO " + schema + ".rows VALUES ('A', 1), ('B', 2)");
        }
    }

    private boolean controlLeaks(String role, String schema) throws SQLException {
        Savepoint sp = connection.setSavepoint();
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL ROLE " + role);
            model.enter(connection, "A", applicationRole);
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".rows WHERE tenant = 'B'")) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        } finally {
            connection.rollback(sp);
        }
    }
}
