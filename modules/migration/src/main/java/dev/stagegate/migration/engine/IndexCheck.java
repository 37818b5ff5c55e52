package dev.stagegate.migration.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The indexes left INVALID after a run (a failed CREATE INDEX CONCURRENTLY leaves one). When
 * pg_index cannot be read the answer is "unknown", never "none".
 *
 * @param invalid qualified index names
 * @param unknown null when read; else the line saying why they are unknown
 */
record IndexCheck(List<String> invalid, String unknown) {

    static IndexCheck of(Connection connection) {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT n.nspname || '.' || c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return new IndexCheck(out, null);
        } catch (SQLException e) {
            return new IndexCheck(List.of(), "INVALID indexes are unknown, pg_index could not be read ("
                    + MigrationFailure.firstLine(e) + "); check them by hand");
        }
    }

    /** The run's failure line with this check's doubt added: a run whose indexes are unknown did not pass. */
    String addTo(String failure) {
        if (unknown == null) {
            return failure;
        }
        return failure == null ? unknown : failure + "; " + unknown;
    }
}
