package dev.stagegate.verification.integrity;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.Sql;
import dev.stagegate.verification.data.RowFactory;
import dev.stagegate.verification.data.SyntheticRow;
import dev.stagegate.verification.rls.RlsCoverage;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CE-25: no NULL tenant keys, no timestamps in the future, children in their parent's tenant
 * (the seed's "every alert points at a real analysis", generalised to every tenant-scoped foreign
 * key), and a test insertion into every tenant table that is read back and rolled back.
 */
public final class IntegrityChecks {

    /** Timestamp columns that record when something happened, so can never be ahead of now. */
    public static final Set<String> EVENT_COLUMNS = Set.of("created_at", "updated_at", "inserted_at", "modified_at",
            "changed_at", "recorded_at", "occurred_at");
    private static final Set<String> TIMESTAMP_TYPES = Set.of("timestamp with time zone", "timestamp without time zone", "date");

    public record Result(List<Finding> findings, Map<String, Object> tally) {
    }

    private IntegrityChecks() {
    }

    public static Result run(Connection c, SchemaSnapshot s, TenantModel model) throws SQLException {
        return run(c, s, model, Map.of());
    }

    public static Result run(Connection c, SchemaSnapshot s, TenantModel model, Map<String, String> rowTemplates) throws SQLException {
        List<Finding> out = new ArrayList<>();
        Map<String, Object> tally = new LinkedHashMap<>();
        List<Table> tenantTables = RlsCoverage.tenantTables(s, model).stream().filter(t -> !t.name().equals(model.tenantTable())).toList();
        Sql.rolledBack(c, true, conn -> {
            long nulls = sumByTable(conn, tenantTables.stream().map(t -> new String[]{t.qualified(),
                    "SELECT count(*) FROM " + Sql.table(t.schema(), t.name()) + " WHERE " + Sql.quote(model.column()) + " IS NULL"}).toList(),
                    (table, n) -> out.add(Finding.of("NULL_TENANT_KEY", Severity.CRITICAL, table, n + " row(s) have no "
                            + model.column() + ": no policy can place them in a tenant")));
            tally.put("null_tenant_keys", nulls);
            List<String[]> future = new ArrayList<>();
            for (Table t : s.tables()) {
                for (Column col : t.columns()) {
                    if (EVENT_COLUMNS.contains(col.name()) && TIMESTAMP_TYPES.contains(col.type())) {
                        future.add(new String[]{t.qualified() + "." + col.name(), "SELECT count(*) FROM " + Sql.table(t.schema(), t.name())
                                + " WHERE " + Sql.quote(col.name()) + " > now() + interval '5 minutes'"});
                    }
                }
            }
            long ahead = sumByTable(conn, future, (column, n) -> out.add(Finding.of("FUTURE_TIMESTAMP", Severity.ERROR, column,
                    n + " row(s) are dated more than 5 minutes in the future")));
            tally.put("future_timestamps", ahead);
            long crossTenant = linkage(conn, s, model, out);
            tally.put("cross_tenant_links", crossTenant);
            return null;
        });
        int[] smoke = smokeInsert(c, s, model, tenantTables, out, rowTemplates);
        tally.put("smoke_inserts", smoke[0] + "/" + smoke[1]);
        return new Result(out, tally);
    }

    /** Every FK between two tenant tables must stay inside one tenant: the child's tenant is its parent's. */
    private static long linkage(Connection c, SchemaSnapshot s, TenantModel model, List<Finding> out) throws SQLException {
        List<String[]> queries = new ArrayList<>();
        for (ForeignKey fk : s.foreignKeys()) {
            Table child = s.table(fk.qualifiedTable()).orElse(null);
            Table parent = s.table(fk.qualifiedRefTable()).orElse(null);
            if (child == null || parent == null || fk.columns().contains(model.column()) || !child.hasColumn(model.column())
                    || !parent.hasColumn(model.column())) {
                continue;
            }
            List<String> join = new ArrayList<>();
            for (int i = 0; i < fk.columns().size(); i++) {
                join.add("p." + Sql.quote(fk.refColumns().get(i)) + " = c." + Sql.quote(fk.columns().get(i)));
            }
            queries.add(new String[]{fk.qualifiedTable() + "." + fk.name(), "SELECT count(*) FROM " + Sql.table(fk.schema(), fk.table())
                    + " c JOIN " + Sql.table(fk.refSchema(), fk.refTable()) + " p ON " + String.join(" AND ", join)
                    + " WHERE p." + Sql.quote(model.column()) + " IS DISTINCT FROM c." + Sql.quote(model.column())});
        }
        return sumByTable(c, queries, (key, n) -> out.add(Finding.of("TENANT_LINKAGE_BROKEN", Severity.CRITICAL, key, n
                + " row(s) point at a parent of another tenant: their " + model.column() + " differs from the parent's")));
    }

    /** Runs every count in one statement (UNION ALL), so the round trips stay fixed. */
    private static long sumByTable(Connection c, List<String[]> queries, java.util.function.BiConsumer<String, Long> onNonZero)
            throws SQLException {
        if (queries.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < queries.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i).append(", (").append(queries.get(i)[1]).append(")");
        }
        long total = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                long n = rs.getLong(2);
                total += n;
                if (n > 0) {
                    onNonZero.accept(queries.get(rs.getInt(1))[0], n);
                }
            }
        }
        return total;
    }

    /** Inserts a synthetic row into each tenant table, reads it back, rolls everything back. */
    private static int[] smokeInsert(Connection c, SchemaSnapshot s, TenantModel model, List<Table> tables, List<Finding> out,
                                     Map<String, String> rowTemplates)
            throws SQLException {
        return Sql.rolledBack(c, false, conn -> {
            RowFactory rows = new RowFactory(conn, s, model, rowTemplates);
            String tenant;
            try {
                tenant = rows.newTenant();
            } catch (SQLException e) {
                out.add(Finding.of("SMOKE_INSERT_FAILED", Severity.ERROR, String.valueOf(model.tenantTable()),
                        "could not create a test tenant: " + e.getMessage().lines().findFirst().orElse("")));
                return new int[]{0, tables.size()};
            }
            int ok = 0;
            for (Table t : tables) {
                Savepoint sp = conn.setSavepoint();
                try (Statement st = conn.createStatement()) {
                    SyntheticRow row = rows.insert(t, tenant);
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + Sql.table(t.schema(), t.name()) + " WHERE " + row.where())) {
                        rs.next();
                        if (rs.getLong(1) == 1) {
                            ok++;
                        } else {
                            out.add(Finding.of("SMOKE_INSERT_INVISIBLE", Severity.ERROR, t.qualified(), "a row inserted for tenant "
                                    + "X cannot be read back with tenant X set"));
                        }
                    }
                } catch (SQLException e) {
                    conn.rollback(sp);
                    rows.forgetParents();
                    out.add(Finding.of("SMOKE_INSERT_FAILED", Severity.ERROR, t.qualified(), "test insertion failed: "
                            + Sql.firstLine(e)));
                }
            }
            return new int[]{ok, tables.size()};
        });
    }
}
