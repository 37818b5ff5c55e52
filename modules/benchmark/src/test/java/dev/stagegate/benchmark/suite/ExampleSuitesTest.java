package dev.stagegate.benchmark.suite;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples' suites parse: c2pro has the seed's three queries, five more and a control. */
class ExampleSuitesTest {

    private static Path scripts() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("scripts/c2pro"))) {
            p = p.getParent();
        }
        return p.resolve("scripts");
    }

    @Test
    void c2prosSuiteHasTheSeedsQueriesFiveMoreAndAControl() {
        QuerySuite s = QuerySuite.read(scripts().resolve("c2pro/queries.sql"));
        assertThat(s.queries()).extracting(SuiteQuery::id).contains("projects_for_tenant", "document_with_clauses", "analysis_with_alerts");
        assertThat(s.queries().stream().filter(q -> !q.control()).count()).isGreaterThanOrEqualTo(8);
        assertThat(s.control()).isPresent();
        assertThat(s.queries().stream().filter(q -> q.max() != null).count()).isGreaterThanOrEqualTo(8);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"codex-week2", "mandate-008"})
    void everyOtherExampleHasASuiteWithAControl(String example) {
        QuerySuite s = QuerySuite.read(scripts().resolve(example + "/queries.sql"));
        assertThat(s.queries().stream().filter(q -> !q.control()).count()).isGreaterThanOrEqualTo(4);
        assertThat(s.control()).isPresent();
    }
}
