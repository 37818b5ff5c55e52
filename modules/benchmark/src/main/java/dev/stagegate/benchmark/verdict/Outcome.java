package dev.stagegate.benchmark.verdict;

/**
 * A query's verdict. Only PASS and PASS_WARN pass; NO_VERDICT (host drift, too much spread) never
 * does, and never counts as a pass.
 */
public enum Outcome {
    /** The whole 95% interval of r is under the pass threshold. */
    PASS,
    /** Still inconclusive after the extra rounds, with r under the threshold: passes, said as a warning. */
    PASS_WARN,
    /** The interval still straddles the threshold: more rounds are needed before a verdict. */
    INCONCLUSIVE,
    /** Still inconclusive after the extra rounds, with r over the threshold: fails, softly (no rollback). */
    FAIL_SOFT,
    /** The whole interval is over the pass threshold. */
    FAIL,
    /** It fails and r is at or over the rollback threshold: a rollback trigger. */
    ROLLBACK,
    /** No verdict can be given: the control query moved, or the samples spread too much. */
    NO_VERDICT;

    public boolean passes() {
        return this == PASS || this == PASS_WARN;
    }
}
