package dev.stagegate.verification.fk;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.sql.Sql;
import dev.stagegate.verification.tenant.TenantModel;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CE-24's "FK cascade behavior tested": for each foreign key, a parent that has children is deleted
 * in a transaction that is rolled back, each child row is found again, and what happened to it is
 * compared with the declared ON DELETE ({@link DeleteOutcome}). A key without usable child rows is
 * rehearsed on a synthetic parent and child made by the row factory; if those cannot be made, the
 * key is not rehearsed, which is an error, never counted.
 */
public final class OnDeleteRehearsal {

    /** One key's rehearsal: what was declared, what was observed, and whether on synthetic rows. */
    public record Rehearsal(String key, String declared, DeleteOutcome expected, DeleteOutcome outcome, boolean synthetic) {
        public boolean compatible() {
            return outcome == expected;
        }
    }

    /** Every key's rehearsal and the findings; {@link #rehearsed()} counts only observed outcomes. */
    public record Result(List<Finding> findings, List<Rehearsal> rehearsals) {
        public Result {
            findings = List.copyOf(findings);
            rehearsals = List.copyOf(rehearsals);
        }

        public int rehearsed() {
            return (int) rehearsals.stream().filter(r -> r.outcome().observed()).count();
        }

        public int keys() {
            return rehearsals.size();
        }

        public Count tally() {
            return Count.of(rehearsed(), keys());
        }
    }

    private OnDeleteRehearsal() {
    }

    /** Without a tenant model: synthetic rows carry no tenant. */
    public static Result run(Connection c, SchemaSnapshot s) throws SQLException {
        return run(c, s, TenantModel.none(), Map.of());
    }

    public static Result run(Connection c, SchemaSnapshot s, TenantModel model, Map<String, String> rowTemplates) throws SQLException {
        return Sql.rolledBack(c, true, conn -> {
            List<Finding> out = new ArrayList<>();
            List<Rehearsal> rehearsals = new ArrayList<>();
            SyntheticChild synthetic = new SyntheticChild(conn, s, model, rowTemplates);
            for (ForeignKey fk : s.foreignKeys().stream().filter(f -> model.scope().includes(f.schema())).toList()) {
                Savepoint sp = conn.setSavepoint();
                try {
                    rehearsals.add(rehearse(conn, s, fk, synthetic, out));
                } catch (SQLException e) {
                    if (!"42501".equals(e.getSQLState())) {
                        throw e;
                    }
                    conn.rollback(sp);
                    synthetic.forget();
                    rehearsals.add(notRehearsed(fk, fk.qualifiedTable() + "." + fk.name(), "row-level security or a missing privilege "
                            + "blocks reading the rows (" + Sql.firstLine(e) + "); verify as a role with BYPASSRLS or as the owner", out));
                }
            }
            return new Result(out, rehearsals);
        });
    }

    private static Rehearsal rehearse(Connection c, SchemaSnapshot s, ForeignKey fk, SyntheticChild synthetic, List<Finding> out)
            throws SQLException {
        String object = fk.qualifiedTable() + "." + fk.name();
        Table child = s.table(fk.qualifiedTable()).orElse(null);
        if (child == null) {
            return notRehearsed(fk, object, "the child table is not in the snapshot", out);
        }
        Optional<List<String>> key = ForeignKeyChecks.parentWithChildren(c, fk);
        if (key.isPresent()) {
            Observation o = observe(c, s, fk, child, key.get());
            if (o.outcome != null && o.outcome != DeleteOutcome.NOT_REHEARSED) {
                return judged(fk, child, object, o, key.get(), false, out);
            }
            if (o.outcome == null && !o.byDesign) {
                out.add(Finding.of(VerificationCode.FK_DELETE_BLOCKED, Severity.ERROR, object, "declared ON DELETE " + fk.onDelete()
                        + ", but deleting a " + fk.refTable() + " row that has " + fk.table() + " rows fails for another reason: "
                        + o.why, "parent key " + key.get()));
                return new Rehearsal(object, fk.onDelete(), expected(fk, child), DeleteOutcome.BLOCKED, false);
            }
            // Another RESTRICT key holds this parent, as declared (or no child row could be found again):
            // rehearse on a parent of our own.
        }
        Savepoint sp = c.setSavepoint();
        try {
            List<String> parentKey;
            try {
                parentKey = synthetic.make(fk, child);
            } catch (SQLException e) {
                c.rollback(sp);
                synthetic.forget();
                return notRehearsed(fk, object, "no usable child row exists and a synthetic parent and child could not be made ("
                        + Sql.firstLine(e) + ")", out);
            }
            Observation o = observe(c, s, fk, child, parentKey);
            if (o.outcome == DeleteOutcome.NOT_REHEARSED) {
                return notRehearsed(fk, object, "the synthetic child row could not be found again", out);
            }
            if (o.outcome == null && o.byDesign && expected(fk, child) == DeleteOutcome.REFUSED) {
                // The child's other keys needed rows (a composite tenant key's parent) that hold the same parent
                // through a RESTRICT/NO ACTION key of their own: the delete is refused while children exist, as declared.
                return judged(fk, child, object, new Observation(DeleteOutcome.REFUSED, o.children, true, o.why), parentKey, true, out);
            }
            if (o.outcome == null) {
                out.add(Finding.of(VerificationCode.FK_DELETE_BLOCKED, Severity.ERROR, object, "declared ON DELETE " + fk.onDelete()
                        + ", but deleting a synthetic " + fk.refTable() + " row with one " + fk.table() + " row fails: " + o.why));
                return new Rehearsal(object, fk.onDelete(), expected(fk, child), DeleteOutcome.BLOCKED, true);
            }
            return judged(fk, child, object, o, parentKey, true, out);
        } finally {
            c.rollback(sp);
            synthetic.forget();
        }
    }

