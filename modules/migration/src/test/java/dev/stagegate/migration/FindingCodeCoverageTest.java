package dev.stagegate.migration;

import dev.stagegate.core.result.FindingCode;
import dev.stagegate.migration.lint.LintRule;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code this module can emit is raised and asserted by name in some test: quoted
 * ({@code "CHECKSUM_DRIFT"}) or as its constant ({@code LintRule.CLUSTER}). A bare word in SQL
 * (CLUSTER, TRUNCATE) does not count, and neither does this test.
 */
class FindingCodeCoverageTest {

    @Test
    void everyCodeIsNamedInATest() throws IOException {
        Path self = Path.of("src/test/java/dev/stagegate/migration/FindingCodeCoverageTest.java");
        String tests;
        try (Stream<Path> files = Files.walk(Path.of("src/test"))) {
            tests = files.filter(Files::isRegularFile).filter(p -> !p.normalize().equals(self.normalize()))
                    .map(FindingCodeCoverageTest::read).reduce("", String::concat);
        }
        List<FindingCode> codes = Stream.concat(Stream.of(MigrationCode.values()), Stream.of(LintRule.values())).map(c -> (FindingCode) c).toList();
        assertThat(codes).hasSize(MigrationCode.values().length + LintRule.values().length);
        for (FindingCode c : codes) {
            Pattern named = Pattern.compile("\"" + c.name() + "\"|\\b(LintRule|MigrationCode)\\." + c.name() + "\\b");
            assertThat(named.matcher(tests).find()).as(c.name() + " is named in no test under src/test").isTrue();
            assertThat(c.meaning()).as(c.name() + " meaning").matches("[A-Z].*\\.$");
        }
    }

    @Test
    void everyLintRuleIsInTheDocsTable() throws IOException {
        String docs = Files.readString(Path.of("../../docs/migrations.md"));
        for (LintRule r : LintRule.values()) {
            assertThat(docs).as(r.name() + " in docs/migrations.md").contains("| " + r.name() + " | "
                    + r.severity().name().toLowerCase(java.util.Locale.ROOT) + " |");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
