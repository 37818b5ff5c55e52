package dev.stagegate.core.result;

/**
 * A stable finding code from a registry. Each module keeps its codes in one enum implementing this
 * interface ({@code VerificationCode}, {@code MigrationCode}, {@code LintRule}, ...), so a typo
 * cannot compile, and {@code docs/finding-codes.md} is generated from those enums (a test fails
 * when the page is out of date or a code has no test that raises it).
 */
public interface FindingCode {

    /** The code as it appears in reports and suppression ids, e.g. {@code RLS_DISABLED}. */
    String name();

    /** One sentence for the docs: what the finding means. */
    String meaning();
}
