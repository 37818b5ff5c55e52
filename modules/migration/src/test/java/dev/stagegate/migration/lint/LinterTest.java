package dev.stagegate.migration.lint;

import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.source.MigrationSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LinterTest {

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
                Arguments.of(LintRule.COLUMN_TYPE_CHANGE, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);",
                        "ALTER TABLE orders ADD COLUMN total_v2 numeric(12,2);"),
                Arguments.of(LintRule.NOT_NULL_ADD, "ALTER TABLE orders ALTER COLUMN ref SET NOT NULL;",
                        "ALTER TABLE orders ADD CONSTRAINT ref_not_null CHECK (ref IS NOT NULL) NOT VALID;"),
                Arguments.of(LintRule.REQUIRED_COLUMN_ADD, "ALTER TABLE orders ADD COLUMN region text NOT NULL;",
                        "ALTER TABLE orders ADD COLUMN region text NOT NULL DEFAULT 'eu';"),
                Arguments.of(LintRule.VOLATILE_DEFAULT, "ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();",
                        "ALTER TABLE orders ADD COLUMN token uuid;"),
                Arguments.of(LintRule.DROP_TABLE, "DROP TABLE orders;", "ALTER TABLE orders RENAME TO orders_retired_2026;"),
                Arguments.of(LintRule.DROP_COLUMN, "ALTER TABLE orders DROP COLUMN legacy;", "ALTER TABLE orders DROP CONSTRAINT legacy_check;"),
                Arguments.of(LintRule.DROP_SCHEMA_OR_DATABASE, "DROP SCHEMA reporting CASCADE;", "CREATE SCHEMA reporting;"),
                Arguments.of(LintRule.TRUNCATE, "TRUNCATE orders CASCADE;", "DELETE FROM orders WHERE created_at < '2020-01-01';"),
                Arguments.of(LintRule.RENAME_COLUMN, "ALTER TABLE orders RENAME COLUMN ref TO reference;",
                        "ALTER TABLE orders ADD COLUMN reference text;"),
                Arguments.of(LintRule.RENAME_TABLE, "ALTER TABLE orders RENAME TO purchases;", "CREATE VIEW purchases AS SELECT * FROM orders;"),
                Arguments.of(LintRule.CONCURRENTLY_NOT_ALONE, "CREATE INDEX CONCURRENTLY i ON orders (ref);\nCREATE TABLE x (id bigint);",
                        "CREATE INDEX CONCURRENTLY i ON orders (ref);"),
                Arguments.of(LintRule.TRANSACTION_CONTROL, "BEGIN;\nCREATE TABLE x (id bigint);\nCOMMIT;", "CREATE TABLE x (id bigint);"),
                Arguments.of(LintRule.MISSING_LOCK_TIMEOUT, "ALTER TABLE orders ADD COLUMN note text;",
                        "SET lock_timeout = '2s';\nALTER TABLE orders ADD COLUMN note text;"),
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
        assertThat(Linter.lint("m.sql", bad)).extracting(Finding::code).contains(rule.name());
        assertThat(Linter.lint("m.sql", good)).extracting(Finding::code).doesNotContain(rule.name());
    }

    @Test
    void everyRuleHasAFixture() {
        assertThat(rules().map(a -> a.get()[0])).containsExactlyInAnyOrder((Object[]) LintRule.values());
    }

    @Test
    void tablesCreatedInTheSameFileAreNewAndSkipLockingRules() {
        List<Finding> f = Linter.lint("m.sql", "CREATE TABLE t (id bigint PRIMARY KEY, c_id bigint);\n"
                + "CREATE INDEX t_c ON t (c_id);\nALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c_id) REFERENCES c (id);");
        assertThat(f).extracting(Finding::code).doesNotContain("INDEX_NOT_CONCURRENT", "FOREIGN_KEY_ADD");
    }

    @Test
    void findingsNameFileAndLineAndKeywordsInStringsOrCommentsAreIgnored() {
        List<Finding> f = Linter.lint("007_x.sql", "-- DROP TABLE users;\nINSERT INTO log VALUES ('DROP TABLE users');\n\nDROP TABLE old_users;");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("DROP_TABLE");
            assertThat(x.object()).isEqualTo("007_x.sql:4");
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.message()).contains("rename it out of the way");
        });
    }

    @Test
    void suppressionNeedsAReasonAndKeepsIt() {
        List<Finding> ok = Linter.lint("m.sql", "-- stagegate:lint-ignore DROP_TABLE: replaced by orders_v2 in 012, empty since\nDROP TABLE orders;");
        assertThat(ok).singleElement().satisfies(f -> {
            assertThat(f.suppressed()).isTrue();
            assertThat(f.suppression()).startsWith("replaced by orders_v2");
            assertThat(f.fails()).isFalse();
        });
        List<Finding> noReason = Linter.lint("m.sql", "-- stagegate:lint-ignore DROP_TABLE\nDROP TABLE orders;");
        assertThat(noReason).extracting(Finding::code).contains("LINT_SUPPRESSION_WITHOUT_REASON", "DROP_TABLE");
        assertThat(noReason).filteredOn(f -> f.code().equals("DROP_TABLE")).allMatch(Finding::fails);
    }

    @Test
    void c2proHasNoFailingFinding() {
        List<Finding> f = Linter.lint(MigrationSource.read(Example.locate("c2pro").migrationsDir()));
        assertThat(f).noneMatch(Finding::fails);
        assertThat(f).extracting(Finding::code).contains("FOREIGN_KEY_ADD");
    }
}
