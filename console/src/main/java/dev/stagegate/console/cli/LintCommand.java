package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.migration.lint.LintOptions;
import dev.stagegate.migration.lint.Linter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Finds dangerous DDL before it runs: locks, rewrites, destructive changes, risky types, weakened RLS.",
                "With a target (--url, --env, --example) findings are ranked by the tables' real rows and bytes.",
                "Accept a finding in a suppressions file (CODE:file-or-table = reason) or with",
                "`-- stagegate:lint-ignore CODE: reason` before a statement. Exit 1 when a failing finding remains."})
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Option(names = "--exclude", split = ",", paramLabel = "CODE", description = "Rules not to run (e.g. FOREIGN_KEY_ADD).")
    List<String> exclude = new ArrayList<>();

    @Option(names = "--suppressions", paramLabel = "FILE",
            description = "Accepted findings, one `CODE:file-or-table = reason` per line; an unused one is a warning.")
    Path suppressions;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        LintOptions options = LintOptions.defaults().withExclude(new LinkedHashSet<>(exclude));
        if (suppressions != null) {
            options = options.withSuppressionsFile(suppressions);
        }
        if (target.url != null || target.env != null || input.exampleName != null) {
            // Sizes before the migration decide how much a lock matters: read them (one snapshot, read only).
            try (Session session = Session.open(target, input.example(), spec.commandLine().getErr())) {
                options = options.withSnapshot(new CatalogReader(session.connection()).read(false));
                out.println("sizes from " + session.target().describe());
            }
        }
        List<Finding> findings = Linter.lint(input.read(), options);
        FindingsPrinter.print(out, findings);
        EvidenceRun run = EvidenceRun.create(output.evidenceRoot);
        out.println("lint: " + FindingsPrinter.tally(findings));
        out.println("wrote " + run.writeJson("lint_findings.json", findings));
        return findings.stream().anyMatch(Finding::fails) ? ExitCode.NO_GO.code() : ExitCode.GO.code();
    }
}
