package dev.stagegate.verification;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review §3.1: the root package (Verifier, the config and report) depends on the check families,
 * never the other way round, and one family does not reach into another (integrity used rls for
 * the tenant tables). Read from the imports of the main sources.
 */
class PackageDependencyTest {

    private static final Path MAIN = Path.of("src", "main", "java", "dev", "stagegate", "verification");

    private static List<String> importsIn(String subpackage) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(subpackage))) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> l.startsWith("import ")).map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static final String ROOT_IMPORT = ".*import dev\\.stagegate\\.verification\\.[A-Z].*";

    @Test
    void noFamilyDependsOnTheRootPackage() throws IOException {
        // The old cycle, as it read: this is what the rule must catch.
        assertThat("TableProbe.java: import dev.stagegate.verification.Sql;").matches(ROOT_IMPORT);
        assertThat("TableProbe.java: import dev.stagegate.verification.sql.Sql;").doesNotMatch(ROOT_IMPORT);
        for (String family : List.of("data", "expect", "fk", "integrity", "partition", "preserve", "result", "rls", "role", "sql", "tenant")) {
            assertThat(importsIn(family)).as(family).noneMatch(l -> l.matches(ROOT_IMPORT));
        }
    }

    @Test
    void checkFamiliesDoNotUseEachOther() throws IOException {
        assertThat(importsIn("integrity")).noneMatch(l -> l.contains(".verification.rls.") || l.contains(".verification.fk."));
        assertThat(importsIn("fk")).noneMatch(l -> l.contains(".verification.rls.") || l.contains(".verification.integrity."));
        assertThat(importsIn("rls")).noneMatch(l -> l.contains(".verification.fk.") || l.contains(".verification.integrity."));
        // fk takes its partitioned-index advice from partition, so partition stays below every family
        assertThat(importsIn("partition")).noneMatch(l -> l.matches(".*\\.verification\\.(fk|rls|integrity|tenant|data|role)\\..*"));
    }
}
