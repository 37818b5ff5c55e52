package dev.stagegate.migration.lint;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.migration.source.MigrationSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class LinterTest {

    @TempDir
    Path dir;

    /** Each rule: a statement built to trip it, and the safe way to do the same thing. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(LintRule.INDEX_NOT_CONCURRENT, "CREATE INDEX idx ON orders (customer_id);",
                        "CREATE INDEX CONCURRENTLY idx ON orders (customer_id);"),
                Arguments.of(LintRule.DROP_INDEX_NOT_CONCURRENT, "DROP INDEX idx;", "DROP INDEX CONCURRENTLY idx;"),
                Arguments.of(LintRule.CONSTRAINT_WITHOUT_NOT_VALID, "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0);",
                        "ALTER TABLE orders ADD CONSTRAINT positive CHECK (total > 0) NOT VALID;"),
                Arguments.of(LintRule.FOREIGN_KEY_ADD, "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
                        "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;"),
                Arguments.of(LintRule.UNIQUE_CONSTRAINT_ADD, "ALTER TABLE orders ADD CONSTRAINT u UNIQUE (ref);",
                        "ALTER TABLE orders ADD CONSTRAINT u UNIQUE USING INDEX orders_ref_idx;"),
                Arguments.of(LintRule.PRIMARY_KEY_ADD, "ALTER TABLE orders ADD PRIMARY KEY (id);",
                        "ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY USING INDEX orders_id_idx;"),
                Arguments.of(LintRule.COLUMN_TYPE_CHANGE, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);",
                        "ALTER TABLE orders ADD COLUMN total_v2 numeric(12,2);"),
                Arguments.of(LintRule.NOT_NULL_ADD, "ALTER TABLE orders ALTER COLUMN ref SET NOT NULL;",
                        "ALTER TABLE orders ADD CONSTRAINT ref_not_null CHECK (ref IS NOT NULL) NOT VALID;"),
                Arguments.of(LintRule.REQUIRED_COLUMN_ADD, "ALTER TABLE orders ADD COLUMN region text NOT NULL;",
                        "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';"),
                Arguments.of(LintRule.VOLATILE_DEFAULT, "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                        "ALTER TABLE orders ADD COLUMN token uuid;"),
                Arguments.of(LintRule.CLUSTER, "CLUSTER orders USING orders_pkey;", "ANALYZE orders;"),
                Arguments.of(LintRule.REINDEX_NOT_CONCURRENT, "REINDEX TABLE orders;", "REINDEX TABLE CONCURRENTLY orders;"),
                Arguments.of(LintRule.REFRESH_MATVIEW_NOT_CONCURRENT, "REFRESH MATERIALIZED VIEW sales_summary;",
                        "REFRESH MATERIALIZED VIEW CONCURRENTLY sales_summary;"),
                Arguments.of(LintRule.LOCK_TABLE, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE;", "UPDATE orders SET locked = true WHERE id = 1;"),
                Arguments.of(LintRule.ENUM_ADD_VALUE, "ALTER TYPE order_status ADD VALUE 'archived';",
                        "CREATE TYPE order_status_v2 AS ENUM ('open', 'archived');"),
                Arguments.of(LintRule.DROP_TABLE, "DROP TABLE orders;", "ALTER TABLE orders RENAME TO orders_retired_2026;"),
                Arguments.of(LintRule.DROP_COLUMN, "ALTER TABLE orders DROP COLUMN legacy;", "ALTER TABLE orders DROP CONSTRAINT legacy_check;"),
                Arguments.of(LintRule.DROP_SCHEMA, "DROP SCHEMA reporting CASCADE;", "CREATE SCHEMA reporting;"),
                Arguments.of(LintRule.DROP_DATABASE, "DROP DATABASE legacy;", "CREATE SCHEMA legacy;"),
                Arguments.of(LintRule.TRUNCATE, "TRUNCATE orders;", "DELETE FROM orders WHERE created_at < '2020-01-01';"),
                Arguments.of(LintRule.TRUNCATE_CASCADE, "TRUNCATE orders CASCADE;", "TRUNCATE orders;"),
                Arguments.of(LintRule.RENAME_COLUMN, "ALTER TABLE orders RENAME COLUMN ref TO reference;",
                        "ALTER TABLE orders ADD COLUMN reference text;"),
                Arguments.of(LintRule.RENAME_TABLE, "ALTER TABLE orders RENAME TO purchases;", "CREATE VIEW purchases AS SELECT * FROM orders;"),
                Arguments.of(LintRule.CONCURRENTLY_NOT_ALONE, "CREATE INDEX CONCURRENTLY i ON orders (ref);\nCREATE TABLE x (id bigint);",
                        "CREATE INDEX CONCURRENTLY i ON orders (ref);"),
                Arguments.of(LintRule.NON_TRANSACTIONAL_NOT_ALONE, "CREATE TABLE x (id bigint);\nVACUUM ANALYZE orders;",
                        "VACUUM ANALYZE orders;"),
                Arguments.of(LintRule.TRANSACTION_CONTROL, "BEGIN;\nCREATE TABLE x (id bigint);\nCOMMIT;", "CREATE TABLE x (id bigint);"),
                Arguments.of(LintRule.RLS_DISABLE, "ALTER TABLE notes DISABLE ROW LEVEL SECURITY;", "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;"),
                Arguments.of(LintRule.RLS_NO_FORCE, "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;", "ALTER TABLE notes FORCE ROW LEVEL SECURITY;"),
                Arguments.of(LintRule.POLICY_DROP, "DROP POLICY notes_isolation ON notes;",
                        "DROP POLICY notes_isolation ON notes;\nCREATE POLICY notes_isolation ON notes USING (tenant_id = current_setting('app.tenant')::uuid);"),
                Arguments.of(LintRule.POLICY_ALLOWS_ALL, "CREATE POLICY open ON notes USING (true);",
                        "CREATE POLICY t ON notes USING (tenant_id = current_setting('app.tenant')::uuid) WITH CHECK (true = (tenant_id IS NOT NULL));"),
                Arguments.of(LintRule.INT_PRIMARY_KEY, "CREATE TABLE t (id integer PRIMARY KEY, name text);",
                        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);"),
                Arguments.of(LintRule.SERIAL_COLUMN, "CREATE TABLE t (id bigserial PRIMARY KEY);",
                        "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"),
                Arguments.of(LintRule.TIMESTAMP_WITHOUT_TIME_ZONE, "CREATE TABLE t (id bigint, at timestamp NOT NULL);",
                        "CREATE TABLE t (id bigint, at timestamp with time zone NOT NULL, at2 timestamptz);"),
                Arguments.of(LintRule.CHAR_COLUMN, "CREATE TABLE t (code char(2));", "CREATE TABLE t (code text, v varchar(3));"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void eachRuleFiresOnItsFixtureAndNotOnTheSafeForm(LintRule rule, String bad, String good) {
        assertThat(Linter.lint("m.sql", bad)).filteredOn(f -> f.code().equals(rule.name())).singleElement()
                .satisfies(f -> {
                    assertThat(f.severity()).isEqualTo(rule.severity());
                    assertThat(f.message()).endsWith(rule.message());
                });
        assertThat(Linter.lint("m.sql", good)).extracting(Finding::code).doesNotContain(rule.name());
    }

    @Test
    void everyRuleHasAFixtureAndAMeaning() {
        assertThat(rules().map(a -> a.get()[0])).containsExactlyInAnyOrder((Object[]) LintRule.values());
        assertThat(LintRule.values()).allSatisfy(r -> assertThat(r.meaning()).matches("[A-Z].*\\.$"));
        assertThat(LintRule.CONCURRENTLY_NOT_ALONE.squawkName()).isEqualTo("ban-concurrent-index-creation-in-transaction");
        assertThat(LintRule.TRUNCATE_CASCADE.squawkName()).isEqualTo("ban-truncate-cascade");
        assertThat(LintRule.TRUNCATE.squawkName()).isEmpty();
        assertThat(LintRule.DROP_SCHEMA.squawkName()).isEqualTo("ban-drop-schema");
        assertThat(LintRule.DROP_DATABASE.squawkName()).isEqualTo("ban-drop-database");
    }

    @Test
    void tablesCreatedInTheSameFileAreNewAndSkipLockingRules() {
        List<Finding> f = Linter.lint("m.sql", "CREATE TABLE t (id bigint PRIMARY KEY, c_id bigint);\n"
                + "CREATE INDEX t_c ON t (c_id);\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c_id) REFERENCES c (id);");
        assertThat(f).isEmpty();
    }

    @Test
    void findingsNameFileAndLineAndKeywordsInStringsOrCommentsAreIgnored() {
        List<Finding> f = Linter.lint("007_x.sql", "-- DROP TABLE users;\nINSERT INTO log VALUES ('DROP TABLE users');\n\nDROP TABLE old_users;");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("DROP_TABLE");
            assertThat(x.object()).isEqualTo("007_x.sql:4");
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.proof()).containsExactly("DROP TABLE old_users");
        });
    }

    @Test
    void identicalFindingsInOneFileAreOneFindingWithACountAndEveryStatementInTheProof() {
        List<Finding> f = Linter.lint("003_fk.sql", """
                ALTER TABLE a ADD CONSTRAINT a_fk FOREIGN KEY (x) REFERENCES x (id);
                ALTER TABLE b ADD CONSTRAINT b_fk FOREIGN KEY (x) REFERENCES x (id);
                ALTER TABLE c ADD CONSTRAINT c_fk FOREIGN KEY (x) REFERENCES x (id);
                """);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("FOREIGN_KEY_ADD");
            assertThat(x.object()).isEqualTo("003_fk.sql");
            assertThat(x.severity()).isEqualTo(Severity.WARNING);
            assertThat(x.message()).isEqualTo("3 statements: " + LintRule.FOREIGN_KEY_ADD.message());
            assertThat(x.proof()).containsExactly(
                    "line 1: a: ALTER TABLE a ADD CONSTRAINT a_fk FOREIGN KEY (x) REFERENCES x (id)",
                    "line 2: b: ALTER TABLE b ADD CONSTRAINT b_fk FOREIGN KEY (x) REFERENCES x (id)",
                    "line 3: c: ALTER TABLE c ADD CONSTRAINT c_fk FOREIGN KEY (x) REFERENCES x (id)");
        });
    }

    @Test
    void tableSizesMakeSmallTablesInfoAndBigTablesAnErrorNamingRowsAndBytes() {
        LintOptions sized = LintOptions.defaults().withTableSizes(Map.of(
                "public.small", new TableSize(6_280, 1_200_000),
                "big", new TableSize(2_000_000, 3L * 1024 * 1024 * 1024),
                "middle", new TableSize(500_000, 50L * 1024 * 1024)));
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON small (x);", sized)).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.message()).isEqualTo(LintRule.INDEX_NOT_CONCURRENT.message() + "; small has 6280 rows, 1.1 MB");
        });
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON public.big (x);", sized)).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.message()).isEqualTo(LintRule.INDEX_NOT_CONCURRENT.message() + "; public.big has 2000000 rows, 3.0 GB");
        });
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON middle (x);", sized)).extracting(Finding::severity)
                .containsExactly(Severity.WARNING);
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON unknown_size (x);", sized)).extracting(Finding::severity, Finding::message)
                .containsExactly(tuple(Severity.WARNING, LintRule.INDEX_NOT_CONCURRENT.message()));
        // A foreign key locks both tables: small only when both are small, big when either is.
        assertThat(Linter.lint("m.sql", "ALTER TABLE small ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES big (id);", sized))
                .extracting(Finding::severity).containsExactly(Severity.ERROR);
        assertThat(Linter.lint("m.sql", "ALTER TABLE small ADD CONSTRAINT f FOREIGN KEY (b) REFERENCES unknown_size (id);", sized))
                .extracting(Finding::severity).containsExactly(Severity.WARNING);
        // Not a locking rule: size does not soften a DROP TABLE.
        assertThat(Linter.lint("m.sql", "DROP TABLE small;", sized)).extracting(Finding::severity).containsExactly(Severity.ERROR);
        // Thresholds are the caller's.
        LintOptions strict = sized.withThresholds(1_000, 1024, 5_000, 1024L * 1024);
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON small (x);", strict)).extracting(Finding::severity)
                .containsExactly(Severity.ERROR);
    }

    @Test
    void sizesComeFromASnapshotPreferringExactRowsOverTheEstimate() {
        Table counted = new Table("app", "events", "owner", false, null, false, false, 10, 2_500_000L, 200_000_000, List.of(), List.of());
        Table estimated = new Table("public", "tags", "owner", false, null, false, false, 50, null, 16_384, List.of(), List.of());
        SchemaSnapshot snapshot = new SchemaSnapshot("2026-12-01T12:00:00Z", "db", 160000, List.of("app", "public"), true,
                List.of(counted, estimated), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        LintOptions options = LintOptions.defaults().withSnapshot(snapshot);
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON app.events (x);", options)).extracting(Finding::severity, Finding::message)
                .containsExactly(tuple(Severity.ERROR, LintRule.INDEX_NOT_CONCURRENT.message() + "; app.events has 2500000 rows, 190.7 MB"));
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON tags (x);", options)).extracting(Finding::severity)
                .containsExactly(Severity.INFO);
    }

    @Test
    void aGroupWithSizesNamesTheBiggestTablesFirst() {
        LintOptions sized = LintOptions.defaults().withTableSizes(Map.of(
                "a", new TableSize(10, 8192), "b", new TableSize(3_000_000, 2L * 1024 * 1024 * 1024), "c", new TableSize(400_000, 90_000_000)));
        List<Finding> f = Linter.lint("004.sql", "CREATE INDEX ia ON a (x);\nCREATE INDEX ib ON b (x);\nCREATE INDEX ic ON c (x);", sized);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.message()).isEqualTo("3 statements: " + LintRule.INDEX_NOT_CONCURRENT.message()
                    + "; biggest tables: b (3000000 rows, 2.0 GB), c (400000 rows, 85.8 MB), a (10 rows, 8.0 kB)");
            assertThat(x.proof()).containsExactly("line 2: b (3000000 rows, 2.0 GB): CREATE INDEX ib ON b (x)",
                    "line 3: c (400000 rows, 85.8 MB): CREATE INDEX ic ON c (x)", "line 1: a (10 rows, 8.0 kB): CREATE INDEX ia ON a (x)");
        });
    }

    @Test
    void aStatementLevelIgnoreAppliesToTheNextStatementOnly() {
        List<Finding> f = Linter.lint("m.sql", """
                CREATE TABLE keep (id bigint);
                -- stagegate:lint-ignore DROP_TABLE: replaced by orders_v2 in 012, empty since
                DROP TABLE orders;
                DROP TABLE customers;
                """);
        assertThat(f).extracting(Finding::code, Finding::object, Finding::suppression).containsExactly(
                tuple("DROP_TABLE", "m.sql:3", "replaced by orders_v2 in 012, empty since"),
                tuple("DROP_TABLE", "m.sql:4", null));
        assertThat(f.get(1).fails()).isTrue();
    }

    @Test
    void theHeaderFormAndTheFileFormApplyToTheWholeFile() {
        String header = "-- 012: retire the old tables\n-- stagegate:lint-ignore DROP_TABLE: both are empty since 011\n\n"
                + "DROP TABLE orders;\nDROP TABLE customers;";
        assertThat(Linter.lint("m.sql", header)).extracting(Finding::code, Finding::suppression)
                .containsExactly(tuple("DROP_TABLE", "both are empty since 011"));
        String anywhere = "DROP TABLE orders;\nDROP TABLE customers;\n-- stagegate:lint-ignore-file DROP_TABLE: both are empty since 011";
        assertThat(Linter.lint("m.sql", anywhere)).extracting(Finding::code, Finding::object, Finding::suppression)
                .containsExactly(tuple("DROP_TABLE", "m.sql", "both are empty since 011"));
    }

    @Test
    void aSuppressionWithoutReasonUnknownOrUnusedIsReportedNeverSilent() {
        List<Finding> f = Linter.lint("m.sql", """
                CREATE TABLE keep (id bigint);
                -- stagegate:lint-ignore DROP_TABLE
                DROP TABLE orders;
                -- stagegate:lint-ignore DROP_TABEL: typo
                DROP TABLE customers;
                -- stagegate:lint-ignore INDEX_NOT_CONCURRENT: nothing here builds an index
                DROP TABLE invoices;
                -- stagegate:lint-ignore MISSING_LOCK_TIMEOUT: stagegate sets it
                CREATE TABLE other (id bigint);
                """);
        assertThat(f).extracting(Finding::code, Finding::object, Finding::severity).containsExactly(
                tuple("DROP_TABLE", "m.sql", Severity.ERROR),
                tuple("LINT_SUPPRESSION_WITHOUT_REASON", "m.sql:2", Severity.ERROR),
                tuple("LINT_SUPPRESSION_UNKNOWN_CODE", "m.sql:4", Severity.WARNING),
                tuple("LINT_SUPPRESSION_UNUSED", "m.sql:6", Severity.WARNING),
                tuple("LINT_SUPPRESSION_UNUSED", "m.sql:8", Severity.WARNING));
        assertThat(f.get(0).message()).startsWith("3 statements: ");
        assertThat(f.get(4).message()).isEqualTo("MISSING_LOCK_TIMEOUT is retired: stagegate sets lock_timeout for every "
                + "migration itself; the suppression can go");
    }

    @Test
    void theRetiredDropSchemaOrDatabaseCodeStillSuppressesItsSuccessors() {
        assertThat(Linter.lint("m.sql", "-- stagegate:lint-ignore DROP_SCHEMA_OR_DATABASE: the reporting schema moved to its own database\n"
                + "DROP SCHEMA reporting CASCADE;")).extracting(Finding::code, Finding::suppressed)
                .containsExactly(tuple("DROP_SCHEMA", true));
    }

    @Test
    void excludedRulesAreNotReportedAndAnUnknownExcludedCodeIsAWarning() {
        LintOptions options = LintOptions.defaults().withExclude(Set.of("INDEX_NOT_CONCURRENT", "NO_SUCH_RULE"));
        assertThat(Linter.lint("m.sql", "CREATE INDEX i ON orders (x);\nDROP TABLE t;", options))
                .extracting(Finding::code, Finding::object).containsExactlyInAnyOrder(
                        tuple("LINT_SUPPRESSION_UNKNOWN_CODE", "exclude"), tuple("DROP_TABLE", "m.sql:2"));
    }

    @Test
    void aSuppressionsFileAcceptsFindingsByFileLineOrTableWithoutEditingTheMigration() throws Exception {
        Path file = dir.resolve("lint-suppressions.txt");
        Files.writeString(file, """
                # accepted lint findings, CODE:file-or-table = reason
                FOREIGN_KEY_ADD:003_fk.sql = the tables are empty when 003 runs
                INDEX_NOT_CONCURRENT:public.orders = orders is an append-only table of 2k rows
                DROP_TABLE:003_fk.sql:4 = the staging copy is rebuilt nightly
                DROP_COLUMN:003_fk.sql
                NOT_A_RULE:x = y
                TRUNCATE:nowhere.sql = stale
                """);
        List<Finding> f = Linter.lint("003_fk.sql", """
                ALTER TABLE a ADD CONSTRAINT a_fk FOREIGN KEY (x) REFERENCES x (id);
                CREATE INDEX i ON orders (x);
                CREATE INDEX j ON customers (x);
                DROP TABLE staging;
                """, LintOptions.defaults().withSuppressionsFile(file));
        assertThat(f).extracting(Finding::code, Finding::object, Finding::suppression).containsExactly(
                tuple("LINT_SUPPRESSION_WITHOUT_REASON", "lint-suppressions.txt:5", null),
                tuple("LINT_SUPPRESSION_UNKNOWN_CODE", "lint-suppressions.txt:6", null),
                tuple("FOREIGN_KEY_ADD", "003_fk.sql:1", "the tables are empty when 003 runs"),
                tuple("INDEX_NOT_CONCURRENT", "003_fk.sql:2", "orders is an append-only table of 2k rows"),
                tuple("INDEX_NOT_CONCURRENT", "003_fk.sql:3", null),
                tuple("DROP_TABLE", "003_fk.sql:4", "the staging copy is rebuilt nightly"),
                tuple("LINT_SUPPRESSION_UNUSED", "lint-suppressions.txt:7", null));
    }

    @Test
    void aSuppressionTargetEndingInAStarMatchesByPrefixOnly() {
        LintOptions options = LintOptions.defaults().withSuppressions(List.of(
                new LintSuppression("INDEX_NOT_CONCURRENT", "audit_*", "audit tables are written by a batch job", "s.txt:1")));
        List<Finding> f = Linter.lint("m.sql", "CREATE INDEX a ON audit_logs (x);\nCREATE INDEX b ON audit_events (x);\n"
                + "CREATE INDEX c ON auditors (x);", options);
        assertThat(f).extracting(Finding::code, Finding::object, Finding::suppression).containsExactly(
                tuple("INDEX_NOT_CONCURRENT", "m.sql", "audit tables are written by a batch job"),
                tuple("INDEX_NOT_CONCURRENT", "m.sql:3", null));
        assertThat(f.get(0).proof()).containsExactly("line 1: audit_logs: CREATE INDEX a ON audit_logs (x)",
                "line 2: audit_events: CREATE INDEX b ON audit_events (x)");
    }

    @Test
    void aMalformedSuppressionsLineIsAUsageErrorNamingTheLine() {
        assertThatThrownBy(() -> LintSuppressionsFile.parse("# ok\nFOREIGN_KEY_ADD = no target\n", "s.txt"))
                .isInstanceOfSatisfying(StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INPUT_INVALID);
                    assertThat(e.getMessage()).startsWith("s.txt line 2: expected CODE:file-or-table = reason");
                });
        // The colon is the separator of code and target, never a key/value split (java.util.Properties would).
        assertThat(LintSuppressionsFile.parse("POLICY_DROP:public.notes = replaced in 014\n", "s.txt"))
                .containsExactly(new LintSuppression("POLICY_DROP", "public.notes", "replaced in 014", "s.txt:1"));
    }

    @Test
    void anUnreadableFileIsALintError() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);");
        Files.write(dir.resolve("002_b.sql"), new byte[] {(byte) 0xC3, (byte) 0x28});
        assertThat(Linter.lint(MigrationSource.read(dir))).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("LINT_UNREADABLE");
            assertThat(x.object()).isEqualTo("002_b.sql");
            assertThat(x.fails()).isTrue();
        });
    }

    @Test
    void aRollbacksDropIndexIsWeighedByTheTableItsMigrationMadeTheIndexOn() throws Exception {
        Files.writeString(dir.resolve("001_t.sql"), "CREATE TABLE small (id int);\nCREATE TABLE big (id int);");
        Files.writeString(dir.resolve("001_t.rollback.sql"), "DROP TABLE small;\nDROP TABLE big;");
        Files.writeString(dir.resolve("002_small_ix.sql"), "CREATE INDEX small_id ON small (id);");
        Files.writeString(dir.resolve("002_small_ix.rollback.sql"), "DROP INDEX small_id;");
        Files.writeString(dir.resolve("003_big_ix.sql"), "CREATE INDEX big_id ON big (id);");
        Files.writeString(dir.resolve("003_big_ix.rollback.sql"), "DROP INDEX big_id;");
        LintOptions sized = LintOptions.defaults().withTableSizes(Map.of(
                "small", new TableSize(100, 8192), "big", new TableSize(2_000_000, 3L * 1024 * 1024 * 1024)));
        List<Finding> f = Linter.lint(MigrationSource.read(dir), sized);
        // the drop on the 3 GB table is an error, the one on the small table information; no DROP_TABLE for 001's rollback
        assertThat(f).filteredOn(x -> x.object().contains(".rollback.sql")).extracting(Finding::code, Finding::object, Finding::severity)
                .containsExactlyInAnyOrder(tuple("DROP_INDEX_NOT_CONCURRENT", "002_small_ix.rollback.sql:1", Severity.INFO),
                        tuple("DROP_INDEX_NOT_CONCURRENT", "003_big_ix.rollback.sql:1", Severity.ERROR));
        assertThat(f).extracting(Finding::code).doesNotContain("DROP_TABLE");
    }

    @Test
    void c2proGivesExactlyOneGroupedFindingPerFileAndRule() {
        List<Finding> f = Linter.lint(MigrationSource.read(Example.locate("c2pro").migrationsDir()));
        assertThat(f).extracting(Finding::code, Finding::object, Finding::severity, x -> x.proof().size()).containsExactly(
                tuple("FOREIGN_KEY_ADD", "003_foreign_keys.sql", Severity.WARNING, 31),
                tuple("INDEX_NOT_CONCURRENT", "004_indexes_optimization.sql", Severity.WARNING, 33),
                // the rollback runs under traffic too: its locks are linted, not that it drops what 004 made (no DROP_* rule)
                tuple("DROP_INDEX_NOT_CONCURRENT", "004_indexes_optimization.rollback.sql", Severity.WARNING, 33));
        assertThat(f.get(0).message()).startsWith("31 statements: ");
        assertThat(f.get(1).message()).startsWith("33 statements: ");
        assertThat(f.get(0).proof().get(0)).isEqualTo("line 4: users: ALTER TABLE users ADD CONSTRAINT users_tenant_id_fkey "
                + "FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;".replace(";", ""));
    }
}
