package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CE-27 on a copy: a forward step that drops a column its rollback re-adds empty is data loss,
 * named by table, column and count; a rollback that does not undo an update makes the second
 * forward run differ; a rollback that fails says where and why; a correct cycle passes, and the
 * target stays as it was in every case.
 */
class RollbackCycleTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path tmp;

    static Target live;

    @BeforeAll
    static void data() throws Exception {
        db.execute("""
                CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, phone text);
                INSERT INTO customers SELECT g, 'c' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE '555-' || g END FROM generate_series(1, 400) g;
                """);
        live = RehearsalFixtures.target(db);
        RehearsalFixtures.baseline(db, tmp.resolve("base"));
    }

    private static RollbackCycle.Result cycle(MigrationSet set, String back) throws Exception {
        List<String> out = new ArrayList<>();
        return RollbackCycle.run(live, set, EngineOptions.defaults(), RollbackCycle.Options.to(back), out::add);
    }

    @Test
    void aColumnDroppedForwardAndReAddedEmptyIsDataLossWithItsCount() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("loss"),
                "001_tidy.sql", "CREATE TABLE audit (id int);\n",
                "001_tidy.rollback.sql", "DROP TABLE audit;\n",
                "002_drop_phone.sql", "ALTER TABLE customers DROP COLUMN phone;\n",
                "002_drop_phone.rollback.sql", "ALTER TABLE customers ADD COLUMN phone text;\n");
        RollbackCycle.Result r = cycle(set, "001");
        assertThat(r.failure()).isNull();
        assertThat(r.passed()).isFalse();
        List<Finding> f = RehearsalFindings.of(r, RehearsalFindings.Thresholds.defaults());
        assertThat(f).filteredOn(x -> x.code().equals("ROLLBACK_DATA_LOSS")).first().satisfies(x -> {
            assertThat(x.object()).isEqualTo("public.customers.phone");
            assertThat(x.message()).contains("300 of 300 value(s) lost");
        });
        Path ev = tmp.resolve("ev-loss");
        EvidenceRun run = EvidenceRun.create(ev);
        RollbackDocuments.write(run, set, r, f, "stagegate rollback -m migrations --env staging");
        String checklist = Files.readString(run.folder().resolve("ROLLBACK_VERIFICATION_CHECKLIST.md"));
        assertThat(checklist).contains("- [ ] data at 001 equal after the rollback").contains("public.customers.phone");
        assertThat(Files.readString(run.folder().resolve("ROLLBACK_PROCEDURE.md"))).contains("**FAILED**")
                .contains("stagegate rollback -m migrations --env staging --to 001");
        assertThat(Files.readString(run.folder().resolve("ce27_rollback_test_results.log"))).contains("RESULT: FAILED");
        assertThat(db.queryLong("SELECT count(phone) FROM customers")).isEqualTo(300);
    }

    @Test
    void aRollbackThatDoesNotUndoAnUpdateMakesTheSecondForwardRunDiffer() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("repeat"),
                "001_mark.sql", "UPDATE customers SET name = name || '!';\n",
                "001_mark.rollback.sql", "SELECT 1;\n");
        RollbackCycle.Result r = cycle(set, "000");
        List<Finding> f = RehearsalFindings.of(r, RehearsalFindings.Thresholds.defaults());
        assertThat(f).extracting(Finding::code).contains("ROLLBACK_DATA_LOSS", "ROLLBACK_NOT_REPEATABLE");
        assertThat(f).filteredOn(x -> x.code().equals("ROLLBACK_NOT_REPEATABLE")).first().extracting(Finding::object)
                .isEqualTo("public.customers.name");
    }

    @Test
    void valuesMovedToOtherRowsAndASchemaNotRestoredAreCaught() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("moved"),
                "001_drop_name.sql", "ALTER TABLE customers DROP COLUMN name;\nALTER TABLE customers ENABLE ROW LEVEL SECURITY;\n",
                "001_drop_name.rollback.sql", "ALTER TABLE customers ADD COLUMN name text;\n"
                        + "UPDATE customers SET name = 'c' || (401 - id);\nALTER TABLE customers ALTER COLUMN name SET NOT NULL;\n");
        RollbackCycle.Result r = cycle(set, "000");
        List<Finding> f = RehearsalFindings.of(r, RehearsalFindings.Thresholds.defaults());
        // every value is back, each on another row
        assertThat(f).filteredOn(x -> x.code().equals("ROLLBACK_DATA_LOSS")).extracting(Finding::object).contains("public.customers.name");
        // and RLS, turned on by 001, was never turned off again
        assertThat(f).filteredOn(x -> x.code().equals("ROLLBACK_SCHEMA_NOT_RESTORED")).singleElement().satisfies(x ->
                assertThat(x.message()).contains("public.customers").contains("RLS"));
        assertThat(r.passed()).isFalse();
    }

    @Test
    void anEnumLabelAndACommentTheRollbackLeavesBehindAreCaught() throws Exception {
        db.execute("DO $$ BEGIN CREATE TYPE rc_mood AS ENUM ('calm', 'busy'); EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("extras"),
                "001_mood.sql", "ALTER TYPE rc_mood ADD VALUE 'angry';\n",
                "001_mood.rollback.sql", "COMMENT ON TABLE customers IS 'left behind';\n");
        RollbackCycle.Result r = cycle(set, "000");
        assertThat(r.schemaNotRestored()).extracting(c -> c.object()).anySatisfy(o -> assertThat(o).contains("enum public.rc_mood"))
                .anySatisfy(o -> assertThat(o).contains("comment on table customers"));
        assertThat(r.passed()).isFalse();
    }

    @Test
    void aLogTheMigrationWritesToOnPurposeCanBeLeftOut() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("log"),
                "001_log.sql", "CREATE TABLE IF NOT EXISTS change_log (v text);\nINSERT INTO change_log VALUES ('001');\n",
                "001_log.rollback.sql", "SELECT 1;\n");
        db.execute("CREATE TABLE IF NOT EXISTS change_log (v text)");
        try {
            assertThat(cycle(set, "000").lostByRollback()).extracting(DataState.Difference::table).contains("public.change_log");
            RollbackCycle.Result r = RollbackCycle.run(live, set, EngineOptions.defaults(), new RollbackCycle.Options("000", null, false, "auto",
                    false, Duration.ofSeconds(5), java.util.Set.of("change_log")), s -> { });
            assertThat(r.passed()).as(r.lostByRollback() + " " + r.notRepeated()).isTrue();
        } finally {
            db.execute("DROP TABLE change_log");
        }
    }

    @Test
    void aRollbackThatFailsSaysWhereAndWhyAndTheTargetStays() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("fails"),
                "001_idx.sql", "CREATE INDEX customers_name_idx ON customers (name);\n",
                "001_idx.rollback.sql", "SELECT 1;\nDROP INDEX customers_nmae_idx;\n");
        RollbackCycle.Result r = cycle(set, "000");
        assertThat(r.failure()).contains("back to 000 failed in the rollback of 001 at line 2 (DROP INDEX customers_nmae_idx)")
                .contains("customers_nmae_idx");
        assertThat(RehearsalFindings.of(r, RehearsalFindings.Thresholds.defaults())).extracting(Finding::code).contains("ROLLBACK_CYCLE_FAILED");
        assertThat(r.target().untouched()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'customers_name_idx'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")).isZero();
    }

    @Test
    void aCorrectCyclePassesAtBothEnds() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("ok"),
                "001_email.sql", "ALTER TABLE customers ADD COLUMN email text;\nUPDATE customers SET email = 'c' || id || '@x';\n",
                "001_email.rollback.sql", "ALTER TABLE customers DROP COLUMN email;\n",
                "002_stamp.sql", "ALTER TABLE customers ADD COLUMN seen timestamptz DEFAULT clock_timestamp();\n",
                "002_stamp.rollback.sql", "ALTER TABLE customers DROP COLUMN seen;\n");
        RollbackCycle.Result r = cycle(set, "001");
        assertThat(r.passed()).as(r.failure() + " " + r.lostByRollback() + " " + r.notRepeated()).isTrue();
        assertThat(r.atVCaptured()).isTrue();
        List<Finding> f = RehearsalFindings.of(r, RehearsalFindings.Thresholds.defaults());
        assertThat(f).filteredOn(x -> x.severity() != dev.stagegate.core.result.Severity.INFO).extracting(Finding::code)
                .doesNotContain("ROLLBACK_DATA_LOSS", "ROLLBACK_NOT_REPEATABLE", "ROLLBACK_CYCLE_FAILED", "ROLLBACK_SCHEMA_NOT_RESTORED");
        // clock_timestamp() fills the column 002 makes differently on each run: said, never a failure
        assertThat(f).filteredOn(x -> x.code().equals("ROLLBACK_NOT_REPEATABLE")).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("public.customers.seen");
            assertThat(x.severity()).hasToString("INFO");
        });
        RollbackCycle.Result full = RollbackCycle.run(live, set, EngineOptions.defaults(), new RollbackCycle.Options(null, null, true, "auto",
                false, Duration.ofSeconds(5), null), s -> { });
        assertThat(full.back()).isEqualTo("000");
        assertThat(full.passed()).isTrue();
    }

    @Test
    void aServerChangeMadeAtRunTimeIsReportedAsAChangedTarget() throws Exception {
        MigrationSet set = RehearsalFixtures.folder(tmp.resolve("sneaky"),
                "001_sneaky.sql", "CREATE FUNCTION rc_mk() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN EXECUTE 'CREATE ' || "
                        + "'ROLE rc_sneaky'; END $f$;\nSELECT rc_mk();\n",
                "001_sneaky.rollback.sql", "DROP FUNCTION rc_mk();\n");
        try {
            RollbackCycle.Result r = cycle(set, "000");
            assertThat(r.target().untouched()).isFalse();
            assertThat(RehearsalFindings.of(r, RehearsalFindings.Thresholds.defaults())).extracting(Finding::code)
                    .contains("REHEARSAL_TARGET_CHANGED");
        } catch (dev.stagegate.core.error.StagegateException e) {
            throw new AssertionError(e.getMessage(), e);
        } finally {
            db.execute("DROP ROLE IF EXISTS rc_sneaky");
        }
    }
}
