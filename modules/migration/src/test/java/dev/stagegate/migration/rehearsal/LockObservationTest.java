package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a rehearsal observes on the copy, each on a migration built to show it: the locks a
 * statement takes and how long they are held, a rewrite, a query it blocks, a side effect its text
 * does not name, a CONCURRENTLY statement outside a transaction, and a probe that is killed. A quiet
 * migration (a new table) raises none of them.
 */
class LockObservationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path tmp;

    static Target live;

    @BeforeAll
    static void data() throws Exception {
        db.execute("""
                CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL, note text);
                CREATE INDEX orders_note_idx ON orders (note);
                INSERT INTO orders SELECT g, g % 100, 'n' || g FROM generate_series(1, 5000) g;
                ANALYZE orders;
                """);
        live = RehearsalFixtures.target(db);
        RehearsalFixtures.baseline(db, tmp.resolve("base"));
    }

    private static Rehearsal.Result rehearse(MigrationSet set) throws Exception {
        List<String> out = new ArrayList<>();
        return Rehearsal.run(live, set, EngineOptions.defaults(), Rehearsal.Options.defaults(), out::add);
    }

    @Test
    void aTypeChangeThatHoldsItsLockIsSeenWithItsRewriteAndTheQueriesItBlocked() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("rewrite"),
                "002_widen.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE bigint;\nSELECT pg_sleep(0.6);\n",
                "002_widen.rollback.sql", "ALTER TABLE orders ALTER COLUMN amount TYPE int;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.succeeded()).isTrue();
        LockObserver.StatementRun alter = r.observation().migrations().get(0).statements().get(0);
        assertThat(alter.line()).isEqualTo(1);
        assertThat(alter.locks()).anySatisfy(l -> {
            assertThat(l.relation()).isEqualTo("public.orders");
            assertThat(l.mode()).isEqualTo("AccessExclusiveLock");
            assertThat(l.rows()).isEqualTo(5000);
            assertThat(l.heldMs()).isGreaterThanOrEqualTo(600);
        });
        assertThat(alter.rewrites()).contains("public.orders (table)");
        assertThat(r.observation().victims()).anySatisfy(v -> {
            assertThat(v.table()).isEqualTo("public.orders");
            assertThat(v.query()).isEqualTo("SELECT");
            assertThat(v.blockedMs()).isGreaterThan(100);
        });
        List<Finding> f = RehearsalFindings.of(r.observation(), new RehearsalFindings.Thresholds(300, 1000, 100));
        assertThat(f).extracting(Finding::code).contains("REHEARSAL_LOCK_HELD", "REHEARSAL_TABLE_REWRITE", "REHEARSAL_TRAFFIC_BLOCKED");
        assertThat(f).filteredOn(x -> x.code().equals("REHEARSAL_TABLE_REWRITE")).first().extracting(Finding::severity).hasToString("WARNING");
        // the defaults (1 s lock, 100k rows) call the same run small
        assertThat(RehearsalFindings.of(r.observation(), RehearsalFindings.Thresholds.defaults())).extracting(Finding::code)
                .doesNotContain("REHEARSAL_LOCK_HELD", "REHEARSAL_TRAFFIC_BLOCKED");
        assertThat(r.target().untouched()).as(r.target().text()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'amount' "
                + "AND data_type = 'integer'")).isEqualTo(1);
    }

    @Test
    void aColumnDropThatTakesAnIndexWithItIsASideEffect() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("side"),
                "002_drop_note.sql", "ALTER TABLE orders DROP COLUMN note;\n",
                "002_drop_note.rollback.sql", "ALTER TABLE orders ADD COLUMN note text;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.observation().sideEffects()).containsKey("002");
        assertThat(r.observation().sideEffects().get("002")).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo("index");
            assertThat(c.object()).isEqualTo("public.orders_note_idx");
        });
        assertThat(RehearsalFindings.of(r.observation(), RehearsalFindings.Thresholds.defaults())).extracting(Finding::code)
                .contains("REHEARSAL_SIDE_EFFECT");
    }

    @Test
    void whatACalledFunctionDoesToTablesItDoesNotNameIsASideEffectToo() throws Exception {
        db.execute("CREATE OR REPLACE FUNCTION tidy_up() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
                + "EXECUTE 'DROP INDEX orders_note_idx'; EXECUTE 'ALTER TABLE orders ENABLE ROW LEVEL SECURITY'; END $$");
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("called"),
                "002_tidy.sql", "SELECT tidy_up();\n", "002_tidy.rollback.sql", "SELECT 1;\n");
        Rehearsal.Result r = rehearse(set);
        List<Finding> f = RehearsalFindings.of(r.observation(), RehearsalFindings.Thresholds.defaults());
        assertThat(f).filteredOn(x -> x.code().equals("REHEARSAL_SIDE_EFFECT")).extracting(x -> x.severity() + " " + x.object())
                .contains("INFO public.orders_note_idx", "WARNING public.orders");
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'orders_note_idx'")).isEqualTo(1);
    }

    @Test
    void aQuietMigrationRaisesNothing() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("quiet"),
                "002_new.sql", "CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint);\n",
                "002_new.rollback.sql", "DROP TABLE shipments;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.succeeded()).isTrue();
        assertThat(RehearsalFindings.of(r.observation(), RehearsalFindings.Thresholds.defaults())).isEmpty();
        assertThat(r.observation().migrations().get(0).statements().get(0).locks()).extracting(LockObserver.Lock::relation)
                .contains("public.shipments");
        assertThat(r.observation().migrations().get(0).statements().get(0).rewrites()).isEmpty();
        assertThat(r.observation().victims()).isEmpty();
    }

    @Test
    void onlyWhatWillRunIsRefusedAndCopiesLeftByAnInterruptedRunAreDropped() throws Exception {
        db.execute("CREATE DATABASE sg_rehearsal_0ld");
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("later-role"),
                "002_ok.sql", "CREATE TABLE later_ok (id int);\n", "002_ok.rollback.sql", "DROP TABLE later_ok;\n",
                "003_role.sql", "CREATE ROLE later_role NOLOGIN;\n", "003_role.rollback.sql", "DROP ROLE later_role;\n");
        List<String> out = new ArrayList<>();
        Rehearsal.Result r = Rehearsal.run(live, set, EngineOptions.defaults(), Rehearsal.Options.defaults().withTo("002"), out::add);
        assertThat(r.succeeded()).isTrue();
        assertThat(out).anySatisfy(l -> assertThat(l).contains("dropped 1 copy(ies)").contains("sg_rehearsal_0ld"));
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname = 'sg_rehearsal_0ld'")).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rehearse(set)).hasMessageContaining("003_role.sql line 1")
                .hasMessageContaining("changes the whole server");
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")).isZero();
    }

    @Test
    void aConcurrentIndexRunsOutsideATransactionAndIsTimed() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("conc"),
                "002_idx.sql", "CREATE INDEX CONCURRENTLY orders_amount_idx ON orders (amount);\n",
                "002_idx.rollback.sql", "DROP INDEX CONCURRENTLY orders_amount_idx;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.succeeded()).as(String.valueOf(r.observation().run().failure())).isTrue();
        LockObserver.StatementRun s = r.observation().migrations().get(0).statements().get(0);
        assertThat(s.inTransaction()).isFalse();
        assertThat(s.locks()).isEmpty();
        assertThat(RehearsalReport.locksMarkdown(set, r.observation(), r.copyText())).contains("outside a transaction; waits sampled");
    }

    @Test
    void aMigrationThatKillsTheProbeLeavesTheVictimsNotTested() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("kill"),
                "002_kill.sql", "CREATE TABLE k (id int);\nSELECT pg_sleep(0.2);\nSELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid();\nSELECT pg_sleep(0.2);\n",
                "002_kill.rollback.sql", "DROP TABLE k;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.observation().trafficFailure()).isNotNull();
        assertThat(RehearsalFindings.of(r.observation(), RehearsalFindings.Thresholds.defaults())).extracting(Finding::code)
                .contains("REHEARSAL_OBSERVATION_INCOMPLETE");
    }

    @Test
    void aMigrationThatFailsOnTheCopyNamesItsStatementAndLeavesTheTarget() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("fail"),
                "002_fail.sql", "ALTER TABLE orders ADD COLUMN tag text;\nUPDATE orders SET tag = 'x';\nSELECT 1/0;\n",
                "002_fail.rollback.sql", "ALTER TABLE orders DROP COLUMN tag;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.succeeded()).isFalse();
        List<Finding> f = RehearsalFindings.of(r.observation(), RehearsalFindings.Thresholds.defaults());
        assertThat(f).filteredOn(x -> x.code().equals("REHEARSAL_FAILED")).singleElement().satisfies(x ->
                assertThat(x.message()).contains("at line 3 (SELECT 1/0)").contains("division by zero").contains("the target was not touched"));
        assertThat(r.target().untouched()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'tag'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")).isZero();
    }

    @Test
    void threeTablesLockedAtOnceAreThreeTimesTwoVictims() throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS v1 (id int); CREATE TABLE IF NOT EXISTS v2 (id int); CREATE TABLE IF NOT EXISTS v3 (id int)");
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("three"),
                "002_lock.sql", "LOCK TABLE v1, v2, v3 IN ACCESS EXCLUSIVE MODE;\nSELECT pg_sleep(1);\n",
                "002_lock.rollback.sql", "SELECT 1;\n");
        Rehearsal.Result r = rehearse(set);
        assertThat(r.observation().trafficFailure()).isNull();
        assertThat(r.observation().victims()).extracting(v -> v.table() + " " + v.query()).contains("public.v1 SELECT", "public.v2 SELECT",
                "public.v3 SELECT", "public.v1 INSERT/UPDATE/DELETE", "public.v2 INSERT/UPDATE/DELETE", "public.v3 INSERT/UPDATE/DELETE");
        assertThat(r.observation().victims()).allSatisfy(v -> assertThat(v.blockedMs()).isGreaterThan(500));
    }
}
