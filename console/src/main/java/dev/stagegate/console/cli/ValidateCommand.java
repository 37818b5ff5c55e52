package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.target.Target;
import dev.stagegate.core.target.TargetResolver;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.validate.ValidationReport;
import dev.stagegate.migration.validate.Validator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"CE-21: versions (duplicates, gaps, lexical-sort trap), rollback files, PostgreSQL's parser on every",
                "statement, checksum drift of applied files, dependency graph and execution plan.",
                "With a target, drift and pending migrations come from it; without, the embedded server parses."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Option(names = "--timings", paramLabel = "JSON",
            description = "migration_timings.json from an earlier migrate or rehearsal, for the plan's estimated times.")
    Path timings;

    @Mixin
    OutputOptions output;

    private Map<String, Duration> readTimings() {
        if (timings == null) {
            return Map.of();
        }
        try {
            Map<String, Long> ms = dev.stagegate.core.evidence.Json.mapper().readValue(timings.toFile(),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Long>>() { });
            Map<String, Duration> out = new java.util.LinkedHashMap<>();
            ms.forEach((k, v) -> out.put(k, Duration.ofMillis(v)));
            return out;
        } catch (java.io.IOException e) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.INPUT_INVALID,
                    "cannot read timings " + timings + ": " + e.getMessage().lines().findFirst().orElse("")
                            + " (pass a migration_timings.json written by `stagegate migrate`)", e);
        }
    }

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        MigrationSet set = input.read();
        boolean hasTarget = target.url != null || target.env != null || input.exampleName != null;
        if (!hasTarget) {
            target.env = TargetResolver.EMBEDDED;
        }
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr())) {
            List<Migration> pending = set.migrations();
            List<dev.stagegate.migration.engine.Drift> drift = List.of();
            // Any target the user named, the embedded one included, is checked for pending work and drift;
            // with none named the embedded server only lends its parser.
            boolean onTarget = hasTarget;
            if (onTarget) {
                try (MigrationEngine engine = new MigrationEngine(session.connection(), set, EngineOptions.defaults(), e -> { })) {
                    pending = engine.status().pending();
                    drift = engine.checksumDrift();
                }
            }
            ValidationReport report = Validator.validate(set, session.connection(), pending, drift, readTimings());
            FindingsPrinter.print(out, report.result().findings());
            EvidenceRun run = EvidenceRun.create(output.evidenceRoot);
            run.addSecrets(session.live().secrets());
            out.println("validate: " + set.migrations().size() + " migration(s), " + pending.size() + " pending; "
                    + FindingsPrinter.tally(report.result().findings()));
            out.println("wrote " + run.write("migration_dependency_graph.md", report.dependencyGraph()));
            out.println("wrote " + run.write("migration_execution_plan.md", report.executionPlan()));
            out.println("wrote " + run.write("syntax_validation.log", report.syntaxLog()));
            out.println("wrote " + run.writeJson("validate.json", report.result()));
            // Files that are not what they seem are bad input, as for migrate: every finding is listed above,
            // then the one error line and exit 2.
            set.requireRunnable();
            return report.result().passed() ? ExitCode.GO.code() : ExitCode.NO_GO.code();
        }
    }
}
