package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.verification.ExampleSettings;
import dev.stagegate.console.gate.VerificationStep;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.expect.ExpectationFile;
import dev.stagegate.verification.fk.ExpectedForeignKey;
import dev.stagegate.verification.tenant.Scope;
import dev.stagegate.verification.tenant.TenantHints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"CE-23..25: RLS coverage, cross-tenant isolation probes on every tenant table (as a role proven unable",
                "to bypass RLS, with a negative control), foreign keys (expected, count, orphans, ON DELETE rehearsed,",
                "indexes), data integrity, and expectations. Exit 0 when everything passes, 1 when a check fails."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--example", paramLabel = "NAME", description = "Use an example's tenant model, expected FKs and expectations (and, with no target, its embedded database).")
    String exampleName;

    @Option(names = "--tenant-column", paramLabel = "COLUMN", description = "Tenant column (default: discovered from the policies).")
    String tenantColumn;

    @Option(names = "--tenant-setting", paramLabel = "NAME", description = "Session setting the policies compare it with (e.g. app.current_tenant).")
    String tenantSetting;

    @Option(names = "--tenant-claim", paramLabel = "CLAIM",
            description = "JWT claim the policies read (request.jwt.claims, as PostgREST and Supabase set it): sub for auth.uid(), or e.g. org_id.")
    String tenantClaim;

    @Option(names = "--membership", paramLabel = "TABLE(USER_COL,TENANT_COL)",
            description = "Membership table sessions reach tenants through, e.g. public.account_members(user_id, account_id).")
    String membership;

    @Option(names = "--tenant-table", paramLabel = "TABLE", description = "Table listing the tenants (table or schema.table).")
    String tenantTable;

    @Option(names = "--tenant-key", paramLabel = "COLUMN", description = "The tenant table's key column (default: id).")
    String tenantKey;

    @Option(names = {"--app-role", "--application-role"}, paramLabel = "ROLE",
            description = "The role the application connects as (Supabase: authenticated, the default when the policies read JWT claims): "
                    + "the probes run as a member of it, and an owner bypass by it makes isolation not demonstrated.")
    String applicationRole;

    @Option(names = "--schema", split = ",", paramLabel = "SCHEMA",
            description = "Check only these schemas (default: all but the platform's: auth, storage, extensions, realtime, ...).")
    List<String> schemas = new ArrayList<>();

    @Option(names = "--exclude-schema", split = ",", paramLabel = "SCHEMA", description = "Never check these schemas.")
    List<String> excludeSchemas = new ArrayList<>();

    @Option(names = "--event-columns", split = ",", paramLabel = "COLUMN",
            description = "Timestamp columns that must not lie in the future (default: created_at, updated_at, ...).")
    List<String> eventColumns = new ArrayList<>();

    @Option(names = "--critical", split = ",", paramLabel = "TABLE", description = "Tables that must have FORCE ROW LEVEL SECURITY.")
    List<String> critical = new ArrayList<>();

    @Option(names = "--expect-fk", paramLabel = "FK", description = "Foreign keys that must exist: a name, or table(col, ...); repeat or list with commas.")
    List<String> expectedFks = new ArrayList<>();

    @Option(names = "--min-fks", defaultValue = "0", paramLabel = "N", description = "Minimum number of foreign keys (the seeds: 15).")
    int minFks;

    @Option(names = "--expectations", paramLabel = "FILE", description = "Expectations file (docs/verification.md).")
    Path expectations;

    @Option(names = "--suppressions", paramLabel = "FILE", description = "Accepted findings: lines `CODE:object = reason` (# comments); an id that matches nothing is a warning.")
    Path suppressions;

    @Option(names = "--row-template", paramLabel = "TABLE.COLUMN=SQL",
            description = "Value for a column synthetic rows cannot guess (a trigger decides), e.g. scopes.scope_id=${domain} || '.probe'.")
    Map<String, String> rowTemplates = new java.util.LinkedHashMap<>();

    @Option(names = "--preserved-since", paramLabel = "FILE",
            description = "Rows captured before (snapshot --rows FILE [--content]): every table must keep them, table by table.")
    Path preservedSince;

    @Option(names = "--no-probe", description = "Skip the isolation probes (reported as SKIPPED, never as passed).")
    boolean noProbe;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        Example example = exampleName == null ? null : Example.locate(exampleName);
        VerificationConfig config = config(example);
        Path expectationFile = expectations != null ? expectations : ExampleSettings.expectations(example).orElse(null);
        try (Session session = Session.open(target, example, spec.commandLine().getErr())) {
            out.println("Verifying " + session.target().describe());
            VerificationReport report = Verifier.verify(session.connection(), config,
                    expectationFile == null ? null : s -> ExpectationFile.read(expectationFile, s));
            if (preservedSince != null) {
                report = PreservedSince.add(report, session.connection(), preservedSince, config.suppressions());
            }
            for (StepResult step : report.steps()) {
                out.printf(Locale.ROOT, "%-14s %-10s %d finding(s)%n", step.step(), step.status(), step.findings().size());
            }
            VerificationStep whole = VerificationStep.of(report, config.suppressions());
            List<Finding> shown = whole.step().findings().stream()
                    .filter(f -> f.fails() || f.suppressed() || f.severity() == dev.stagegate.core.result.Severity.WARNING).toList();
            FindingsPrinter.print(out, shown);
            out.println("Tally:");
            report.tally().forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %s%n", k.replace('_', ' '), v));
            EvidenceRun run = EvidenceRun.create(output.evidenceRoot);
            run.addSecrets(session.live().secrets());
            out.println("wrote " + run.write("verification_report.md", report.toMarkdown()));
            out.println("wrote " + run.writeJson("verification.json", report));
            StepStatus status = whole.step().status();
            if (status.passed()) {
                out.println("VERIFICATION PASSED");
                return ExitCode.GO.code();
            }
            if (status.failed()) {
                out.println("VERIFICATION FAILED: " + whole.step().failing().size() + " failing finding(s)");
                return ExitCode.NO_GO.code();
            }
            List<String> gaps = new ArrayList<>(report.steps().stream().filter(s -> !s.passed()).map(s -> s.step() + " " + s.status()).toList());
            gaps.addAll(VerificationStep.acceptedRlsGaps(report.tally()));
            out.println("VERIFICATION INCOMPLETE: " + String.join(", ", gaps) + " (nothing failed, but not everything was shown)");
            return ExitCode.INCOMPLETE.code();
        }
    }

    private VerificationConfig config(Example example) {
        if (tenantSetting != null && tenantClaim != null) {
            throw new StagegateException(ErrorCode.USAGE, "give --tenant-setting or --tenant-claim, not both: the policies read one identity");
        }
        dev.stagegate.console.gate.VerifyOptions.requireSettingName(tenantSetting, "--tenant-setting");
        List<ExpectedForeignKey> fks = expectedFks.stream().flatMap(x -> ExpectedForeignKey.parseList(x).stream()).toList();
        VerificationConfig given = new VerificationConfig(null, new LinkedHashSet<>(critical), fks, minFks, !noProbe,
                readSuppressions(), rowTemplates).withApplicationRole(applicationRole)
                .withHints(new TenantHints(null, null, tenantClaim, null, null, membership))
                .withScope(Scope.of(schemas, excludeSchemas));
        if (!eventColumns.isEmpty()) {
            given = given.withEventColumns(new LinkedHashSet<>(eventColumns));
        }
        return ExampleSettings.verification(example, given, tenantColumn, tenantSetting, tenantTable, tenantKey);
    }

    private Suppressions readSuppressions() {
        return suppressions == null ? Suppressions.none() : Suppressions.read(suppressions);
    }
}
