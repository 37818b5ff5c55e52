package dev.stagegate.console.gate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.expect.Expectations;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The gate's {@code expect { ... }}: catalog and SQL expectations (run in a rolled-back transaction)
 * and {@code preserved} comparisons, as one step. An empty block tested nothing: NOT_TESTED.
 */
final class ExpectStep {

    private ExpectStep() {
    }

    static StepResult run(Connection c, BiConsumer<Expectations, List<List<Finding>>> spec, PrintWriter out) throws SQLException {
        Expectations e = new Expectations(new CatalogReader(c).read(false));
        List<List<Finding>> preservation = new ArrayList<>();
        spec.accept(e, preservation);
        List<ExpectationResult> results = e.run(c);
        results.stream().filter(x -> !x.passed()).forEach(x -> out.println("       FAIL " + x.label() + ": " + x.observed()));
        List<Finding> findings = new ArrayList<>(Expectations.findings(results));
        preservation.forEach(findings::addAll);
        long passed = results.stream().filter(ExpectationResult::passed).count()
                + preservation.stream().filter(p -> p.stream().noneMatch(Finding::fails)).count();
        long total = results.size() + preservation.size();
        StepStatus status = total == 0 ? StepStatus.NOT_TESTED : StepResult.statusOf(findings);
        return new StepResult("expect", status, passed + "/" + total + " expectations", findings,
                Map.of("passed", passed, "total", total), List.of(), Duration.ZERO);
    }
}
