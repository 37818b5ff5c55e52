package dev.stagegate.benchmark.suite;

import dev.stagegate.core.error.StagegateException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Suites in the yesql/sqlc convention, and every way a suite could mean something else than it says. */
class QuerySuiteTest {

    private static QuerySuite parse(String text) {
        return QuerySuite.parse(Path.of("queries.sql"), text);
    }

    @Test
    void aSuiteHasNamedQueriesWithParametersLimitsAndAControl() {
        QuerySuite s = parse("""
                -- c2pro's hot queries, and a
                -- control query in prose, which is no header
                -- param: tenant = SELECT id FROM tenants ORDER BY id LIMIT 1

                -- name: projects_for_tenant
                -- max: 10ms
                SELECT * FROM projects WHERE tenant_id = :tenant AND name <> ':not_a_param' AND created_at::date > now()::date - 30
                ORDER BY created_at DESC LIMIT 50;

                -- name: control
                -- control
                SELECT count(*) FROM tenants WHERE id = :tenant OR id = :tenant
                """);
        assertThat(s.queries()).extracting(SuiteQuery::id).containsExactly("projects_for_tenant", "control");
        SuiteQuery q = s.queries().get(0);
        assertThat(q.sql()).contains("tenant_id = ?").contains("':not_a_param'").contains("created_at::date").doesNotEndWith(";");
        assertThat(q.parameters()).containsExactly("tenant");
        assertThat(q.max()).isEqualTo(Duration.ofMillis(10));
        assertThat(q.line()).isEqualTo(5);
        assertThat(s.control()).get().extracting(SuiteQuery::id).isEqualTo("control");
        assertThat(s.queries().get(1).parameters()).containsExactly("tenant", "tenant");
        assertThat(s.params()).containsEntry("tenant", "SELECT id FROM tenants ORDER BY id LIMIT 1");
    }

