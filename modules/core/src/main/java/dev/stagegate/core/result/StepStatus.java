package dev.stagegate.core.result;

/**
 * Outcome of one gate step. Only {@link #PASSED} and {@link #WARNED} read as a pass: a step that
 * did not run, or ran only in part, can never count toward GO.
 */
public enum StepStatus {
    /** Ran, nothing failing found. */
    PASSED,
    /** Ran, only warnings found. */
    WARNED,
    /** Ran, and something failing was found: counts toward NO-GO. */
    FAILED,
    /** Could not run (broken environment, missing privilege); never read as a pass. */
    ERROR,
    /** Deliberately not run (the user asked); never read as a pass. */
    SKIPPED,
    /** Ran, but what it had to show could not be exercised (no data, a figure that cannot be read); never a pass. */
    NOT_TESTED,
    /** Ran in part: some of what it covers was not shown; never a pass. */
    INCOMPLETE;

    /** True only for a step that ran in full and found nothing failing. */
    public boolean passed() {
        return this == PASSED || this == WARNED;
    }

    /** True for a step that found a failure or could not run because something is broken. */
    public boolean failed() {
        return this == FAILED || this == ERROR;
    }

    /** The four-letter tag the console prints: PASS, WARN, FAIL, ERR, SKIP, NOT TESTED, INCOMPLETE. */
    public String tag() {
        return switch (this) {
            case PASSED -> "PASS";
            case WARNED -> "WARN";
            case FAILED -> "FAIL";
            case ERROR -> "ERROR";
            case SKIPPED -> "SKIP";
            case NOT_TESTED -> "NOT TESTED";
            case INCOMPLETE -> "INCOMPLETE";
        };
    }
}
