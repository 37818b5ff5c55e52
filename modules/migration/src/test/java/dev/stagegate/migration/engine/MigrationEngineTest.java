package dev.stagegate.migration.engine;

import dev.stagegate.core.example.Example;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationEngineTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static MigrationSet c2pro() {
        return MigrationSource.read(Example.locate("c2pro").migrationsDir());
    }

    @Test
    void migratesToTheLatestRollsBackToAVersionAndForwardAgain() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.connect(); MigrationEngine engine = new MigrationEngine(c, c2pro(), EngineOptions.defaults(),
                e -> lines.add(e.line()))) {
            MigrationRun up = engine.migrate(null);
            assertThat(up.failure()).isNull();
            assertThat(up.toVersion()).isEqualTo("005");
            assertThat(lines).contains("[INFO] Current schema version: none", "[INFO] Target schema version: 005",
                    "[INFO] Executing migration 002_rls_policies.sql...", "[INFO] New schema version: 005");
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("\\[SUCCESS] Migration 003 completed in \\d+ ms"));
            assertThat(engine.status().pending()).isEmpty();
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'databasechangelog%'")).isEqualTo(14);
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'databasechangeloglock'")).isZero();

            MigrationRun down = engine.rollback("003");
            assertThat(down.failure()).isNull();
            assertThat(down.toVersion()).isEqualTo("003");
            assertThat(engine.status().pending()).extracting(m -> m.version().text()).containsExactly("004", "005");
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'audit_logs'")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_projects_tenant_id'")).isZero();

            MigrationRun again = engine.migrate(null);
            assertThat(again.failure()).isNull();
            assertThat(again.toVersion()).isEqualTo("005");
        }
    }
}
