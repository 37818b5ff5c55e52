package dev.stagegate.verification;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.tenant.TenantModel;

import java.util.List;
import java.util.Map;

/**
 * Everything a verification run found: one step result per family of checks, the seeds' tally
 * (numbers, or {@link dev.stagegate.verification.result.Count} shares shown as 14/14), and the expectations.
 */
public record VerificationReport(TenantModel tenant, List<StepResult> steps, Map<String, Object> tally,
                                 List<ExpectationResult> expectations) {

    public VerificationReport {
        steps = List.copyOf(steps);
        tally = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tally));
        expectations = List.copyOf(expectations);
    }

    /** More INFO findings of one code than this in a step are reported as one row. */
    static final int INFO_GROUP_OVER = 5;

    public boolean passed() {
        return steps.stream().allMatch(StepResult::passed);
    }

    public List<Finding> failing() {
        return steps.stream().flatMap(s -> s.failing().stream()).toList();
    }

    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# Verification report\n\n");
        md.append("**Result: ").append(passed() ? "PASS" : "FAIL").append("**\n\n");
        md.append("Tenant model: ").append(esc(tenant.describe())).append("; critical tables ")
                .append(tenant.criticalTables()).append(".\n\n## Tally\n\n| Check | Result |\n|---|---|\n");
        tally.forEach((k, v) -> md.append("| ").append(k.replace('_', ' ')).append(" | ").append(v).append(" |\n"));
        md.append("\n## Steps\n\n| Step | Status | Findings | Duration |\n|---|---|---|---|\n");
        for (StepResult s : steps) {
            md.append("| ").append(s.step()).append(" | ").append(s.status()).append(" | ").append(s.findings().size())
                    .append(" | ").append(s.duration().toMillis()).append(" ms |\n");
        }
        for (StepResult s : steps) {
            if (s.findings().isEmpty()) {
                continue;
            }
            md.append("\n## ").append(s.step()).append("\n\n| Severity | Code | Object | Message |\n|---|---|---|---|\n");
            // Repeated INFO findings (one per table on a large schema) are one row: the code, how many, which objects.
            java.util.Map<String, List<Finding>> info = new java.util.LinkedHashMap<>();
            s.findings().stream().filter(f -> f.severity() == dev.stagegate.core.result.Severity.INFO && !f.suppressed())
                    .forEach(f -> info.computeIfAbsent(f.code(), k -> new java.util.ArrayList<>()).add(f));
            info.values().removeIf(l -> l.size() <= INFO_GROUP_OVER);
            for (List<Finding> g : info.values()) {
                md.append("| INFO | ").append(g.get(0).code()).append(" | ").append(g.size()).append(" objects: ")
                        .append(esc(String.join(", ", g.stream().map(Finding::object).toList()))).append(" | ")
                        .append(esc(g.get(0).message())).append(" (first of ").append(g.size()).append(") |\n");
            }
            for (Finding f : s.findings()) {
                if (f.severity() == dev.stagegate.core.result.Severity.INFO && !f.suppressed() && info.containsKey(f.code())) {
                    continue;
                }
                md.append("| ").append(f.severity()).append(f.suppressed() ? " (suppressed: " + esc(f.suppression()) + ")" : "")
                        .append(" | ").append(f.code()).append(" | `").append(esc(f.object())).append("` | ").append(esc(f.message()));
                if (!f.proof().isEmpty()) {
                    md.append("<br>proof: `").append(esc(String.join(" / ", f.proof()))).append('`');
                }
                md.append(" |\n");
            }
        }
        if (!expectations.isEmpty()) {
            md.append("\n## Expectations\n\n| Expectation | Result | Observed |\n|---|---|---|\n");
            for (ExpectationResult e : expectations) {
                md.append("| ").append(esc(e.label())).append(" | ").append(e.passed() ? "PASS" : "FAIL").append(" | ")
                        .append(esc(e.observed())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }
}
