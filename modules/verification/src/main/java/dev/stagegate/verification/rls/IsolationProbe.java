package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.data.RowFactory;
import dev.stagegate.verification.data.SyntheticRow;
import dev.stagegate.verification.tenant.TenantModel;
import dev.stagegate.verification.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
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
 * tenant setting at A, the probe reads, updates and deletes B's row, inserts a row carrying B's key
 * and moves its own row to B. Anything that works is a leak, with the proof. Where FORCE is missing
 * the read is repeated as the table owner to show the owner bypass. A negative control (a table
 * whose policy is {@code USING (true)}) must leak, or the whole run is reported invalid.
 */
public final class IsolationProbe {

    /** The outcome of a probe run: findings, the tally, and whether the run itself was valid. */
    public record Result(List<Finding> findings, Map<String, Object> metrics, boolean valid, String roleProof) {
    }

    private final Connection connection;
    private final SchemaSnapshot snapshot;
    private final TenantModel model;
    private final String controlPolicy;
    private final Map<String, String> rowTemplates;

    public IsolationProbe(Connection connection, SchemaSnapshot snapshot, TenantModel model) {
        this(connection, snapshot, model, Map.of());
    }

    /** @param rowTemplates values for columns the row factory cannot guess (see RowFactory) */
    public IsolationProbe(Connection connection, SchemaSnapshot snapshot, TenantModel model, Map<String, String> rowTemplates) {
        this(connection, snapshot, model, "true", rowTemplates);
    }

    /** With another control policy, so a test can show that a control which does not leak invalidates the run. */
    IsolationProbe(Connection connection, SchemaSnapshot snapshot, TenantModel model, String controlPolicy, Map<String, String> rowTemplates) {
        this.connection = connection;
        this.snapshot = snapshot;
        this.model = model;
        this.controlPolicy = controlPolicy;
        this.rowTemplates = rowTemplates;
    }

    public Result run() throws SQLException {
        List<Table> tables = RlsCoverage.tenantTables(snapshot, model);
        List<Finding> findings = new ArrayList<>();
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
            String control = "sg_probe_control_" + Long.toHexString(System.nanoTime());
            String role;
            try {
                createControl(control);
                schemas.add(control);
                names.add(control + ".rows");
                role = ProbeRole.create(connection, schemas, names);
            } catch (SQLException e) {
                findings.add(Finding.of("PROBE_ROLE_UNAVAILABLE", Severity.ERROR, "isolation probe", "could not create the probe "
                        + "role (" + e.getMessage().lines().findFirst().orElse("") + "): isolation was NOT tested; connect as a "
                        + "role with CREATEROLE (or superuser) for verification"));
                return new Result(findings, metrics, false, null);
            }
            ProbeRole.Proof proof = ProbeRole.prove(connection, role, oids(tables));
            if (!proof.clean()) {
                findings.add(Finding.of("PROBE_ROLE_BYPASSES_RLS", Severity.ERROR, role, "the probe role could bypass RLS, so "
                        + "no probe would mean anything: " + proof.describe()));
                return new Result(findings, metrics, false, proof.describe());
            }
            boolean controlLeaks = controlLeaks(role, control);
            metrics.put("negative_control", controlLeaks ? "leaked as it must" : "did not leak");
            if (!controlLeaks) {
                findings.add(Finding.of("PROBE_CONTROL_FAILED", Severity.ERROR, control, "the negative control (a table whose "
                        + "policy is USING (true)) did not leak to the probe, so the probe cannot see leaks: results are invalid"));
                return new Result(findings, metrics, false, proof.describe());
            }
            RowFactory rows = new RowFactory(connection, snapshot, model, rowTemplates);
            String tenantA;
            String tenantB;
            try {
                tenantA = rows.newTenant();
                tenantB = rows.newTenant();
            } catch (SQLException e) {
                findings.add(Finding.of("PROBE_SETUP_FAILED", Severity.ERROR, String.valueOf(model.tenantTable()), "could not create "
                        + "the two synthetic tenants: " + Sql.firstLine(e) + "; isolation was NOT tested"));
                return new Result(findings, metrics, false, proof.describe());
            }
            int probed = 0;
            int isolated = 0;
            for (Table t : tables) {
                TableProbe probe = new TableProbe(connection, model, rows, role, t);
                List<Finding> found = probe.run(tenantA, tenantB);
                findings.addAll(found);
                if (probe.ran()) {
                    probed++;
                    if (found.stream().noneMatch(f -> f.code().startsWith("LEAK_"))) {
                        isolated++;
                    }
                }
            }
            metrics.put("tables_probed", probed + "/" + tables.size());
            metrics.put("tables_isolated", isolated + "/" + tables.size());
            return new Result(findings, metrics, probed == tables.size(), proof.describe());
        } finally {
            connection.rollback();
            connection.setAutoCommit(auto);
        }
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
            try (PreparedStatement ps = connection.prepareStatement("SELECT set_config(?, 'A', true)")) {
                ps.setString(1, model.setting());
                ps.execute();
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".rows WHERE tenant = 'B'")) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        } finally {
            connection.rollback(sp);
        }
    }

    private List<String> oids(List<Table> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT (quote_ident(?) || '.' || quote_ident(?))::regclass::oid")) {
            for (Table t : tables) {
                ps.setString(1, t.schema());
                ps.setString(2, t.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
