package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.migration.lint.Linter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Finds dangerous DDL before it runs: locks, rewrites, destructive changes, risky types.",
                "Suppress a rule in a file with `-- stagegate:lint-ignore RULE: reason`. Exit 1 when a failing finding remains."})
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Finding> findings = Linter.lint(input.read());
        FindingsPrinter.print(out, findings);
        EvidenceRun run = EvidenceRun.create(output.evidenceRoot);
        out.println("lint: " + FindingsPrinter.tally(findings));
        out.println("wrote " + run.writeJson("lint_findings.json", findings));
        return findings.stream().anyMatch(Finding::fails) ? ExitCode.NO_GO.code() : ExitCode.GO.code();
    }
}