    private static Rehearsal judged(ForeignKey fk, Table child, String object, Observation o, List<String> key, boolean synthetic,
                                    List<Finding> out) {
        Rehearsal r = new Rehearsal(object, fk.onDelete(), expected(fk, child), o.outcome, synthetic);
        if (!r.compatible()) {
            out.add(Finding.of(VerificationCode.FK_ON_DELETE_MISMATCH, Severity.ERROR, object, "declared ON DELETE " + fk.onDelete()
                    + " but deleting a " + fk.refTable() + " row " + o.outcome.describe(o.children) + " (" + o.outcome + ")"
                    + (synthetic ? ", on synthetic rows" : ""), "parent key " + key));
        }
        return r;
    }

    private static Rehearsal notRehearsed(ForeignKey fk, String object, String why, List<Finding> out) {
        out.add(Finding.of(VerificationCode.FK_DELETE_NOT_REHEARSED, Severity.ERROR, object, "ON DELETE " + fk.onDelete()
                + " was NOT rehearsed: " + why));
        return new Rehearsal(object, fk.onDelete(), DeleteOutcome.expectedFor(fk.onDelete()), DeleteOutcome.NOT_REHEARSED, false);
    }

    /** SET DEFAULT on columns whose default is NULL does what SET NULL does. */
    static DeleteOutcome expected(ForeignKey fk, Table child) {
        DeleteOutcome declared = DeleteOutcome.expectedFor(fk.onDelete());
        boolean nullDefaults = fk.columns().stream().allMatch(col -> child.columns().stream()
                .filter(x -> x.name().equals(col)).allMatch(x -> x.defaultExpression() == null));
        return declared == DeleteOutcome.SET_DEFAULT && nullDefaults ? DeleteOutcome.SET_NULL : declared;
    }

    /** What deleting the parent did; {@code outcome} null when the delete failed for another reason. */
    private record Observation(DeleteOutcome outcome, int children, boolean byDesign, String why) {
    }

    private static Observation observe(Connection c, SchemaSnapshot s, ForeignKey fk, Table child, List<String> key) throws SQLException {
        ChildRows rows = ChildRows.of(c, fk, child, key);
        if (rows.size() == 0) {
            return new Observation(DeleteOutcome.NOT_REHEARSED, 0, false, "no child row found again");
        }
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            if (fk.deferrable()) {
                // A deferred NO ACTION would only be checked at commit; make it say now.
                st.execute("SET CONSTRAINTS ALL IMMEDIATE");
            }
            Table parent = s.table(fk.qualifiedRefTable()).orElse(child);
            st.executeUpdate("DELETE FROM " + Sql.table(fk.refSchema(), fk.refTable()) + " WHERE "
                    + ForeignKeyChecks.typedMatch("", parent, fk.refColumns(), key));
            return new Observation(rows.outcomeAfterDelete(c), rows.size(), false, null);
        } catch (SQLException e) {
            String constraint = e instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getConstraint() : null;
            if ("23503".equals(e.getSQLState()) && fk.name().equals(constraint)) {
                return new Observation(DeleteOutcome.REFUSED, rows.size(), false, null);
            }
            c.rollback(sp);
            // By design only when another RESTRICT/NO ACTION key already had rows under this parent;
            // a key refusing a row some trigger wrote during the delete is a real block.
            Optional<ForeignKey> blocker = s.foreignKeys().stream().filter(other -> other.name().equals(constraint)
                    && other.qualifiedRefTable().equals(fk.qualifiedRefTable())
                    && (other.onDelete().equals("NO ACTION") || other.onDelete().equals("RESTRICT"))).findFirst();
            boolean byDesign = blocker.isPresent() && ForeignKeyChecks.hasChildren(c, blocker.get(), key);
            return new Observation(null, rows.size(), byDesign, Sql.firstLine(e));
        } finally {
            c.rollback(sp);
        }
    }
}
