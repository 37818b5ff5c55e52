package dev.stagegate.console.gate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ad-hoc SQL from scripts and the console: rows as ordered maps, or the update count. */
final class SqlRunner {

    private SqlRunner() {
    }

    static List<Map<String, Object>> rows(Connection c, String sql, java.util.function.Consumer<Statement> running) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            running.accept(st);
            boolean hasRows = st.execute(sql);
            if (!hasRows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("updated", st.getUpdateCount());
                out.add(m);
                return out;
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        } finally {
            running.accept(null);
        }
        return out;
    }
}
