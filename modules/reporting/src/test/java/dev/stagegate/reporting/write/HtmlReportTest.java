package dev.stagegate.reporting.write;

import dev.stagegate.reporting.GateFixture;
import dev.stagegate.reporting.Reports;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.verdict.GateCondition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @TempDir
    Path tmp;

    private static void needChromium() {
        // CI installs it (.ci/run) and requires it; a laptop without it skips, saying so
        if (HeadlessChromium.binary() == null && System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") == null) {
            Assumptions.abort("no chromium: apt-get install chromium");
        }
        assertThat(HeadlessChromium.binary()).as("chromium (CI must have it)").isNotNull();
    }

    @Test
    void theReportRendersInHeadlessChromiumWithNoRequestAndNoConsoleError() throws Exception {
        needChromium();
        Path run = new GateFixture(tmp)
                .step("bench", List.of(GateFixture.finding("BENCH_ROLLBACK_TRIGGER", Severity.ERROR, "q1", "q1 is 60% slower <b>&</b>")), Map.of(), 60_000)
                .step("migrate", List.of(), Map.of(), 400).timing("migrate 002", 300).timing("rehearse 002", 280)
                .show(GateCondition.MIGRATIONS, StepStatus.PASSED)
                .file("ce26_benchmark_results.json", GateFixture.benchmark(new Object[] {"q1", "ROLLBACK", 1.6}, new Object[] {"control", "PASS", 1.0}))
                .write();
        Reports.write(run, 0, GateFixture.sink(run));
        Path html = run.resolve(HtmlReport.FILE);
        assertThat(Files.readString(html)).contains("q1 is 60% slower &lt;b&gt;&amp;&lt;/b&gt;").doesNotContain("http:").doesNotContain("https:");
        HeadlessChromium.Visit v = HeadlessChromium.visit(html);
        assertThat(v.requests()).isEmpty();
        assertThat(v.consoleErrors()).isEmpty();
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(v.screenshot()));
        assertThat(shot.getWidth()).isGreaterThan(800);
        assertThat(colours(shot)).as("a page with text, tables and charts, not a blank one").isGreaterThan(20);
        Files.write(run.resolve("report.png"), v.screenshot());
    }

    @Test
    void theCheckSeesAPageThatLoadsSomethingOrLogsAnError() throws Exception {
        needChromium();
        Path bad = tmp.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><p>hi</p><img src=\"http://127.0.0.1:9/x.png\"><script>console.error('boom')</script></body></html>");
        HeadlessChromium.Visit v = HeadlessChromium.visit(bad);
        assertThat(v.requests()).contains("http://127.0.0.1:9/x.png");
        assertThat(v.consoleErrors()).anyMatch(e -> e.contains("boom"));
        // under the report's policy the same image is refused, and the refusal is an error the check sees
        Path blocked = tmp.resolve("blocked.html");
        Files.writeString(blocked, "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlReport.CSP
                + "\"></head><body><img src=\"http://127.0.0.1:9/y.png\"></body></html>");
        assertThat(HeadlessChromium.visit(blocked).consoleErrors()).anyMatch(e -> e.contains("Content Security Policy"));
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                seen.add(img.getRGB(x, y) & 0xF0F0F0);
            }
        }
        return seen.size();
    }
}
