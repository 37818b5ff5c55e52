package dev.stagegate.console.codes;

import dev.stagegate.core.result.FindingCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry keeps its promises: codes are unique, documented on a page generated from the
 * code, and each is named by some test (a fixture that raises it). Run with
 * {@code -Dstagegate.regenerate=true} to rewrite {@code docs/finding-codes.md}.
 */
class FindingCatalogTest {

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void codesAreUnique() {
        List<String> names = FindingCatalog.all().stream().map(FindingCode::name).toList();
        assertThat(names).doesNotHaveDuplicates().isNotEmpty();
    }

    @Test
    void everyCodeHasAMeaning() {
        assertThat(FindingCatalog.all()).allSatisfy(c -> assertThat(c.meaning()).as(c.name()).isNotBlank());
    }

    @Test
    void theDocsPageIsGeneratedFromTheRegistry() throws IOException {
        Path page = REPO.resolve("docs/finding-codes.md");
        if (Boolean.getBoolean("stagegate.regenerate")) {
            Files.writeString(page, FindingCatalog.markdown());
        }
        assertThat(page).as("docs/finding-codes.md is stale: run this test with -Dstagegate.regenerate=true").exists();
        assertThat(Files.readString(page)).as("docs/finding-codes.md is stale: run this test with -Dstagegate.regenerate=true")
                .isEqualTo(FindingCatalog.markdown());
    }

    @Test
    void everyCodeIsNamedBySomeTest() throws IOException {
        String tests = testSources();
        List<String> untested = FindingCatalog.all().stream().map(FindingCode::name)
                .filter(n -> !tests.matches("(?s).*\\b" + n + "\\b.*")).toList();
        assertThat(untested).as("codes no test raises").isEmpty();
    }

    /** Every test source of the repository but this class and the per-module registry checks. */
    private static String testSources() throws IOException {
        try (Stream<Path> files = Files.walk(REPO)) {
            return files.filter(p -> p.toString().contains("/src/test/") && p.toString().endsWith(".java"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .filter(p -> !p.getFileName().toString().matches("(FindingCatalog|.*CodeRegistry|.*CodesTest).*\\.java"))
                    .map(FindingCatalogTest::read).collect(Collectors.joining("\n"));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
