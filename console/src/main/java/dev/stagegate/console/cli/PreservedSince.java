package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.preserve.Preservation;
import dev.stagegate.verification.preserve.TableFingerprint;
import dev.stagegate.verification.result.Count;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code verify --preserved-since rows.json}: the rows captured earlier ({@code snapshot --rows}) are
 * compared with the database now, table by table, as a verification family of its own. A table
 * whose columns changed between the two is compared column by column.
 */
final class PreservedSince {

    private PreservedSince() {
    }

    static VerificationReport add(VerificationReport report, Connection c, Path file, dev.stagegate.core.result.Suppressions suppressions)
            throws SQLException {
        Preservation.Capture before;
        try {
            before = Json.mapper().readValue(Files.readString(file), Preservation.Capture.class);
        } catch (IOException | RuntimeException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not a rows capture written by `stagegate snapshot --rows`");
        }
        long start = System.nanoTime();
        Preservation.Capture now = Preservation.capture(c, new CatalogReader(c).read(false), before.mode());
        Set<String> altered = before.tables().entrySet().stream().filter(e -> {
            TableFingerprint after = now.tables().get(e.getKey());
            return after != null && !after.columns().keySet().equals(e.getValue().columns().keySet());
        }).map(Map.Entry::getKey).collect(Collectors.toSet());
        List<Finding> findings = suppressions.apply(Preservation.compare(before, now, before.mode(), altered));
        long changed = findings.stream().map(Finding::object).map(o -> o.split("\\.").length > 2 ? o.substring(0, o.lastIndexOf('.')) : o)
                .distinct().count();
        List<StepResult> steps = new ArrayList<>(report.steps());
        // A capture of no tables compares nothing: never a pass.
        steps.add(before.tables().isEmpty()
                ? StepResult.notRun("preservation", dev.stagegate.core.result.StepStatus.NOT_TESTED, file + " holds no tables to compare")
                : StepResult.of("preservation", findings, Map.of(), List.of(), Duration.ofNanos(System.nanoTime() - start)));
        Map<String, Object> tally = new LinkedHashMap<>(report.tally());
        tally.put("tables_preserved", Count.of(before.tables().size() - changed, before.tables().size()));
        return new VerificationReport(report.tenant(), steps, tally, report.expectations());
    }
}
