package dev.stagegate.verification.rls;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.verification.data.SyntheticRow;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.sql.Sql;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;

/**
 * The probes of one table that write a tenant key: tenant A's own row moved to another tenant, with
 * a WHERE (which makes PostgreSQL check the new row against the SELECT policy) and without one
 * (which does not), and a row written with no key at all that another tenant then reads.
 */
final class MoveProbes {

    private static final String DENIED = "42501";
    private final TableProbe p;

    MoveProbes(TableProbe probe) {
        this.p = probe;
    }

    void qualified(SyntheticRow rowA, String target, List<Finding> out) throws SQLException {
        String sql = "UPDATE " + p.name() + " SET " + Sql.quote(p.column()) + " = " + Sql.literal(target) + "::" + p.type() + " WHERE " + rowA.where();
        Savepoint sp = p.connection().setSavepoint();
        try {
            SessionLook look = new SessionLook(p.connection(), p.name());
            String inTarget = Sql.quote(p.column()) + "::text = " + Sql.literal(target);
            long before = look.count(inTarget, p.actor());
            int moved;
            try (Statement st = p.connection().createStatement()) {
                moved = st.executeUpdate(sql);
            } catch (SQLException e) {
                p.connection().rollback(sp);
                if ("P0001".equals(e.getSQLState()) && sameKeyUpdateWorks(rowA)) {
                    // a trigger raised on the move only (the same row updated in place goes through): the tenant key cannot change
                    out.add(Finding.of(VerificationCode.TENANT_KEY_REWRITTEN, Severity.INFO, p.table().qualified(), "moving a row to another "
                            + "tenant was refused by a trigger (" + Sql.firstLine(e) + "): the tenant key cannot change", sql));
                    return;
                }
                if (!DENIED.equals(e.getSQLState())) {
                    p.notDemonstrated();
                    out.add(Finding.of(VerificationCode.PROBE_MOVE_INCONCLUSIVE, Severity.ERROR, p.table().qualified(), "moving a row to another "
                            + "tenant failed for another reason than RLS (" + Sql.firstLine(e) + "), so write isolation was NOT shown", sql));
                }
                return;
            }
            if (moved > 0) {
                p.landed(look.count(inTarget, p.actor()) > before, VerificationCode.LEAK_MOVE, "moved tenant A's own row to another tenant",
                        "UPDATE", sql, out);
            }
        } finally {
            p.connection().rollback(sp);
        }
    }

    /**
     * The same move without a WHERE clause: a WHERE that reads a column makes PostgreSQL check the new
     * row against the SELECT policy too, so an UPDATE policy with no WITH CHECK only shows its hole
     * here. A failure moved nothing (the statement is undone), so only a success that grew the other
     * tenant counts, and nothing else is reported.
     */
    void unqualified(String target, List<Finding> out) throws SQLException {
        String sql = "UPDATE " + p.name() + " SET " + Sql.quote(p.column()) + " = " + Sql.literal(target) + "::" + p.type();
        Savepoint sp = p.connection().setSavepoint();
        try {
            SessionLook look = new SessionLook(p.connection(), p.name());
            String inTarget = Sql.quote(p.column()) + "::text = " + Sql.literal(target);
            long before = look.count(inTarget, p.actor());
            int moved;
            Savepoint attempt = p.connection().setSavepoint();
            try (Statement st = p.connection().createStatement()) {
                moved = st.executeUpdate(sql);
            } catch (SQLException e) {
                p.connection().rollback(attempt);
                return;
            }
            if (moved > 0 && look.count(inTarget, p.actor()) > before) {
                out.add(p.leak(VerificationCode.LEAK_MOVE, "moved tenant A's rows to another tenant by an UPDATE without a WHERE clause "
                        + "(the other tenant's row count grew)", sql));
            }
        } finally {
            p.connection().rollback(sp);
        }
    }

    /** A nullable tenant key: a row A writes without a key must not be readable by B. */
    void nullTenant(String tenantA, String tenantB, String nullInsert, List<Finding> out) throws SQLException {
        String unkeyed = Sql.quote(p.column()) + " IS NULL";
        Savepoint sp = p.connection().setSavepoint();
        try {
            p.setTenant(tenantB);
            long before = p.count(unkeyed);
            p.setTenant(tenantA);
            Savepoint insert = p.connection().setSavepoint();
            try (Statement st = p.connection().createStatement()) {
                st.execute(nullInsert);
            } catch (SQLException e) {
                // Refused (RLS, a CHECK, a trigger): no row without a key, no channel.
                p.connection().rollback(insert);
                return;
            }
            p.setTenant(tenantB);
            if (p.count(unkeyed) > before) {
                out.add(p.leak(VerificationCode.LEAK_NULL_TENANT, "inserted a row with no tenant key with tenant A set, and read it back "
                        + "with tenant B set: a channel between tenants", nullInsert));
            }
        } finally {
            p.connection().rollback(sp);
        }
    }

    /** Whether the actor may update its own row without changing the tenant key (undone). */
    private boolean sameKeyUpdateWorks(SyntheticRow rowA) throws SQLException {
        Savepoint sp = p.connection().setSavepoint();
        try (Statement st = p.connection().createStatement()) {
            st.executeUpdate("UPDATE " + p.name() + " SET " + Sql.quote(p.column()) + " = " + Sql.quote(p.column()) + " WHERE " + rowA.where());
            return true;
        } catch (SQLException e) {
            return false;
        } finally {
            p.connection().rollback(sp);
        }
    }
}
