package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sampled copy keeps the schema and a consistent part of the rows: tenants sampled, each kept
 * tenant's projects and tasks whole, a lookup table whole, no orphan through a self-reference or a
 * cycle, sequences where the target has them; the rehearsal on it scales its estimate and says so,
 * and the target is held to its schema only.
 */
class SampledCopyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path tmp;

    static Target live;

    @BeforeAll
    static void data() throws Exception {
        db.execute("""
                CREATE TABLE statuses (id int PRIMARY KEY, name text);
                INSERT INTO statuses VALUES (1, 'open'), (2, 'done');
                CREATE TABLE tenants (id bigserial PRIMARY KEY, name text);
                INSERT INTO tenants (name) SELECT 't' || g FROM generate_series(1, 20000) g;
                CREATE TABLE projects (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants, parent_id bigint REFERENCES projects);
                INSERT INTO projects (tenant_id, parent_id) SELECT 1 + g % 20000, NULL FROM generate_series(1, 40000) g;
                UPDATE projects SET parent_id = id - 1 WHERE id % 3 = 0;
                CREATE TABLE tasks (id bigserial PRIMARY KEY, project_id bigint NOT NULL REFERENCES projects, status_id int REFERENCES statuses,
                                    title text, words int GENERATED ALWAYS AS (length(title)) STORED);
                INSERT INTO tasks (project_id, status_id, title) SELECT 1 + g % 40000, 1 + g % 2, 'task ' || g FROM generate_series(1, 80000) g;
                CREATE TABLE a (id int PRIMARY KEY, b_id int);
                CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
                ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b;
                INSERT INTO a SELECT g, NULL FROM generate_series(1, 12000) g;
                INSERT INTO b SELECT g, g FROM generate_series(1, 12000) g;
                UPDATE a SET b_id = 1 + (id % 12000);
                CREATE TABLE emp (id int PRIMARY KEY, boss int REFERENCES emp);
                INSERT INTO emp SELECT g, CASE WHEN g > 1 THEN g / 2 END FROM generate_series(1, 30000) g;
                CREATE TABLE desk (id int PRIMARY KEY, emp_id int REFERENCES emp);
                INSERT INTO desk SELECT g, g * 50 FROM generate_series(1, 500) g;
                ANALYZE;
                """);
        live = RehearsalFixtures.target(db);
        RehearsalFixtures.baseline(db, tmp.resolve("base"));
    }

    @Test
    void aSampleIsConsistentAlongTheForeignKeysAndTheEstimateIsScaled() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("m"),
                "001_due.sql", "ALTER TABLE tasks ADD COLUMN due date;\nINSERT INTO tasks (project_id, title) SELECT min(id), 'new' FROM projects;\n",
                "001_due.rollback.sql", "DELETE FROM tasks WHERE title = 'new';\nALTER TABLE tasks DROP COLUMN due;\n");
        Rehearsal.Result r = Rehearsal.run(live, set, EngineOptions.defaults(), new Rehearsal.Options(null, "sample:0.2", true,
                java.time.Duration.ofSeconds(5)), s -> { });
        assertThat(r.copyStrategy()).isEqualTo("sample");
        assertThat(r.succeeded()).as(String.valueOf(r.observation().run().failure())).isTrue();
        assertThat(r.target().untouched()).as(r.target().text()).isTrue();
        assertThat(r.scale()).isGreaterThan(2.5);
        assertThat(r.notInSample()).isEmpty();
        String copyName = r.copyText().replaceAll("^copy (\\S+).*$", "$1");
        try (Connection c = Connector.open(live.withDatabase(copyName)); Statement st = c.createStatement()) {
            long tenants = count(st, "SELECT count(*) FROM tenants");
            assertThat(tenants).isBetween(2000L, 12000L);  // 20% and the tenants of the parent projects fetched along
            assertThat(count(st, "SELECT count(*) FROM statuses")).isEqualTo(2);
            // every kept tenant keeps all its projects (the subtree, not a tenth of each table), minus those whose parent was not kept
            assertThat(count(st, "SELECT count(*) FROM projects")).isGreaterThan(tenants);
            assertThat(count(st, "SELECT count(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = p.tenant_id)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM projects p WHERE parent_id IS NOT NULL AND NOT EXISTS "
                    + "(SELECT 1 FROM projects q WHERE q.id = p.parent_id)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM tasks k WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = k.project_id)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM tasks WHERE words IS DISTINCT FROM length(title)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM a WHERE b_id IS NOT NULL AND b_id NOT IN (SELECT id FROM b)")).isZero();
            assertThat(count(st, "SELECT count(*) FROM b WHERE a_id IS NOT NULL AND a_id NOT IN (SELECT id FROM a)")).isZero();
            assertThat(count(st, "SELECT last_value FROM tasks_id_seq")).isGreaterThanOrEqualTo(80000);
            // a chain of bosses: each kept employee brings its bosses, nobody is deleted for a missing one
            long emps = count(st, "SELECT count(*) FROM emp");
            assertThat(emps).isBetween(3000L, 20000L);
            assertThat(count(st, "SELECT count(*) FROM emp e WHERE boss IS NOT NULL AND NOT EXISTS (SELECT 1 FROM emp b WHERE b.id = e.boss)"))
                    .isZero();
            assertThat(count(st, "SELECT count(*) FROM desk")).isPositive();
        } finally {
            DatabaseCopy.drop(live, copyName);
        }
        EvidenceRun ev = EvidenceRun.create(tmp.resolve("ev"));
        RehearsalReport.write(ev, set, r, List.of());
        assertThat(Files.readString(ev.folder().resolve("migration_execution_plan.md"))).contains("on a sampled copy")
                .contains("measured on a SAMPLE by the size ratio");
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'tasks' AND column_name = 'due'")).isZero();
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseCopy.fraction("sample:1.5"))
                .hasMessageContaining("between 0 and 100%");
    }

    private static long count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
