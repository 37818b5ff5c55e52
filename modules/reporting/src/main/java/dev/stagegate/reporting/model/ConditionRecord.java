package dev.stagegate.reporting.model;

/**
 * One condition GO needs, as the gate decided it: SHOWN, WAIVED or NOT_SHOWN.
 *
 * @param stepStatus the status of the step that showed it, or null
 * @param why        for NOT_SHOWN what would show it, for WAIVED the reason given; else null
 */
public record ConditionRecord(String id, String meaning, String state, String stepStatus, String why) {
}
