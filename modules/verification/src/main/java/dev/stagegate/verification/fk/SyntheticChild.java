package dev.stagegate.verification.fk;

import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.data.RowFactory;
import dev.stagegate.verification.data.SyntheticRow;
import dev.stagegate.verification.sql.Sql;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parent row and one child row pointing at it through one key, made by the row factory for a
 * rehearsal that has no usable data. The caller runs it inside a savepoint it rolls back.
 */
final class SyntheticChild {

    private final Connection c;
    private final SchemaSnapshot s;
    private final TenantModel model;
    private final RowFactory rows;

    SyntheticChild(Connection c, SchemaSnapshot s, TenantModel model, Map<String, String> templates) {
        this.c = c;
        this.s = s;
        this.model = model;
        this.rows = new RowFactory(c, s, model, templates);
    }

    /** Makes the two rows; returns the parent's referenced key values as text. */
    List<String> make(ForeignKey fk, Table child) throws SQLException {
        Table parent = s.table(fk.qualifiedRefTable()).orElseThrow(() -> new SQLException("parent table " + fk.qualifiedRefTable()
                + " is not in the snapshot"));
        String tenant = rows.newTenant();
        List<String> key;
        if (model.isTenantTable(parent) && fk.refColumns().equals(List.of(model.tenantKey()))) {
            key = List.of(tenant);
        } else {
            SyntheticRow p = rows.insert(parent, tenant);
            key = read(fk, p);
        }
        Map<String, String> fixed = new HashMap<>();
        for (int i = 0; i < fk.columns().size(); i++) {
            String col = fk.columns().get(i);
            String type = child.columns().stream().filter(x -> x.name().equals(col)).findFirst().map(Column::type).orElse("text");
            fixed.put(col, RowFactory.literal(key.get(i), type));
        }
        // a tenant table as the child (accounts -> plans) needs a tenant of its own: this one's row exists already
        if (model.isTenantTable(child)) {
            rows.insertTenantRow(fixed);
        } else {
            rows.insert(child, tenant, fixed);
        }
        return key;
    }

    void forget() {
        rows.forgetParents();
    }

    private List<String> read(ForeignKey fk, SyntheticRow parent) throws SQLException {
        String select = String.join(", ", fk.refColumns().stream().map(col -> Sql.quote(col) + "::text").toList());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + select + " FROM "
                + Sql.table(fk.refSchema(), fk.refTable()) + " WHERE " + parent.where())) {
            if (!rs.next()) {
                throw new SQLException("the synthetic " + fk.refTable() + " row cannot be read back");
            }
            List<String> key = new ArrayList<>();
            for (int i = 1; i <= fk.refColumns().size(); i++) {
                if (rs.getString(i) == null) {
                    throw new SQLException("the synthetic " + fk.refTable() + " row has a NULL " + fk.refColumns().get(i - 1));
                }
                key.add(rs.getString(i));
            }
            return key;
        }
    }
}
