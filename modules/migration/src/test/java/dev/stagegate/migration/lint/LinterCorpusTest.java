package dev.stagegate.migration.lint;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Precision: correct SQL that must lint clean, and dangerous SQL the linter used to miss (review
 * 2026-12-01 §7.2). Only {@code Linter.lint(file, sql)} is used, so the corpus runs on any version.
 */
class LinterCorpusTest {

    @Test
    void typeWordsAsColumnNamesAndOneLetterCodesWithACheckAreClean() {
        assertThat(Linter.lint("m.sql", "CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                + "\"timestamp\" timestamptz NOT NULL, timestamp_note text);")).isEmpty();
        assertThat(Linter.lint("m.sql", "CREATE TABLE raci (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
                + "    raci_role char(1) NOT NULL CHECK (raci_role IN ('R', 'A', 'C', 'I')));")).isEmpty();
        assertThat(Linter.lint("m.sql", "CREATE TABLE logs (id bigint, at timestamp(3) with time zone, c character varying(3));"))
                .isEmpty();
    }

    @Test
    void aStrongLockOnAnExistingTableNeedsNoLockTimeoutOfItsOwn() {
        // stagegate sets lock_timeout for every migration: MISSING_LOCK_TIMEOUT was noise.
        assertThat(Linter.lint("m.sql", "ALTER TABLE orders ADD COLUMN note text;")).isEmpty();
    }

    @Test
    void theStatementsTheOldLinterMissedAreFound() {
        String sql = """
                ALTER TABLE orders ADD PRIMARY KEY (id);
                REFRESH MATERIALIZED VIEW sales_summary;
                CLUSTER orders USING orders_pkey;
                REINDEX TABLE orders;
                LOCK TABLE customers IN ACCESS EXCLUSIVE MODE;
                ALTER TYPE order_status ADD VALUE 'archived';
                DO $$
                BEGIN
                  ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
                END
                $$;
                """;
        assertThat(Linter.lint("m.sql", sql)).extracting(Finding::code, Finding::object, Finding::severity).containsExactly(
                tuple("PRIMARY_KEY_ADD", "m.sql:1", Severity.WARNING),
                tuple("REFRESH_MATVIEW_NOT_CONCURRENT", "m.sql:2", Severity.WARNING),
                tuple("CLUSTER", "m.sql:3", Severity.WARNING),
                tuple("REINDEX_NOT_CONCURRENT", "m.sql:4", Severity.WARNING),
                tuple("LOCK_TABLE", "m.sql:5", Severity.WARNING),
                tuple("ENUM_ADD_VALUE", "m.sql:6", Severity.WARNING),
                tuple("FOREIGN_KEY_ADD", "m.sql:9", Severity.WARNING));
        assertThat(Linter.lint("m.sql", sql).get(6).proof()).containsExactly(
                "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)");
    }

    @Test
    void vacuumMixedWithOtherStatementsIsAnErrorAndAloneIsFine() {
        assertThat(Linter.lint("m.sql", "CREATE TABLE t (id bigint);\nVACUUM ANALYZE orders;"))
                .extracting(Finding::code, Finding::object, Finding::severity)
                .containsExactly(tuple("NON_TRANSACTIONAL_NOT_ALONE", "m.sql:2", Severity.ERROR));
        assertThat(Linter.lint("m.sql", "VACUUM ANALYZE orders;")).isEmpty();
    }

    @Test
    void changesThatWeakenTenantIsolationAreFlagged() {
        String sql = """
                ALTER TABLE notes DISABLE ROW LEVEL SECURITY;
                ALTER TABLE notes NO FORCE ROW LEVEL SECURITY;
                DROP POLICY notes_isolation ON notes;
                CREATE POLICY notes_all ON notes USING (true);
                ALTER POLICY notes_other ON notes WITH CHECK ( true );
                """;
        assertThat(Linter.lint("m.sql", sql)).extracting(Finding::code, Finding::object, Finding::severity).containsExactly(
                tuple("RLS_DISABLE", "m.sql:1", Severity.ERROR),
                tuple("RLS_NO_FORCE", "m.sql:2", Severity.WARNING),
                tuple("POLICY_DROP", "m.sql:3", Severity.WARNING),
                // Two statements of one rule in one file are one finding.
                tuple("POLICY_ALLOWS_ALL", "m.sql", Severity.ERROR));
    }

    @Test
    void alwaysTruePoliciesAreFlaggedInEveryDisguise() {
        // hostile review #9: only a bare (TRUE) was seen
        for (String policy : java.util.List.of("USING ((true))", "USING (1 = 1)", "USING (tenant_id IS NOT NULL OR true)",
                "WITH CHECK ((tenant_id = current_setting('app.t')::uuid) OR (TRUE))")) {
            assertThat(Linter.lint("m.sql", "CREATE POLICY p ON notes " + policy + ";")).as(policy)
                    .extracting(Finding::code).containsExactly("POLICY_ALLOWS_ALL");
        }
        for (String pinned : java.util.List.of("USING (tenant_id = current_setting('app.t')::uuid)",
                "USING (tenant_id = current_setting('app.t')::uuid AND (true))", "USING (id = 1)")) {
            assertThat(Linter.lint("m.sql", "CREATE POLICY p ON notes " + pinned + ";")).as(pinned).isEmpty();
        }
    }

    @Test
    void replacingAPolicyAndEnablingRlsAreNotWeakening() {
        assertThat(Linter.lint("m.sql", """
                DROP POLICY notes_isolation ON notes;
                CREATE POLICY notes_isolation ON notes USING (tenant_id = current_setting('app.tenant')::uuid);
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                """)).isEmpty();
    }

    @Test
    void plainTruncateIsAWarningAndCascadeTheError() {
        assertThat(Linter.lint("m.sql", "TRUNCATE staging_rows;")).extracting(Finding::code, Finding::severity)
                .containsExactly(tuple("TRUNCATE", Severity.WARNING));
        assertThat(Linter.lint("m.sql", "TRUNCATE orders CASCADE;")).extracting(Finding::code, Finding::severity)
                .containsExactly(tuple("TRUNCATE_CASCADE", Severity.ERROR));
    }
}
