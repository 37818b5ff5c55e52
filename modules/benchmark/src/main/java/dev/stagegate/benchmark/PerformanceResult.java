package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.server.ConnectionHealth;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.core.result.Finding;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything CE-26 measured on one suite: the verdict per query with its samples, both plans of every
 * query, index usage during the benchmark, sizes on both arms, connection health and slow statements,
 * the findings drawn from them and the evidence files written.
 *
 * @param interleaved false when the baseline is a stored result (host drift between the runs is not controlled)
 * @param rounds      rounds run, the extra ones included
 * @param indexScans  per index of the candidate, the scans the suite made (null when the reading failed)
 * @param slowSource  where the slow statements came from: pg_stat_statements or the suite's medians
 * @param pinning     where the forks ran: "pinned: ..." or "not pinned: why" (null when nothing was timed)
 * @param extraFor    the queries (and the control) that got the extra rounds; the others were judged on {@code rounds}
 */
public record PerformanceResult(QuerySuite suite, boolean interleaved, int rounds, Map<String, Object> params,
                                Map<String, double[]> baselineMs, Map<String, double[]> candidateMs, Map<String, QueryVerdict> verdicts,
                                Outcome worst, Map<String, QueryPlan> baselinePlans, Map<String, QueryPlan> candidatePlans,
                                Map<String, Long> indexScans, Map<String, String> indexTables, Map<String, RelationSizes.Size> baselineSizes,
                                Map<String, RelationSizes.Size> candidateSizes, ConnectionHealth.Reading health, List<String> slow, String slowSource,
                                List<Finding> findings, List<Path> files, long millis, String pinning,
                                List<String> extraFor) {

    public PerformanceResult withFiles(List<Path> written) {
        return new PerformanceResult(suite, interleaved, rounds, params, baselineMs, candidateMs, verdicts, worst, baselinePlans, candidatePlans,
                indexScans, indexTables, baselineSizes, candidateSizes, health, slow, slowSource, findings, List.copyOf(written), millis, pinning, extraFor);
    }

    /** "6 rounds", or "6 rounds (+6 for wbs_of_project, control)" when some queries got the extra rounds. */
    public String roundsText() {
        return rounds + " rounds" + (extraFor.isEmpty() ? "" : " (+" + rounds + " for " + String.join(", ", extraFor) + ")");
    }

    /** True when every fork and its backend ran on one CPU. */
    public boolean pinned() {
        return BenchRunner.pinned(pinning);
    }

    /** True when every query passed (PASS or PASS_WARN): what the gate's performance condition needs. */
    public boolean passed() {
        return worst.passes();
    }
}
