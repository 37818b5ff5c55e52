package dev.stagegate.verification.fk;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.verification.Sql;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CE-24's "FK cascade behavior tested": for each foreign key, a parent that has children is
 * deleted in a transaction that is rolled back, and what happened (children deleted, set to NULL,
 * or the delete refused) is compared with the declared ON DELETE.
 */
public final class OnDeleteRehearsal {

    /** Per-key outcome, and how many keys could be rehearsed at all. */
    public record Result(List<Finding> findings, int rehearsed, int keys) {
    }

    private OnDeleteRehearsal() {
    }

    public static Result run(Connection c, SchemaSnapshot s) throws SQLException {
        return Sql.rolledBack(c, true, conn -> {
            List<Finding> out = new ArrayList<>();
            int rehearsed = 0;
            for (ForeignKey fk : s.foreignKeys()) {
                Optional<List<String>> key = ForeignKeyChecks.parentWithChildren(conn, fk);
                String object = fk.qualifiedTable() + "." + fk.name();
                if (key.isEmpty()) {
                    out.add(Finding.of("FK_DELETE_NOT_REHEARSED", Severity.INFO, object, fk.table() + " has no row referencing "
                            + fk.refTable() + ", so ON DELETE " + fk.onDelete() + " could not be rehearsed"));
                    continue;
                }
                String observed = observe(conn, s, fk, key.get(), out, object);
                if (observed == null) {
                    continue;
                }
                rehearsed++;
                if (!compatible(fk.onDelete(), observed)) {
                    out.add(Finding.of("FK_ON_DELETE_MISMATCH", Severity.ERROR, object, "declared ON DELETE " + fk.onDelete()
                            + " but deleting a " + fk.refTable() + " row " + observed, "parent key " + key.get()));
                }
            }
            return new Result(out, rehearsed, s.foreignKeys().size());
        });
    }

    /** What deleting the parent did to the children; null when something else decided it. */
    private static String observe(Connection c, SchemaSnapshot s, ForeignKey fk, List<String> key, List<Finding> out, String object)
            throws SQLException {
        String child = Sql.table(fk.schema(), fk.table());
        String byKey = ForeignKeyChecks.match("", fk.columns(), key);
        long childrenBefore = count(c, "SELECT count(*) FROM " + child + " WHERE " + byKey);
        long totalBefore = count(c, "SELECT count(*) FROM " + child);
        Savepoint sp = c.setSavepoint();
        try (Statement st = c.createStatement()) {
            if (fk.deferrable()) {
                // A deferred NO ACTION would only be checked at commit; make it say now.
                st.execute("SET CONSTRAINTS ALL IMMEDIATE");
            }
            st.executeUpdate("DELETE FROM " + Sql.table(fk.refSchema(), fk.refTable()) + " WHERE "
                    + ForeignKeyChecks.match("", fk.refColumns(), key));
            long childrenAfter = count(c, "SELECT count(*) FROM " + child + " WHERE " + byKey);
            long totalAfter = count(c, "SELECT count(*) FROM " + child);
            if (childrenAfter > 0) {
                return "left its " + childrenAfter + " child row(s) in place";
            }
            return totalAfter < totalBefore ? "deleted its " + childrenBefore + " child row(s) (CASCADE)"
                    : "cleared the key of its " + childrenBefore + " child row(s) (SET NULL/DEFAULT)";
        } catch (SQLException e) {
            String constraint = e instanceof PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getConstraint() : null;
            if ("23503".equals(e.getSQLState()) && fk.name().equals(constraint)) {
                return "was refused while children exist (RESTRICT/NO ACTION)";
            }
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            c.rollback(sp);
            // By design only when another RESTRICT/NO ACTION key already had rows under this parent;
            // a key refusing a row some trigger wrote during the delete is a real block.
            Optional<ForeignKey> blocker = s.foreignKeys().stream().filter(other -> other.name().equals(constraint)
                    && other.qualifiedRefTable().equals(fk.qualifiedRefTable())
                    && (other.onDelete().equals("NO ACTION") || other.onDelete().equals("RESTRICT"))).findFirst();
            boolean byDesign = blocker.isPresent() && count(c, "SELECT count(*) FROM " + Sql.table(blocker.get().schema(),
                    blocker.get().table()) + " WHERE " + ForeignKeyChecks.match("", blocker.get().columns(), key)) > 0;
            if (byDesign) {
                out.add(Finding.of("FK_DELETE_NOT_REHEARSED", Severity.INFO, object, "this parent also has rows in a table whose key "
                        + constraint + " refuses the delete, as declared, so ON DELETE " + fk.onDelete() + " was not observed"));
                return null;
            }
            boolean acts = !fk.onDelete().equals("NO ACTION") && !fk.onDelete().equals("RESTRICT");
            // Declared to act, yet the parent cannot be deleted at all: worth a look, not a silent skip.
            out.add(Finding.of(acts ? "FK_DELETE_BLOCKED" : "FK_DELETE_NOT_REHEARSED", acts ? Severity.WARNING : Severity.INFO, object,
                    "declared ON DELETE " + fk.onDelete() + ", but deleting a " + fk.refTable() + " row that has " + fk.table()
                            + " rows fails for another reason: " + why, "parent key " + key));
            return null;
        } finally {
            c.rollback(sp);
        }
    }

    static boolean compatible(String declared, String observed) {
        return switch (declared) {
            case "CASCADE" -> observed.contains("(CASCADE)");
            case "SET NULL", "SET DEFAULT" -> observed.contains("(SET NULL/DEFAULT)");
            default -> observed.contains("(RESTRICT/NO ACTION)");
        };
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
