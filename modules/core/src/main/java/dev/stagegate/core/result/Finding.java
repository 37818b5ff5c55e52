package dev.stagegate.core.result;

import java.util.List;
import java.util.Objects;

/**
 * One thing a check found.
 *
 * @param code     stable code, e.g. {@code RLS_DISABLED}; never reworded once released
 * @param severity how much it matters
 * @param object   the database object it is about, e.g. {@code public.projects}
 * @param message  one sentence: what is wrong and what to do
 * @param proof    the rows or SQL that show it (may be empty)
 * @param suppression null, or the reason a user gave for accepting it
 */
public record Finding(String code, Severity severity, String object, String message, List<String> proof,
                      String suppression) {

    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        object = object == null ? "" : object;
        Objects.requireNonNull(message, "message");
        proof = proof == null ? List.of() : List.copyOf(proof);
    }

    public static Finding of(FindingCode code, Severity severity, String object, String message, String... proof) {
        return new Finding(code.name(), severity, object, message, List.of(proof), null);
    }

    public static Finding of(FindingCode code, Severity severity, String object, String message, List<String> proof) {
        return new Finding(code.name(), severity, object, message, proof, null);
    }


    /** Stable id for suppressions: the same finding on the same object keeps its id across runs. */
    public String id() {
        return code + ":" + object;
    }

    public boolean suppressed() {
        return suppression != null;
    }

    public Finding suppressedBecause(String reason) {
        Objects.requireNonNull(reason, "a suppression needs a reason");
        return new Finding(code, severity, object, message, proof, reason);
    }

    /**
     * The same finding (code, proof, suppression) said of another object, e.g. several findings on
     * the partitions of one table reported once for the table.
     */
    public Finding with(Severity severity, String object, String message) {
        return new Finding(code, severity, object, message, proof, suppression);
    }

    /** True when this finding, unsuppressed, fails its step. */
    public boolean fails() {
        return !suppressed() && severity.failsStep();
    }
}
