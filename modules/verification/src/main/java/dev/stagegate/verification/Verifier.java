package dev.stagegate.verification;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.expect.Expectations;
import dev.stagegate.verification.fk.ForeignKeyChecks;
import dev.stagegate.verification.fk.OnDeleteRehearsal;
import dev.stagegate.verification.integrity.IntegrityChecks;
import dev.stagegate.verification.partition.PartitionDrift;
import dev.stagegate.verification.partition.PartitionGrouping;
import dev.stagegate.verification.partition.PartitionOrphans;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.rls.IsolationProbe;
import dev.stagegate.verification.rls.RlsCoverage;
import dev.stagegate.verification.role.ApplicationRole;
import dev.stagegate.verification.tenant.TenantModel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs the verification families in order (RLS coverage, isolation probes, foreign keys, data
 * integrity, expectations) and gathers one report. Every family runs even when an earlier one
 * failed, so a report always shows the whole picture.
 */
public final class Verifier {

    /** In the isolation step's metrics: each probed tenant table's {@code TableVerdict}, by qualified name. */
    public static final String TABLE_VERDICTS = "table_verdicts";

    private Verifier() {
    }

    public static VerificationReport verify(Connection c, VerificationConfig config, Function<SchemaSnapshot, Expectations> expectations)
            throws SQLException {
        SchemaSnapshot s = new CatalogReader(c).read(false);
        TenantResolution.requireTemplatesMatch(s, config.rowTemplates());
        TenantModel model = TenantResolution.model(c, s, config);
        config = TenantResolution.applicationRole(c, model, config);
        // The catalog checks judge what is in scope; rows are made from the whole snapshot (auth.users may be a parent).
        SchemaSnapshot scoped = dev.stagegate.verification.tenant.ScopedSnapshot.of(s, model.scope());
        List<StepResult> steps = new ArrayList<>();
        Map<String, Object> tally = new LinkedHashMap<>();
        tally.put("tenant_model", model.describe());
        if (config.applicationRole() != null) {
            tally.put("application_role", config.applicationRole());
        }

        long t = System.nanoTime();
        // partition drift: RLS flag and policies under rls-coverage, keys and indexes under foreign-keys
        List<Finding> partitionRls = PartitionDrift.rls(scoped);
        if (!model.present()) {
            // No tenancy is a valid answer: the checks that need one say so, the rest run.
            String why = "no tenant model: no policy compares a column with a session setting, a JWT claim or auth.uid() "
                    + "(state one with --tenant-column and --tenant-setting or --tenant-claim)";
            steps.add(StepResult.notRun("rls-coverage", StepStatus.SKIPPED, why));
            steps.add(StepResult.notRun("isolation", StepStatus.SKIPPED, why));
        } else {
            tally.putAll(RlsCoverage.tally(s, model));
            List<Finding> rls = new ArrayList<>(RlsCoverage.check(dev.stagegate.verification.tenant.ScopedSnapshot.withViewsOf(scoped, s), model,
                    TenantResolution.servedRoles(c, model, config)));
            rls.addAll(partitionRls);
            partitionRls = List.of();
            steps.add(step("rls-coverage", rls, Map.of(), t, config, s));
        }

        t = System.nanoTime();
        if (!model.present()) {
            // reported above
        } else if (!config.probe()) {
            steps.add(StepResult.notRun("isolation", StepStatus.SKIPPED, "isolation probes skipped (--no-probe)"));
        } else if (model.tablesIn(s).isEmpty()) {
            // Nothing probed is nothing shown: never a pass.
            steps.add(StepResult.notRun("isolation", StepStatus.NOT_TESTED, "no tenant table to probe"));
        } else {
            IsolationProbe.Result probe = new IsolationProbe(c, s, model, config.rowTemplates(), config.applicationRole()).run();
            List<Finding> findings = new ArrayList<>(probe.findings());
            if (probe.roleProof() != null) {
                findings.add(Finding.of(VerificationCode.PROBE_ROLE_PROVEN, Severity.INFO, "isolation probe", probe.roleProof()));
            }
            tally.putAll(probe.metrics());
            tally.put("isolation_run_valid", probe.valid());
            // each table's verdict, for the reports' one test case per table (verification.json); not in the tally the console prints
            Map<String, Object> withTables = new LinkedHashMap<>(probe.metrics());
            Map<String, String> tables = new java.util.TreeMap<>();
            probe.verdicts().forEach((table, verdict) -> tables.put(table, verdict.name()));
            withTables.put(TABLE_VERDICTS, tables);
            steps.add(step("isolation", findings, withTables, t, config, s));
        }

        t = System.nanoTime();
        List<Finding> fk = new ArrayList<>(ForeignKeyChecks.catalog(scoped, config.expectedFks(), config.minimumFks()));
        fk.addAll(PartitionDrift.keys(scoped));
        // without a tenant model the rls step did not run: a partition's RLS drift is still a catalog finding
        fk.addAll(partitionRls);
        ForeignKeyChecks.OrphanScan orphans = ForeignKeyChecks.orphansUnlessBlocked(c, scoped, fk);
        long partitionOrphans = orphans == null ? 0 : PartitionOrphans.scan(c, scoped, fk); // keys a partition lacks, its siblings declare
        OnDeleteRehearsal.Result onDelete = OnDeleteRehearsal.run(c, s, model, config.rowTemplates());
        fk.addAll(onDelete.findings());
        tally.put("fk_count", (long) scoped.foreignKeys().size());
        tally.put("fk_minimum", (long) config.minimumFks());
        tally.put("orphans", orphans == null ? "not scanned" : orphans.orphans() + partitionOrphans);
        tally.put("on_delete_rehearsed", onDelete.tally());
        steps.add(step("foreign-keys", fk, Map.of("orphans", orphans == null ? -1 : orphans.orphans() + partitionOrphans), t, config, s));

        t = System.nanoTime();
        IntegrityChecks.Result integrity = IntegrityChecks.run(c, s, model, config.rowTemplates(), config.eventColumns(),
                config.applicationRole());
        tally.putAll(integrity.tally());
        steps.add(step("integrity", integrity.findings(), integrity.tally(), t, config, s));

        List<ExpectationResult> results = List.of();
        if (expectations != null) {
            t = System.nanoTime();
            Expectations e = expectations.apply(s);
            results = e.run(c);
            tally.put("expectations", Count.of(results.stream().filter(ExpectationResult::passed).count(), results.size()));
            // an expectations file with no check in it tested nothing: never a pass
            steps.add(results.isEmpty() ? StepResult.notRun("expectations", dev.stagegate.core.result.StepStatus.NOT_TESTED,
                    "the expectations hold no check") : step("expectations", Expectations.findings(results), Map.of(), t, config, s));
        }
        return new VerificationReport(model, steps, tally, results);
    }

    /** Findings on the partitions of one table are folded into one for the table, before suppressions apply. */
    private static StepResult step(String name, List<Finding> findings, Map<String, Object> metrics, long start, VerificationConfig config,
                                   SchemaSnapshot s) {
        return StepResult.of(name, config.suppressions().apply(PartitionGrouping.fold(s, findings)), metrics, List.of(),
                Duration.ofNanos(System.nanoTime() - start));
    }
}
