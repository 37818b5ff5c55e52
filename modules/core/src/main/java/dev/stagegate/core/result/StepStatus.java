package dev.stagegate.core.result;

/** Outcome of one gate step. */
public enum StepStatus {
    /** Ran, nothing failing found. */
    PASSED,
    /** Ran, only warnings found. */
    WARNED,
    /** Ran, and something failing was found: counts toward NO-GO. */
    FAILED,
    /** Could not run (broken environment, missing input); never read as a pass. */
    ERROR,
    /** Deliberately not run. */
    SKIPPED
}
