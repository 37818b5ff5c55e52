package dev.stagegate.verification.integrity;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.ForeignKey;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test row into every tenant table, written and read back the way the application would: as a
 * proven probe role (no superuser, no BYPASSRLS, not the owner) with the tenant setting set, so the
 * policies apply. The session user verification connects as bypasses RLS, so a read-back as it
 * would prove nothing. Without a probe role the smoke inserts are NOT tested, never passed.
 * Everything runs in a transaction that is rolled back.
 */
final class SmokeInsert {

    private SmokeInsert() {
    }

    static Count run(Connection c, SchemaSnapshot s, TenantModel model, List<Table> tables, Map<String, String> templates, List<Finding> out)
            throws SQLException {
        return run(c, s, model, tables, templates, null, out);
    }

    /**
     * Only tables the application may insert into (a policy for INSERT or ALL that applies to it) get a
     * test row: a table with none (deny-all, or written only through functions) is left out, said as INFO.
     */
    static Count run(Connection c, SchemaSnapshot s, TenantModel model, List<Table> all, Map<String, String> templates, String applicationRole,
                     List<Finding> out) throws SQLException {
        List<Table> tables = new java.util.ArrayList<>();
        for (Table t : all) {
            boolean insertable = !t.rlsEnabled() || s.policiesOn(t).stream().anyMatch(p -> ("INSERT".equals(p.command()) || "ALL".equals(p.command()))
                    && (p.roles().contains("public") || applicationRole == null || p.roles().contains(applicationRole)));
            if (insertable) {
                tables.add(t);
            } else {
                out.add(Finding.of(VerificationCode.SMOKE_INSERT_NOT_TESTED, Severity.INFO, t.qualified(), "no INSERT policy applies to the "
                        + "application here (deny-all, or written only through functions), so no test row was inserted"));
            }
        }
        return Sql.rolledBack(c, false, conn -> {
            String role;
            try {
                // joined unless the application owns a table without FORCE (then the proof would refuse the role)
                boolean member = applicationRole != null && java.util.Collections.disjoint(
                        dev.stagegate.verification.role.ApplicationRole.read(conn, applicationRole).owns(),
                        tables.stream().filter(t -> !t.rlsForced()).map(Table::qualified).toList());
                role = createRole(conn, s, tables, member ? Sql.quote(applicationRole) : null);
            } catch (SQLException e) {
                notTested(out, "the probe role could not be created (" + Sql.firstLine(e) + ")");
                return Count.of(0, tables.size());
            }
            ProbeRole.Proof proof = ProbeRole.prove(conn, role, ProbeRole.oids(conn, tables));
            if (!proof.clean()) {
                notTested(out, "the probe role could bypass RLS (" + proof.describe() + ")");
                return Count.of(0, tables.size());
            }
            RowFactory rows = new RowFactory(conn, s, model, templates);
            String tenant;
            try {
                tenant = rows.newTenant();
            } catch (SQLException e) {
                out.add(Finding.of(VerificationCode.SMOKE_INSERT_FAILED, Severity.ERROR, String.valueOf(model.tenantTable()),
                        "could not create a test tenant: " + Sql.firstLine(e)));
                return Count.of(0, tables.size());
            }
            int ok = 0;
            for (Table t : tables) {
                if (insertAndReadBack(conn, model, rows, role, t, tenant, out)) {
                    ok++;
                }
            }
            return Count.of(ok, tables.size());
        });
    }

    private static boolean insertAndReadBack(Connection c, TenantModel model, RowFactory rows, String role, Table t, String tenant,
                                             List<Finding> out) throws SQLException {
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            // Parent rows are made as the session user; only the row under test is written as the role.
            String insert = rows.insertSql(t, tenant);
            st.execute("SET LOCAL ROLE " + role);
            setTenant(c, model, tenant);
            // Without a tenant column of its own, what the tenant sees of the table must grow.
            String visible = "SELECT count(*) FROM " + Sql.table(t.schema(), t.name()) + " WHERE " + (t.hasColumn(model.column())
                    ? Sql.quote(model.column()) + "::text = " + Sql.literal(tenant) : "true");
            long before = count(st, visible);
            int inserted = st.executeUpdate(insert);
            long after = count(st, visible);
            st.execute("RESET ROLE");
            if (inserted == 0) {
                out.add(Finding.of(VerificationCode.SMOKE_INSERT_FAILED, Severity.ERROR, t.qualified(), "the test INSERT wrote no row "
                        + "(a trigger dropped it?)", insert));
                return false;
            }
            if (after <= before) {
                out.add(Finding.of(VerificationCode.SMOKE_INSERT_INVISIBLE, Severity.ERROR, t.qualified(), "a row the application role "
                        + "inserted for tenant " + tenant + " cannot be read back with that tenant set: the policies hide it", insert));
                return false;
            }
            return true;
        } catch (SQLException e) {
            c.rollback(sp);
            rows.forgetParents();
            out.add(Finding.of(VerificationCode.SMOKE_INSERT_FAILED, Severity.ERROR, t.qualified(), "test insertion as the probe role "
                    + "failed: " + Sql.firstLine(e)));
            return false;
        }
    }

    /** The probe role, with rights on the tenant tables and the tables they reference (for key subqueries). */
    private static String createRole(Connection c, SchemaSnapshot s, List<Table> tables, String memberOf) throws SQLException {
        Set<String> schemas = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (Table t : tables) {
            schemas.add(Sql.quote(t.schema()));
            names.add(Sql.table(t.schema(), t.name()));
            for (ForeignKey fk : s.foreignKeysOf(t)) {
                schemas.add(Sql.quote(fk.refSchema()));
                names.add(Sql.table(fk.refSchema(), fk.refTable()));
            }
        }
        return ProbeRole.create(c, schemas, names, memberOf);
    }

    private static void notTested(List<Finding> out, String why) {
        out.add(Finding.of(VerificationCode.SMOKE_INSERT_NOT_TESTED, Severity.ERROR, "smoke inserts", why + ", so no test row was "
                + "written under RLS: the smoke inserts were NOT tested; connect as a role with CREATEROLE (or superuser)"));
    }

    private static void setTenant(Connection c, TenantModel model, String tenant) throws SQLException {
        model.enter(c, tenant, null);
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
