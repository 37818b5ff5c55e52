package dev.stagegate.verification.expect;

/** One expectation's outcome: what was expected, whether it held, and what was seen. */
public record ExpectationResult(String label, boolean passed, String observed) {
}
