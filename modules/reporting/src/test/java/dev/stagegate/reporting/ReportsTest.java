package dev.stagegate.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.verdict.GateCondition;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.stagegate.reporting.GateFixture.benchmark;
import static dev.stagegate.reporting.GateFixture.finding;
import static dev.stagegate.reporting.GateFixture.verifyTally;
import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {

    @TempDir
    Path tmp;

    /** Migrations applied, a tenant table leaking (1 of 10: over 5%), a query 60% slower, an accepted lint finding. */
    private Path failingGate() {
        Finding leak = finding("LEAK_READ", Severity.CRITICAL, "public.projects", "with tenant A set, the probe role read tenant B's row");
        Finding slow = finding("BENCH_ROLLBACK_TRIGGER", Severity.ERROR, "projects_for_tenant", "projects_for_tenant is 60% slower (r 1.60)");
        Finding accepted = finding("DROP_COLUMN", Severity.WARNING, "003_drop.sql", "DROP COLUMN destroys data").suppressedBecause("unused since v2");
        return new GateFixture(tmp)
                .step("lint", List.of(accepted), Map.of(), 30)
                .step("rehearse", List.of(), Map.of(), 900).timing("rehearse 002", 400).timing("rehearse copy", 50)
                .step("bench", List.of(slow), Map.of(), 60_000)
                .step("migrate", List.of(), Map.of(), 500).timing("migrate 002", 420)
                .step("verify", List.of(leak), verifyTally(10, 1), 2000)
                .step("expect", List.of(), Map.of("passed", 2L, "total", 2L), 10)
                .show(GateCondition.MIGRATIONS, StepStatus.PASSED).show(GateCondition.RLS, StepStatus.FAILED)
                .show(GateCondition.PERFORMANCE, StepStatus.FAILED)
                .file("ce26_benchmark_results.json", benchmark(new Object[] {"projects_for_tenant", "ROLLBACK", 1.6},
                        new Object[] {"control", "PASS", 1.0}, new Object[] {"noisy", "NO_VERDICT", 1.02}))
                .write();
    }

    @Test
    void everyViewOfAFailingGateNamesTheSameVerdictTriggerAndFailingFindings() throws Exception {
        Path run = failingGate();
        Reports.write(run, 0, GateFixture.sink(run));
        List<String> failing = List.of("LEAK_READ:public.projects", "BENCH_ROLLBACK_TRIGGER:projects_for_tenant");
        Map<String, String> views = Map.of(
                "readiness", Files.readString(run.resolve("STAGING_MIGRATION_READINESS_REPORT.md")),
                "go/no-go", Files.readString(run.resolve("PRODUCTION_MIGRATION_GO_NO_GO.md")),
                "tracker", Files.readString(run.resolve("CE-P0-06_TASK_TRACKER.md")),
                "junit", Files.readString(run.resolve("junit.xml")),
                "json", Files.readString(run.resolve("gate_results.json")),
                "csv", Files.readString(run.resolve("gate.csv")) + Files.readString(run.resolve("findings.csv")));
        views.forEach((view, text) -> {
            assertThat(text).as(view).contains("NO-GO");
            failing.forEach(id -> assertThat(text).as(view + " names " + id).contains(id));
        });
        for (String view : List.of("readiness", "go/no-go", "junit", "csv")) {
            assertThat(views.get(view)).as(view).contains("more than 5% of RLS tests fail").contains("performance degradation over 30%");
        }
        assertThat(views.get("readiness")).contains("Risk: **HIGH**", "| more than 5% of RLS tests fail | FIRED | 1 of 10 tenant tables probed fail an RLS test",
                "| performance degradation over 30% | FIRED | BENCH_ROLLBACK_TRIGGER", "unused since v2", "| migration execution failed with errors | clear |");
        // no bench step made the third query decide: the trigger was still FIRED by the first, and the dashboard says what is missing
        assertThat(views.get("readiness")).contains("Queries within 10% of the baseline: 1/3 (1 without a verdict)");
        assertThat(views.get("tracker")).contains("| CE-26 | Performance benchmarks against the baseline | FAILED |", "| CE-27 | Rollback testing on a copy | not run |",
                "unused since v2");
        JsonNode results = Json.mapper().readTree(run.resolve("gate_results.json").toFile());
        assertThat(results.get("schema").asText()).isEqualTo("stagegate.gate-results/2");
        assertThat(results.get("exit_code").asInt()).isEqualTo(1);
    }

    @Test
    void junitXmlHasTheAntShapeACaseForEachQueryAndSkipsWhatHadNoVerdict() throws Exception {
        Path run = failingGate();
        Reports.write(run, 0, GateFixture.sink(run));
        String xml = Files.readString(run.resolve("junit.xml"));
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(getClass().getResourceAsStream("/ant-junit.xsd")))
                .newValidator().validate(new StreamSource(new StringReader(xml)));
        assertThat(xml).contains("<testsuite name=\"bench\"", "tests=\"4\" failures=\"2\" errors=\"0\" skipped=\"1\"",
                "<testcase name=\"query projects_for_tenant\" classname=\"stagegate.bench\" time=\"0\"><failure message=\"projects_for_tenant: ROLLBACK",
                "<testcase name=\"query noisy\" classname=\"stagegate.bench\" time=\"0\"><skipped message=\"no verdict: because noisy\"",
                "<property name=\"verdict\" value=\"NO-GO\"/>");
        assertThat(xml).contains("<testcase name=\"query control\" classname=\"stagegate.bench\" time=\"0\"></testcase>");
    }

    @Test
    void theCsvFilesReadBackWithAHeaderAndOneRowPerFindingStepAndMigration() throws Exception {
        Path run = failingGate();
        Reports.write(run, 0, GateFixture.sink(run));
        List<CSVRecord> findings = csv(run.resolve("findings.csv"));
        assertThat(findings).hasSize(3);
        assertThat(findings.get(0).get("accepted_reason")).isEqualTo("unused since v2");
        assertThat(findings.stream().filter(r -> r.get("fails").equals("true")).map(r -> r.get("id")))
                .containsExactly("BENCH_ROLLBACK_TRIGGER:projects_for_tenant", "LEAK_READ:public.projects");
        List<CSVRecord> steps = csv(run.resolve("steps.csv"));
        assertThat(steps).extracting(r -> r.get("step")).containsExactly("lint", "rehearse", "bench", "migrate", "verify", "expect");
        assertThat(steps.get(2).get("millis")).isEqualTo("60000");
        assertThat(steps.get(2).get("task")).isEqualTo("CE-26");
        List<CSVRecord> migrations = csv(run.resolve("migrations.csv"));
        assertThat(migrations).hasSize(1);
        assertThat(migrations.get(0).get("version")).isEqualTo("002");
        assertThat(migrations.get(0).get("target_millis")).isEqualTo("420");
        assertThat(migrations.get(0).get("rehearsal_millis")).isEqualTo("400");
        List<CSVRecord> bench = csv(run.resolve("benchmark.csv"));
        assertThat(bench).extracting(r -> r.get("outcome")).containsExactly("ROLLBACK", "PASS", "NO_VERDICT");
        assertThat(Double.parseDouble(bench.get(0).get("ratio"))).isEqualTo(1.6);
    }

    @Test
    void theManifestIsCheckedBySha256sumAndCatchesAnEditedFile() throws Exception {
        Path run = failingGate();
        Reports.write(run, 0, GateFixture.sink(run));
        assertThat(sha256sumCheck(run)).isZero();
        // the seeds' package: documents in docs/, results and logs in logs/, verified on its own
        Path pkg = run.resolve("staging_migration_20261202");
        assertThat(pkg.resolve("docs/STAGING_MIGRATION_READINESS_REPORT.md")).exists();
        assertThat(pkg.resolve("docs/report.html")).exists();
        assertThat(pkg.resolve("logs/gate_results.json")).exists();
        assertThat(pkg.resolve("logs/ce26_benchmark_results.json")).exists();
        assertThat(pkg.resolve("logs/junit.xml")).exists();
        assertThat(sha256sumCheck(pkg)).isZero();
        Files.writeString(run.resolve("gate_results.json"), "{}");
        assertThat(sha256sumCheck(run)).isNotZero();
        Files.writeString(pkg.resolve("docs/report.html"), "<p>edited</p>");
        assertThat(sha256sumCheck(pkg)).isNotZero();
    }

    private static int sha256sumCheck(Path dir) throws Exception {
        Process p = new ProcessBuilder("sha256sum", "--quiet", "-c", "manifest-sha256.txt").directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static List<CSVRecord> csv(Path file) throws Exception {
        try (var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(Files.newBufferedReader(file))) {
            return parser.getRecords();
        }
    }
}
