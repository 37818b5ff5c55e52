package dev.stagegate.migration.validate;

import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.migration.engine.Drift;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ValidatorTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private ValidationReport validate(MigrationSet set, List<Drift> drift, Map<String, Duration> timings) throws Exception {
        try (Connection c = db.connect()) {
            return Validator.validate(set, c, set.migrations(), drift, timings);
        }
    }

    @Test
    void c2proValidatesAndGetsItsGraphAndPlan() throws Exception {
        MigrationSet set = MigrationSource.read(Example.locate("c2pro").migrationsDir());
        ValidationReport r = validate(set, List.of(), Map.of("001", Duration.ofMillis(120), "002", Duration.ofMillis(30)));
        assertThat(r.result().failing()).isEmpty();
        assertThat(r.result().status()).isEqualTo(StepStatus.PASSED);
        assertThat(r.dependencyGraph()).contains("```mermaid").contains("m001 --> m003").contains("No circular dependencies");
        assertThat(r.executionPlan()).contains("| 1 | 001_initial_schema.sql | tenants, users")
                .contains("120 ms").contains("not measured").contains("rehearse to time the rest");
        assertThat(r.syntaxLog()).contains("003_foreign_keys.sql: 31 statement(s) parsed, 0 error(s)");
        assertThat(db.queryLong("SELECT count(*) FROM pg_proc WHERE proname = 'sg_syntax_check'")).isZero();
    }

    @Test
    void findsSyntaxErrorsWithFileAndLineOrderErrorsGapsTheLexicalTrapAndMissingRollbacks() throws Exception {
        Files.writeString(dir.resolve("1_base.sql"), "CREATE TABLE base (id bigint PRIMARY KEY);");
        Files.writeString(dir.resolve("1_base.rollback.sql"), "DROP TABLE base;");
        Files.writeString(dir.resolve("2_uses_later.sql"), "CREATE INDEX later_idx ON later (id);");
        Files.writeString(dir.resolve("2_uses_later.rollback.sql"), "DROP INDEX later_idx;");
        Files.writeString(dir.resolve("3_later.sql"), "CREATE TABLE later (id bigint);");
        Files.writeString(dir.resolve("3_later.rollback.sql"), "DROP TABLE later;");
        Files.writeString(dir.resolve("9_typo.sql"), "CREATE TABLE t9 (id bigint);\n\nALTER TABLE t9\n  ADD COLUM x int;");
        Files.writeString(dir.resolve("10_last.sql"), "CREATE TABLE t10 (id bigint);");
        Files.writeString(dir.resolve("10_last.rollback.sql"), "DROP TABLE t10;");
        ValidationReport r = validate(MigrationSource.read(dir), List.of(new Drift("1", "1_base.sql", "9:a", "9:b")), Map.of());
        List<Finding> f = r.result().findings();
        assertThat(f).filteredOn(x -> x.code().equals("SQL_SYNTAX")).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("9_typo.sql:4");
            assertThat(x.message()).contains("syntax error at or near");
        });
        assertThat(f).filteredOn(x -> x.code().equals("MIGRATION_ORDER")).singleElement().satisfies(x ->
                assertThat(x.message()).contains("2_uses_later.sql uses [later] created by the later 3_later.sql"));
        assertThat(f).extracting(Finding::code).contains("MIGRATION_VERSION_GAP", "MIGRATION_LEXICAL_ORDER");
        assertThat(f).filteredOn(x -> x.code().equals("CHECKSUM_DRIFT")).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("1_base.sql");
            assertThat(x.message()).isEqualTo("applied migration edited after it ran: 1_base.sql (checksum was 9:a, is now 9:b); "
                    + "restore it and put the change in a new migration");
        });
        assertThat(f).filteredOn(x -> x.code().equals("ROLLBACK_MISSING")).extracting(Finding::object).containsExactly("9_typo.sql");
        assertThat(r.result().status()).isEqualTo(StepStatus.FAILED);
        assertThat(r.dependencyGraph()).contains("ORDER ERROR");
    }

    @Test
    void timestampVersionsDrawNoGapWarningWhileSmallNumbersStillDo() throws Exception {
        Files.writeString(dir.resolve("20240101120000_accounts.sql"), "CREATE TABLE accounts (id bigint);");
        Files.writeString(dir.resolve("20240101120000_accounts.rollback.sql"), "DROP TABLE accounts;");
        Files.writeString(dir.resolve("20240215093000_invoices.sql"), "CREATE TABLE invoices (id bigint);");
        Files.writeString(dir.resolve("20240215093000_invoices.rollback.sql"), "DROP TABLE invoices;");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings()).extracting(Finding::code)
                .doesNotContain("MIGRATION_VERSION_GAP");
    }

    @Test
    void aRollbackFileIsParsedLikeAForwardOneAndItsTypoIsNamedByFileAndLine() throws Exception {
        Files.writeString(dir.resolve("001_t1.sql"), "CREATE TABLE t1 (id bigint);");
        Files.writeString(dir.resolve("001_t1.rollback.sql"), "-- undo 001\n\nDROP TABLEE t1;");
        ValidationReport r = validate(MigrationSource.read(dir), List.of(), Map.of());
        assertThat(r.result().findings()).filteredOn(x -> x.code().equals("SQL_SYNTAX")).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("001_t1.rollback.sql:3");
            assertThat(x.message()).contains("001_t1.rollback.sql line 3 does not parse as PostgreSQL");
        });
        assertThat(r.result().status()).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void aColumnDropThatTakesAnIndexAnOlderRollbackDropsBreaksTheRollbackPath() throws Exception {
        // the diesel set's real bug: 003's rollback drops an index that 005's column drop already took, and 005's
        // rollback adds the column back without the index
        Files.writeString(dir.resolve("001_posts.sql"), "CREATE TABLE posts (id bigint PRIMARY KEY, author text, slug text);");
        Files.writeString(dir.resolve("001_posts.rollback.sql"), "DROP TABLE posts;");
        Files.writeString(dir.resolve("003_slug_index.sql"), "CREATE INDEX posts_slug_idx ON posts (slug);");
        Files.writeString(dir.resolve("003_slug_index.rollback.sql"), "-- undo 003\nDROP INDEX posts_slug_idx;");
        Files.writeString(dir.resolve("004_author_index.sql"), "CREATE INDEX posts_author_idx ON posts (author);");
        Files.writeString(dir.resolve("004_author_index.rollback.sql"), "DROP INDEX IF EXISTS posts_author_idx;");
        Files.writeString(dir.resolve("005_drop_slug.sql"), "ALTER TABLE posts DROP COLUMN slug, DROP COLUMN author;");
        Files.writeString(dir.resolve("005_drop_slug.rollback.sql"), "ALTER TABLE posts ADD COLUMN slug text, ADD COLUMN author text;");
        ValidationReport r = validate(MigrationSource.read(dir), List.of(), Map.of());
        // the author index's rollback says IF EXISTS: only the slug index breaks the path
        assertThat(r.result().findings()).filteredOn(x -> x.code().equals("ROLLBACK_PATH_BROKEN")).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("003_slug_index.rollback.sql:2");
            assertThat(x.message()).contains("rolling back past 003 fails: 005_drop_slug.sql line 1 drops column posts.slug, which takes "
                    + "index posts_slug_idx with it (made by 003_slug_index.sql), 005_drop_slug.rollback.sql does not bring it back");
            assertThat(x.fails()).isTrue();
        });
        // the fix the finding names: 005's rollback makes the index again
        Files.writeString(dir.resolve("005_drop_slug.rollback.sql"), "ALTER TABLE posts ADD COLUMN slug text, ADD COLUMN author text;\n"
                + "CREATE INDEX posts_slug_idx ON posts (slug);");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings()).extracting(Finding::code)
                .doesNotContain("ROLLBACK_PATH_BROKEN");
    }

    @Test
    void aRollbackThatNeedsWhatALaterRollbackDropsFirstIsAnOrderError() throws Exception {
        // rollbacks run newest first: 002's drops audit_log before 001's writes to it
        Files.writeString(dir.resolve("001_accounts.sql"), "CREATE TABLE accounts (id int);");
        Files.writeString(dir.resolve("001_accounts.rollback.sql"), "INSERT INTO audit_log VALUES ('accounts dropped');\nDROP TABLE accounts;");
        Files.writeString(dir.resolve("002_audit.sql"), "CREATE TABLE audit_log (what text);");
        Files.writeString(dir.resolve("002_audit.rollback.sql"), "DROP TABLE audit_log;");
        ValidationReport r = validate(MigrationSource.read(dir), List.of(), Map.of());
        assertThat(r.result().findings()).filteredOn(x -> x.code().equals("ROLLBACK_ORDER")).singleElement().satisfies(x -> {
            assertThat(x.object()).isEqualTo("001_accounts.rollback.sql");
            assertThat(x.message()).contains("uses [audit_log], which the later 002_audit.sql creates and its rollback 002_audit.rollback.sql drops first");
            assertThat(x.fails()).isTrue();
        });
        assertThat(r.dependencyGraph()).contains("| 001_accounts.sql | audit_log | 002_audit.sql |");
        // the same table made by the first migration: its rollback may use it
        Files.writeString(dir.resolve("001_accounts.sql"), "CREATE TABLE accounts (id int);\nCREATE TABLE audit_log (what text);");
        Files.writeString(dir.resolve("002_audit.sql"), "ALTER TABLE audit_log ADD COLUMN at timestamptz;");
        Files.writeString(dir.resolve("002_audit.rollback.sql"), "ALTER TABLE audit_log DROP COLUMN at;");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings()).extracting(Finding::code)
                .doesNotContain("ROLLBACK_ORDER");
    }

    @Test
    void renamesAndLegacyDropsAreNoOrderErrorsButEveryNameOfADropCounts() throws Exception {
        // hostile review: a set that migrates and rolls back cleanly drew MIGRATION_ORDER and ROLLBACK_ORDER
        Files.writeString(dir.resolve("001_sessions.sql"), "CREATE TABLE old_sessions (id int);\nDROP FUNCTION IF EXISTS legacy_total(int);");
        Files.writeString(dir.resolve("001_sessions.rollback.sql"), "DROP TABLE old_sessions;");
        Files.writeString(dir.resolve("002_rename.sql"), "ALTER TABLE old_sessions RENAME TO archive;");
        Files.writeString(dir.resolve("002_rename.rollback.sql"), "ALTER TABLE archive RENAME TO old_sessions;");
        Files.writeString(dir.resolve("003_drop.sql"), "DROP TABLE archive;");
        Files.writeString(dir.resolve("003_drop.rollback.sql"), "CREATE TABLE archive (id int);");
        Files.writeString(dir.resolve("004_new.sql"), "CREATE TABLE archive (id int, at timestamptz);\nCREATE FUNCTION legacy_total(int) RETURNS int "
                + "LANGUAGE sql AS 'SELECT 1';");
        Files.writeString(dir.resolve("004_new.rollback.sql"), "DROP FUNCTION legacy_total(int);\nDROP TABLE archive;");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings()).extracting(Finding::code)
                .doesNotContain("ROLLBACK_ORDER", "MIGRATION_ORDER");
        // DROP TABLE a, b: b counts, and the rollback of 001 fails once 002's has dropped it
        for (String f : List.of("001_sessions", "002_rename", "003_drop", "004_new")) {
            Files.delete(dir.resolve(f + ".sql"));
            Files.delete(dir.resolve(f + ".rollback.sql"));
        }
        Files.writeString(dir.resolve("001_tmp.sql"), "CREATE TABLE audit_tmp (id int);");
        Files.writeString(dir.resolve("001_tmp.rollback.sql"), "DROP TABLE audit_tmp, audit_log;");
        Files.writeString(dir.resolve("002_log.sql"), "CREATE TABLE audit_log (id int);");
        Files.writeString(dir.resolve("002_log.rollback.sql"), "DROP TABLE audit_log;");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings()).filteredOn(x -> x.code().equals("ROLLBACK_ORDER"))
                .extracting(Finding::object).containsExactly("001_tmp.rollback.sql");
    }

    @Test
    void theRollbackPathReadsIndexColumnsAsThePlannerDoesAndStopsAtTheIndexsCreator() throws Exception {
        // hostile review: a cast's type counted as a column (false alarm); INCLUDE and WHERE columns not counted (missed)
        Files.writeString(dir.resolve("001_base.sql"), "CREATE TABLE ev (id int, created_at timestamp, date date, b int, deleted_at timestamp);\n"
                + "CREATE INDEX ev_day ON ev ((created_at::date));\nCREATE INDEX ev_inc ON ev (id) INCLUDE (b);\n"
                + "CREATE INDEX ev_live ON ev (id) WHERE deleted_at IS NULL;");
        Files.writeString(dir.resolve("001_base.rollback.sql"), "DROP INDEX ev_day;\nDROP INDEX ev_inc;\nDROP INDEX ev_live;\nDROP TABLE ev;");
        Files.writeString(dir.resolve("002_drop.sql"), "ALTER TABLE ev DROP COLUMN date, DROP COLUMN b, DROP COLUMN deleted_at;");
        Files.writeString(dir.resolve("002_drop.rollback.sql"), "ALTER TABLE ev ADD COLUMN date date, ADD COLUMN b int, ADD COLUMN deleted_at timestamp;");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings())
                .filteredOn(x -> x.code().equals("ROLLBACK_PATH_BROKEN")).extracting(Finding::object)
                .containsExactlyInAnyOrder("001_base.rollback.sql:2", "001_base.rollback.sql:3");
        // an index made again by a rollback newer than the old one that drops it: the path works
        for (String f : List.of("001_base.sql", "001_base.rollback.sql", "002_drop.sql", "002_drop.rollback.sql")) {
            Files.delete(dir.resolve(f));
        }
        Files.writeString(dir.resolve("001_t.sql"), "CREATE TABLE t (c int, d int);\nCREATE INDEX i ON t (d);");
        Files.writeString(dir.resolve("001_t.rollback.sql"), "DROP INDEX i;\nDROP TABLE t;");
        Files.writeString(dir.resolve("002_drop_i.sql"), "DROP INDEX i;");
        Files.writeString(dir.resolve("002_drop_i.rollback.sql"), "CREATE INDEX i ON t (d);");
        Files.writeString(dir.resolve("003_i_on_c.sql"), "CREATE INDEX i ON t (c);");
        Files.writeString(dir.resolve("003_i_on_c.rollback.sql"), "DROP INDEX IF EXISTS i;");
        Files.writeString(dir.resolve("004_drop_c.sql"), "ALTER TABLE t DROP COLUMN c;");
        Files.writeString(dir.resolve("004_drop_c.rollback.sql"), "ALTER TABLE t ADD COLUMN c int;");
        assertThat(validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings()).extracting(Finding::code)
                .doesNotContain("ROLLBACK_PATH_BROKEN");
    }

    @Test
    void forwardOnlyLayoutsAreWarnedNotFailedForMissingRollbacksAndZeroPaddedSequencesStillGap() throws Exception {
        Path graphile = Files.createDirectories(dir.resolve("committed"));
        Files.writeString(graphile.resolve("000001.sql"), "CREATE TABLE a (id int);");
        assertThat(validate(MigrationSource.read(graphile), List.of(), Map.of()).result().findings())
                .filteredOn(x -> x.code().equals("ROLLBACK_MISSING")).singleElement().satisfies(x -> {
                    assertThat(x.fails()).isFalse();
                    assertThat(x.message()).contains("graphile-migrate has none");
                });
        Path padded = Files.createDirectories(dir.resolve("padded"));
        Files.writeString(padded.resolve("00000001_a.sql"), "CREATE TABLE a (id int);");
        Files.writeString(padded.resolve("00000001_a.rollback.sql"), "DROP TABLE a;");
        Files.writeString(padded.resolve("00000007_b.sql"), "CREATE TABLE b (id int);");
        Files.writeString(padded.resolve("00000007_b.rollback.sql"), "DROP TABLE b;");
        assertThat(validate(MigrationSource.read(padded), List.of(), Map.of()).result().findings()).extracting(Finding::code)
                .contains("MIGRATION_VERSION_GAP");
    }

    @Test
    void anUnreadableFileIsAnErrorNamingItNotAnEmptyFile() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);");
        Files.writeString(dir.resolve("001_a.rollback.sql"), "DROP TABLE a;");
        Files.write(dir.resolve("002_garbage.sql"), new byte[] {(byte) 0xC3, (byte) 0x28, 'x'});
        Files.writeString(dir.resolve("002_garbage.rollback.sql"), "SELECT 1;");
        ValidationReport r = validate(MigrationSource.read(dir), List.of(), Map.of());
        assertThat(r.result().findings()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("MIGRATION_UNREADABLE");
            assertThat(x.object()).isEqualTo("002_garbage.sql");
            assertThat(x.fails()).isTrue();
            assertThat(x.message()).startsWith("cannot read " + dir.resolve("002_garbage.sql") + ": java.nio.charset.MalformedInputException");
        });
        assertThat(r.syntaxLog()).isEqualTo("001_a.sql: 1 statement(s) parsed, 0 error(s)\n001_a.rollback.sql: 1 statement(s) parsed, 0 error(s)\n"
                + "002_garbage.rollback.sql: 1 statement(s) parsed, 0 error(s)\n");
    }

    @Test
    void aCircularDependencyIsACycleAndALinearChainIsNot() throws Exception {
        Files.writeString(dir.resolve("1_a.sql"), "CREATE TABLE ta (id bigint);\nCREATE INDEX ia ON tb (id);");
        Files.writeString(dir.resolve("1_a.rollback.sql"), "DROP TABLE ta;");
        Files.writeString(dir.resolve("2_b.sql"), "CREATE TABLE tb (id bigint);\nCREATE INDEX ib ON ta (id);");
        Files.writeString(dir.resolve("2_b.rollback.sql"), "DROP TABLE tb;");
        List<Finding> cyclic = validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings();
        assertThat(cyclic).filteredOn(x -> x.code().equals("MIGRATION_CYCLE")).singleElement().satisfies(x ->
                assertThat(x.message()).isEqualTo("circular dependency: [1_a.sql, 2_b.sql]"));
        Files.writeString(dir.resolve("1_a.sql"), "CREATE TABLE ta (id bigint);");
        List<Finding> linear = validate(MigrationSource.read(dir), List.of(), Map.of()).result().findings();
        assertThat(linear).extracting(Finding::code).doesNotContain("MIGRATION_CYCLE", "MIGRATION_ORDER");
    }

    @Test
    void duplicateVersionsAreAnError() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);");
        Files.writeString(dir.resolve("1_b.sql"), "CREATE TABLE b (id bigint);");
        ValidationReport r = validate(MigrationSource.read(dir), List.of(), Map.of());
        assertThat(r.result().failing()).extracting(Finding::code).contains("MIGRATION_DUPLICATE_VERSION");
    }
}
