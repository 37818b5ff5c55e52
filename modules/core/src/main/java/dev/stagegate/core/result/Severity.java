package dev.stagegate.core.result;

/** How much a finding matters. ERROR and CRITICAL fail the step they belong to. */
public enum Severity {
    INFO, WARNING, ERROR, CRITICAL;

    public boolean failsStep() {
        return this == ERROR || this == CRITICAL;
    }
}
