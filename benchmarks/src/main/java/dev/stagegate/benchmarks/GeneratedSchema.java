package dev.stagegate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Schemas the benchmarks generate: many tenant tables with FKs and policies, or a folder of small migrations. */
final class GeneratedSchema {

    private GeneratedSchema() {
    }

    /**
     * {@code tables} tenant tables, each with a policy on {@code tenant_id}, two indexed foreign keys
     * to the tables before it, plus the {@code tenants} table: 2 x tables FKs, tables + 1 policies.
     */
    static void tenantTables(Connection connection, int tables) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE tenants (id bigint PRIMARY KEY)");
            st.execute("ALTER TABLE tenants ENABLE ROW LEVEL SECURITY");
            st.execute("CREATE POLICY tenant_self ON tenants USING (id = nullif(current_setting('app.tenant', true), '')::bigint)");
            StringBuilder ddl = new StringBuilder();
            for (int i = 0; i < tables; i++) {
                int a = Math.max(0, i - 1);
                int b = Math.max(0, i - 2);
                ddl.append("CREATE TABLE t").append(i).append(" (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, ")
                        .append("a_id bigint REFERENCES t").append(a).append(" (id) ON DELETE CASCADE, ")
                        .append("b_id bigint REFERENCES t").append(b).append(" (id), created_at timestamptz DEFAULT now());")
                        .append("CREATE INDEX ON t").append(i).append(" (a_id);")
                        .append("CREATE INDEX ON t").append(i).append(" (b_id);")
                        .append("ALTER TABLE t").append(i).append(" ENABLE ROW LEVEL SECURITY;")
                        .append("CREATE POLICY tenant_isolation ON t").append(i)
                        .append(" USING (tenant_id = nullif(current_setting('app.tenant', true), '')::bigint)")
                        .append(" WITH CHECK (tenant_id = nullif(current_setting('app.tenant', true), '')::bigint);");
                if (i % 100 == 99) {
                    st.execute(ddl.toString());
                    ddl.setLength(0);
                }
            }
            st.execute(ddl.toString());
            st.execute("ANALYZE");
        }
    }

    /** The name of the single psql script {@link #migrationFolder} writes next to the migrations. */
    static final String ALL_IN_ONE = "all.psql";

    /**
     * A temporary folder of {@code count} migrations (a table, 10 rows, an index; each with its
     * rollback) and, as {@link #ALL_IN_ONE}, the same statements in one script for psql to run.
     */
    static Path migrationFolder(String prefix, int count) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String v = String.format("%03d", i);
            String sql = "CREATE TABLE t" + v + " (id bigint PRIMARY KEY, v text NOT NULL DEFAULT 'x');\n"
                    + "INSERT INTO t" + v + " (id) SELECT g FROM generate_series(1, 10) g;\n"
                    + "CREATE INDEX t" + v + "_v ON t" + v + " (v);\n";
            Files.writeString(folder.resolve(v + "_table_" + v + ".sql"), sql);
            Files.writeString(folder.resolve(v + "_table_" + v + ".rollback.sql"), "DROP TABLE t" + v + ";\n");
            all.append(sql);
        }
        Files.writeString(folder.resolve(ALL_IN_ONE), all.toString());
        return folder;
    }
}
