package dev.stagegate.verification.fk;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.result.Count;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** One key per ON DELETE action, each declared correctly: every one rehearsed, on data or on synthetic rows. */
class OnDeleteRehearsalTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static OnDeleteRehearsal.Result result;

    @BeforeAll
    static void rehearse() throws Exception {
        db.execute("""
                CREATE TABLE p (id bigint PRIMARY KEY);
                INSERT INTO p VALUES (1), (2), (3), (4);
                CREATE TABLE c_cascade (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id) ON DELETE CASCADE);
                INSERT INTO c_cascade VALUES (1, 1), (2, 1);
                CREATE TABLE c_set_null (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id) ON DELETE SET NULL);
                INSERT INTO c_set_null VALUES (1, 1), (2, 1);
                CREATE TABLE c_set_default (id bigint PRIMARY KEY, p_id bigint DEFAULT 4 REFERENCES p (id) ON DELETE SET DEFAULT);
                INSERT INTO c_set_default VALUES (1, 1);
                CREATE TABLE c_restrict (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id) ON DELETE RESTRICT);
                INSERT INTO c_restrict VALUES (1, 2);
                CREATE TABLE c_no_action (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id));
                INSERT INTO c_no_action VALUES (1, 3);
                -- no primary key: rows are found again by their content
                CREATE TABLE c_no_pk (note text, p_id bigint REFERENCES p (id) ON DELETE SET NULL);
                INSERT INTO c_no_pk VALUES ('a', 1);
                -- review §2.4: deleting the manager shrinks the same table, yet the reports are kept with NULL
                CREATE TABLE employees (id bigint PRIMARY KEY, manager_id bigint REFERENCES employees (id) ON DELETE SET NULL);
                INSERT INTO employees VALUES (1, NULL), (2, 1), (3, 1);
                -- no rows at all: rehearsed on a synthetic parent and child
                CREATE TABLE c_empty (id bigint PRIMARY KEY, p_id bigint NOT NULL REFERENCES p (id) ON DELETE CASCADE);
                """);
        SchemaSnapshot s;
        try (Connection c = db.connect()) {
            s = new CatalogReader(c).read(false);
            result = OnDeleteRehearsal.run(c, s);
        }
    }

    @Test
    void eachKeyIsClassifiedByWhatHappenedToItsChildRows() {
        Map<String, DeleteOutcome> outcomes = result.rehearsals().stream()
                .collect(Collectors.toMap(OnDeleteRehearsal.Rehearsal::key, OnDeleteRehearsal.Rehearsal::outcome));
        assertThat(outcomes).isEqualTo(Map.of(
                "public.c_cascade.c_cascade_p_id_fkey", DeleteOutcome.CASCADED,
                "public.c_set_null.c_set_null_p_id_fkey", DeleteOutcome.SET_NULL,
                "public.c_set_default.c_set_default_p_id_fkey", DeleteOutcome.SET_DEFAULT,
                "public.c_restrict.c_restrict_p_id_fkey", DeleteOutcome.REFUSED,
                "public.c_no_action.c_no_action_p_id_fkey", DeleteOutcome.REFUSED,
                "public.c_no_pk.c_no_pk_p_id_fkey", DeleteOutcome.SET_NULL,
                "public.employees.employees_manager_id_fkey", DeleteOutcome.SET_NULL,
                "public.c_empty.c_empty_p_id_fkey", DeleteOutcome.CASCADED));
        assertThat(result.rehearsals()).allMatch(OnDeleteRehearsal.Rehearsal::compatible);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void theEmptyTableIsRehearsedOnSyntheticRowsAndTheCountIsExact() {
        assertThat(result.rehearsals()).filteredOn(OnDeleteRehearsal.Rehearsal::synthetic)
                .extracting(OnDeleteRehearsal.Rehearsal::key).containsExactly("public.c_empty.c_empty_p_id_fkey");
        assertThat(result.rehearsed()).isEqualTo(8);
        assertThat(result.tally()).isEqualTo(Count.of(8, 8));
    }

    @Test
    void nothingIsLeftBehind() throws Exception {
        assertThat(db.queryLong("SELECT (SELECT count(*) FROM p) * 100 + (SELECT count(*) FROM employees) * 10 "
                + "+ (SELECT count(*) FROM c_empty)")).isEqualTo(430);
        assertThat(db.queryLong("SELECT count(*) FROM c_set_null WHERE p_id IS NULL")).isZero();
    }

    @Test
    void aKeyWhoseSyntheticRowsCannotBeMadeIsNotRehearsedAndFails() throws Exception {
        db.execute("CREATE TABLE c_unmakeable (id bigint PRIMARY KEY, p_id bigint NOT NULL REFERENCES p (id) ON DELETE CASCADE, "
                + "code text NOT NULL CHECK (length(code) = 7 AND code LIKE 'Q%'))");
        try (Connection c = db.connect()) {
            OnDeleteRehearsal.Result r = OnDeleteRehearsal.run(c, new CatalogReader(c).read(false));
            assertThat(r.findings()).extracting(Finding::code, Finding::object)
                    .containsExactly(tuple("FK_DELETE_NOT_REHEARSED", "public.c_unmakeable.c_unmakeable_p_id_fkey"));
            assertThat(r.findings().get(0).fails()).isTrue();
            assertThat(r.findings().get(0).message()).contains("c_unmakeable_code_check");
            assertThat(r.tally()).isEqualTo(Count.of(8, 9));
        } finally {
            db.execute("DROP TABLE c_unmakeable");
        }
    }

    @Test
    void aRequiredKeyToItsOwnTableHasNoFirstRowAndIsNotRehearsed() throws Exception {
        db.execute("CREATE TABLE nodes (id bigint PRIMARY KEY, parent_id bigint NOT NULL REFERENCES nodes (id) ON DELETE CASCADE)");
        try (Connection c = db.connect()) {
            OnDeleteRehearsal.Result r = OnDeleteRehearsal.run(c, new CatalogReader(c).read(false));
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("FK_DELETE_NOT_REHEARSED");
                assertThat(f.object()).isEqualTo("public.nodes.nodes_parent_id_fkey");
                assertThat(f.message()).contains("needs a parent row of a table being built");
            });
            assertThat(r.tally()).isEqualTo(Count.of(8, 9));
        } finally {
            db.execute("DROP TABLE nodes");
        }
    }

    @Test
    void aSelfReferenceDeclaredCascadeButActingAsSetNullIsAMismatch() throws Exception {
        db.execute("CREATE TABLE staff (id bigint PRIMARY KEY, boss_id bigint); INSERT INTO staff VALUES (1, NULL), (2, 1);"
                + "ALTER TABLE staff ADD CONSTRAINT staff_boss_fkey FOREIGN KEY (boss_id) REFERENCES staff (id) ON DELETE CASCADE;"
                + "CREATE FUNCTION keep_staff() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE staff SET boss_id = NULL "
                + "WHERE boss_id = OLD.id; RETURN OLD; END $$;"
                + "CREATE TRIGGER keep BEFORE DELETE ON staff FOR EACH ROW EXECUTE FUNCTION keep_staff();");
        try (Connection c = db.connect()) {
            OnDeleteRehearsal.Result r = OnDeleteRehearsal.run(c, new CatalogReader(c).read(false));
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("FK_ON_DELETE_MISMATCH");
                assertThat(f.object()).isEqualTo("public.staff.staff_boss_fkey");
                assertThat(f.message()).contains("declared ON DELETE CASCADE").contains("(SET_NULL)");
            });
        } finally {
            db.execute("DROP TABLE staff; DROP FUNCTION keep_staff()");
        }
    }
}
