package dev.stagegate.migration.validate;

import dev.stagegate.core.result.StepResult;

/**
 * What validation found, and the documents the seeds ask for (CE-21).
 *
 * @param dependencyGraph {@code migration_dependency_graph.md}
 * @param executionPlan   {@code migration_execution_plan.md}
 * @param syntaxLog       {@code syntax_validation.log}
 */
public record ValidationReport(StepResult result, String dependencyGraph, String executionPlan, String syntaxLog) {
}
