package dev.stagegate.verification.expect;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review §2.5: c2pro's "project update is audited" passed with the trigger dropped, because the
 * evidence query found audit rows written before. The check now needs the evidence to grow.
 */
class TriggerFiresTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final String ACTION = "UPDATE projects SET status = 'on_hold' WHERE id = (SELECT id FROM projects ORDER BY id LIMIT 1)";
    static final String EVIDENCE = "SELECT 1 FROM audit_logs WHERE table_name = 'projects' AND action = 'UPDATE';";

    @BeforeAll
    static void schema() throws Exception {
        db.execute("""
                CREATE TABLE projects (id bigint PRIMARY KEY, status text NOT NULL);
                CREATE TABLE audit_logs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, table_name text NOT NULL,
                    record_id bigint NOT NULL, action text NOT NULL);
                CREATE FUNCTION audit_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO audit_logs (table_name, record_id, action) VALUES (TG_TABLE_NAME, NEW.id, TG_OP);
                  RETURN NEW;
                END $$;
                CREATE TRIGGER audit_projects AFTER INSERT OR UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION audit_row_change();
                INSERT INTO projects VALUES (1, 'active'), (2, 'active');
                -- earlier updates left audit rows behind
                UPDATE projects SET status = 'review';
                """);
    }

    private static List<ExpectationResult> run() throws Exception {
        try (Connection c = db.connect()) {
            return new Expectations(new CatalogReader(c).read(false)).triggerFires("project update is audited", ACTION, EVIDENCE).run(c);
        }
    }

    @Test
    void theTriggerFiresWhenItsEvidenceGrows() throws Exception {
        assertThat(run()).singleElement().satisfies(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.observed()).isEqualTo("fired: the evidence query returned 2 row(s) before the action and 3 after");
        });
        assertThat(db.queryLong("SELECT count(*) FROM audit_logs WHERE action = 'UPDATE'")).isEqualTo(2);
    }

    @Test
    void aDroppedTriggerFailsThoughOldEvidenceRemains() throws Exception {
        db.execute("DROP TRIGGER audit_projects ON projects");
        try {
            assertThat(run()).singleElement().satisfies(r -> {
                assertThat(r.passed()).isFalse();
                assertThat(r.observed()).isEqualTo("did not fire: the evidence query returned 2 row(s) before the action and 2 after");
            });
            assertThat(Expectations.findings(run())).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("EXPECTATION_FAILED");
                assertThat(f.fails()).isTrue();
            });
        } finally {
            db.execute("CREATE TRIGGER audit_projects AFTER INSERT OR UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION audit_row_change()");
        }
    }
}
