package dev.stagegate.console.gate;

import dev.stagegate.core.result.FindingCode;

/** Finding codes the gate itself raises (the checks' own codes live with their modules). */
public enum GateCode implements FindingCode {
    MIGRATION_FAILED("a migration failed during the gate; the database stays at the version it reached"),
    RESTORE_TEST_FAILED("a backup restored into a scratch database differs from its source (schema, rows or content), or did not restore"),
    MIGRATION_REFUSED("migrate or rollback refused to run (checksum drift, an older target, files that cannot run): a failed step, even when the script catches it"),
    ROLLBACK_FAILED("a rollback failed during the gate; the database stays at the version it reached"),
    SUPPRESSION_UNUSED("a suppression matched no finding: a typo in its id, or the finding is gone; remove or fix it");

    private final String meaning;

    GateCode(String meaning) {
        this.meaning = meaning;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
