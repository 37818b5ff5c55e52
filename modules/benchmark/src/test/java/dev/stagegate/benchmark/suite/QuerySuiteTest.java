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
    void placeholdersAreNotFoundInStringsIdentifiersBodiesOrComments() {
        QuerySuite s = parse("""
                -- param: t = SELECT 1
                -- name: a
                SELECT $$:x$$, "col:y", ':z', /* :w */ x::text FROM t WHERE id = :t -- :v
                """);
        assertThat(s.queries().get(0).parameters()).containsExactly("t");
        assertThat(s.queries().get(0).sql()).contains("$$:x$$").contains("\"col:y\"").contains("id = ?");
    }
}
