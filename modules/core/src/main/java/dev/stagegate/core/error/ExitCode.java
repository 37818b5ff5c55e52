package dev.stagegate.core.error;

/**
 * Process exit codes, documented in the README. CI reads these, so they never change meaning.
 */
public enum ExitCode {
    /** Everything that ran passed: GO. */
    GO(0),
    /** The gate ran and a check failed: NO-GO. */
    NO_GO(1),
    /** The command line, a config file, a script or an input file is wrong; nothing was changed. */
    USAGE(2),
    /** The target or the machine is not usable: unreachable, refused, missing tool or database. */
    ENVIRONMENT(3),
    /** Something failed while running: a SQL error, a failed migration, an internal error. */
    RUNTIME(4),
    /**
     * Nothing failed, but the gate did not show everything GO needs: a condition (migrations applied,
     * RLS, foreign keys, smoke inserts, performance, a rollback tested on a copy) was not run, or a
     * step could not test what it covers. Never GO; CI treats it as not ready.
     */
    INCOMPLETE(5),
    /**
     * A benchmark could not tell: the control query moved (the host drifted) or the samples spread too
     * much to compare. Never a pass; run it again on a quieter host or with more rounds.
     */
    NO_VERDICT(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