    @Test
    void whatWouldMisleadIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parse("SELECT 1;\n-- name: a\nSELECT 2\n")).isInstanceOf(StagegateException.class)
                .hasMessageContaining("queries.sql line 1").hasMessageContaining("before the first `-- name:`");
        assertThatThrownBy(() -> parse("-- name: a\nSELECT 1\n-- name: a\nSELECT 2\n")).hasMessageContaining("line 3")
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> parse("-- name: bad-id\nSELECT 1\n")).hasMessageContaining("no query id");
        assertThatThrownBy(() -> parse("-- name: a\nSELECT * FROM t WHERE id = :who\n")).hasMessageContaining("uses :who");
        assertThatThrownBy(() -> parse("-- param: who = SELECT 1\n-- name: a\nSELECT 1\n")).hasMessageContaining("no query uses :who");
        assertThatThrownBy(() -> parse("-- name: a\nSELECT 1; SELECT 2\n")).hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> parse("-- name: a\n-- max: fast\nSELECT 1\n")).hasMessageContaining("10ms or 0.5s");
        assertThatThrownBy(() -> parse("-- name: a\n-- control\nSELECT 1\n-- name: b\n-- control\nSELECT 2\n"))
                .hasMessageContaining("one control query");
        assertThatThrownBy(() -> parse("-- name: a\n\n-- name: b\nSELECT 1\n")).hasMessageContaining("query a has no SQL");
        assertThatThrownBy(() -> parse("-- just a comment\n")).hasMessageContaining("holds no query");
        assertThatThrownBy(() -> parse("-- param: x\n-- name: a\nSELECT 1\n")).hasMessageContaining("-- param: name = SELECT");
    }

    @Test
    void aRoleAndSettingsAreTheWholeSuitesAndGivenOnce() {
        QuerySuite s = parse("""
                -- role: app_user
                -- setting: app.tenant_id = SELECT id FROM tenants ORDER BY id LIMIT 1
                -- setting: request.jwt.claims = SELECT '{"role":"authenticated"}'
                -- name: a
                SELECT 1
                """);
        assertThat(s.role()).isEqualTo("app_user");
        assertThat(s.settings()).containsExactly(java.util.Map.entry("app.tenant_id", "SELECT id FROM tenants ORDER BY id LIMIT 1"),
                java.util.Map.entry("request.jwt.claims", "SELECT '{\"role\":\"authenticated\"}'"));
        assertThat(s.without(java.util.Set.of()).role()).isEqualTo("app_user");
        // under a query it would apply to that query alone, which it does not: refused with its line
        assertThatThrownBy(() -> parse("-- name: a\n-- role: app_user\nSELECT 1\n")).hasMessageContaining("line 2")
                .hasMessageContaining("before the first `-- name:`");
        assertThatThrownBy(() -> parse("-- role: a\n-- role: b\n-- name: a\nSELECT 1\n")).hasMessageContaining("one role");
        assertThatThrownBy(() -> parse("-- role: app user; DROP\n-- name: a\nSELECT 1\n")).hasMessageContaining("takes a role name");
        assertThatThrownBy(() -> parse("-- setting: app.x\n-- name: a\nSELECT 1\n")).hasMessageContaining("a setting is");
        assertThatThrownBy(() -> parse("-- setting: app.x = SELECT 1; SELECT 2\n-- name: a\nSELECT 1\n")).hasMessageContaining("more than one statement");
    }

    @Test
    void placeholdersAreNotFoundInStringsIdentifiersBodiesOrComments() {
        QuerySuite s = parse("""
                -- param: t = SELECT 1
                -- name: a
                SELECT $$:x$$, "col:y", ':z', /* :w */ x::text FROM t WHERE id = :t -- :v
                """);
        assertThat(s.queries().get(0).parameters()).containsExactly("t");
        assertThat(s.queries().get(0).sql()).contains("$$:x$$").contains("\"col:y\"").contains("id = ?");
    }

    @Test
    void headersUnderTheSqlAControlAloneAndHiddenStatementsAreRefused() {
        // a limit or a control under the SQL would silently not apply
        assertThatThrownBy(() -> parse("-- name: a\nSELECT 1\n-- max: 10ms\n")).hasMessageContaining("line 3")
                .hasMessageContaining("comes after the SQL of a");
        assertThatThrownBy(() -> parse("-- name: a\nSELECT 1\n-- control\n")).hasMessageContaining("comes after the SQL");
        assertThatThrownBy(() -> parse("-- name: c\n-- control\nSELECT 1\n")).hasMessageContaining("only its control query");
        // a trailing comment is no second statement; an E'' string hides no statement end
        QuerySuite ok = parse("-- name: a\nSELECT 1; -- the first\n");
        org.assertj.core.api.Assertions.assertThat(ok.queries()).hasSize(1);
        assertThatThrownBy(() -> parse("-- name: a\nSELECT E'\\'' ; COMMIT; DELETE FROM t; SELECT 'x'\n"))
                .hasMessageContaining("more than one statement");
        assertThatThrownBy(() -> parse("-- param: t = SELECT 1; COMMIT; DELETE FROM audit_log\n-- name: a\nSELECT :t\n"))
                .hasMessageContaining("parameter t holds more than one statement");
    }

    @Test
    void settingsOutsideWhatMeasuresAnythingAreRefused() {
        assertThatThrownBy(() -> dev.stagegate.benchmark.run.BenchRunner.Settings.of(3, "2x600ms", "3x300ms", "--"))
                .hasMessageContaining("--rounds 3: give an even number, 6 or more");
        assertThatThrownBy(() -> dev.stagegate.benchmark.run.BenchRunner.Settings.of(4, "2x600ms", "3x300ms", "--"))
                .hasMessageContaining("4 rounds cover 87.5%");
        assertThatThrownBy(() -> dev.stagegate.benchmark.run.BenchRunner.Settings.of(6, "1x200ms", "3x300ms", "--"))
                .hasMessageContaining("less than a second");
        assertThatThrownBy(() -> dev.stagegate.benchmark.run.BenchRunner.Settings.of(6, "2x600ms", "99999999999x1ms", "--"))
                .hasMessageContaining("--measure 99999999999x1ms is not NxTIME");
        assertThatThrownBy(() -> dev.stagegate.benchmark.run.BenchRunner.Settings.of(200, "2x600ms", "3x300ms", "--"))
                .hasMessageContaining("more than 100 rounds");
        org.assertj.core.api.Assertions.assertThat(dev.stagegate.benchmark.run.BenchRunner.Settings.of(6, "2x600ms", "3x300ms", "--"))
                .isEqualTo(dev.stagegate.benchmark.run.BenchRunner.Settings.defaults());
        assertThatThrownBy(() -> dev.stagegate.benchmark.run.BenchRunner.Settings.defaults().withPin("fast", "--pin-cpu"))
                .hasMessageContaining("--pin-cpu fast is not auto, off or a CPU number");
    }

    @Test
    void oneBenchmarkAtATimeOnAHost() {
        try (var held = dev.stagegate.benchmark.run.HostLock.acquire()) {
            assertThatThrownBy(dev.stagegate.benchmark.run.HostLock::acquire).hasMessageContaining("another stagegate benchmark is running");
        }
        dev.stagegate.benchmark.run.HostLock.acquire().close();
    }
}
