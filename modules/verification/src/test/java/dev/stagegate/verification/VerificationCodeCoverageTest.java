package dev.stagegate.verification;

import dev.stagegate.verification.result.VerificationCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every finding code this module emits is asserted by name in some test (docs/testing.md: every
 * check gets a fixture built to fail it). Reads the test sources from the file system; this file
 * does not count.
 */
class VerificationCodeCoverageTest {

    private static final Path TESTS = Path.of("src", "test");
    private static final String SELF = "VerificationCodeCoverageTest.java";

    @Test
    void everyCodeIsNamedInATest() throws IOException {
        assertThat(TESTS.resolve("java")).as("run from the module directory").isDirectory();
        List<String> sources;
        try (Stream<Path> files = Files.walk(TESTS)) {
            sources = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(SELF)).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        // Whole words: OWNER_BYPASS_NOT_SHOWN in a test does not cover OWNER_BYPASS.
        List<String> untested = Arrays.stream(VerificationCode.values()).map(Enum::name)
                .filter(code -> sources.stream().noneMatch(src -> names(src, code))).toList();
        assertThat(untested).as("codes no test names").isEmpty();
    }

    private static boolean names(String source, String code) {
        return Pattern.compile("\\b" + code + "\\b").matcher(source).find();
    }

    @Test
    void aLongerCodeDoesNotCountForItsPrefix() {
        assertThat(names("assertThat(code).isEqualTo(\"OWNER_BYPASS_NOT_SHOWN\")", "OWNER_BYPASS")).isFalse();
        assertThat(names("tuple(\"COLUMN_CONTENT_CHANGED\", t)", "CONTENT_CHANGED")).isFalse();
        assertThat(names("containsExactly(\"OWNER_BYPASS\")", "OWNER_BYPASS")).isTrue();
    }

    @Test
    void everyCodeHasAMeaningForTheDocs() {
        assertThat(VerificationCode.values()).allSatisfy(c -> assertThat(c.meaning()).endsWith(".").doesNotContain("\n"));
    }
}
