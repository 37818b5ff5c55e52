package dev.stagegate.reporting.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.target.Secrets;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.reporting.verdict.RollbackTriggers;
import dev.stagegate.reporting.verdict.Trigger;
import dev.stagegate.reporting.verdict.Verdict;
import dev.stagegate.reporting.verdict.VerdictCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a run folder into a {@link GateReport}. It trusts nothing it reads: each field must have the
 * type a run writes, every text is masked again (a hand-edited file may hold a password), and the
 * verdict is computed again from the steps and conditions: a verdict or exit code the steps do not
 * give is refused, so a report can never say GO for a run whose steps say otherwise.
 */
final class RunFolderReader {

    private RunFolderReader() {
    }

    static GateReport read(Path folder) {
        Path file = folder.resolve(GateResults.FILE);
        if (!Files.isRegularFile(file)) {
            throw bad(folder + " holds no " + GateResults.FILE + ": give the folder of a gate run "
                    + "(stagegate run prints it first; they are under evidence/ by default)");
        }
        JsonNode r = tree(file);
        if (!r.isObject() || !GateResults.SCHEMA.equals(r.path("schema").asText())) {
            throw bad(file + " is " + (r.has("schema") ? "schema " + r.get("schema").asText() : "from an older stagegate (no schema field)")
                    + ", not " + GateResults.SCHEMA + ": run the gate again with this version");
        }
        try {
            return report(folder, file, r);
        } catch (StagegateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw bad(file + " is not what a gate run writes (" + firstLine(e) + "): run the gate again");
        }
    }

    private static GateReport report(Path folder, Path file, JsonNode r) {
        Path timingsFile = folder.resolve(GateResults.TIMINGS);
        JsonNode timings = Files.isRegularFile(timingsFile) ? tree(timingsFile) : Json.mapper().createObjectNode();
        List<StepRecord> steps = new ArrayList<>();
        JsonNode ms = timings.path(GateResults.STEPS_MS);
        JsonNode list = r.get("steps");
        if (list == null || !list.isArray()) {
            throw bad(file + " has no list of steps: run the gate again");
        }
        int i = 0;
        for (JsonNode s : list) {
            steps.add(step(file, s, ms.has(i) ? ms.get(i).asLong(-1) : -1));
            i++;
        }
        List<ConditionRecord> conditions = new ArrayList<>();
        for (JsonNode c : r.path("conditions")) {
            conditions.add(new ConditionRecord(c.path("id").asText(), mask(c.path("meaning").asText()), c.path("state").asText(),
                    text(c.get("step_status")), c.get("why") == null || c.get("why").isNull() ? null : mask(c.get("why").asText())));
        }
        JsonNode error = r.get("error");
        String stated = r.path("verdict").asText();
        // the report shows the verdict the steps give, computed again: what the file says is only checked against it
        Verdict v = VerdictCheck.verdict(file, stated, r.path("exit_code"), error != null, steps, conditions, strings(r.path("waived")));
        Map<String, Long> numbers = new LinkedHashMap<>();
        timings.fields().forEachRemaining(e -> {
            if (e.getValue().canConvertToLong()) {
                numbers.put(e.getKey(), e.getValue().asLong());
            }
        });
        boolean benched = steps.stream().anyMatch(s -> s.step().equals("bench"));
        GateReport report = new GateReport(folder, folder.getFileName().toString(), v == null ? "NONE" : v.decision().label(),
                v == null ? r.get("exit_code").asInt() : v.decision().exitCode().code(), (int) steps.stream().filter(s -> s.status().passed()).count(),
                steps.size(), v == null ? Map.of() : byId(v.missing()), v == null ? List.of() : v.notShown(), v == null ? List.of() : v.triggers(),
                v == null ? Map.of() : byId(v.waived()), v == null ? List.of() : conditions(v), steps, prefixed(timings, "migrate "),
                prefixed(timings, "rehearse "), measured(timings), numbers,
                benched ? benchmark(folder.resolve(GateResults.BENCHMARK)) : Optional.empty(),
                error == null ? null : mask(error.path("code").asText() + ": " + error.path("message").asText()));
        if (v != null && v.decision() == Verdict.Decision.GO) {
            // a GO whose own evidence fires a rollback trigger is not a GO: the file was edited
            RollbackTriggers.evaluate(report).stream().filter(t -> t.state() == Trigger.State.FIRED).findFirst().ifPresent(t -> {
                throw bad(file + " says GO, but its own evidence fires the rollback trigger '" + t.name() + "' (" + t.evidence()
                        + "): it was edited or is damaged; run the gate again");
            });
        }
        return report;
    }

    private static Map<String, String> byId(Map<GateCondition, String> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((c, why) -> out.put(c.id(), why));
        return out;
    }

    private static List<ConditionRecord> conditions(Verdict v) {
        return v.conditions().stream().map(c -> new ConditionRecord(String.valueOf(c.get("id")), String.valueOf(c.get("meaning")),
                String.valueOf(c.get("state")), c.get("step_status") == null ? null : String.valueOf(c.get("step_status")),
                c.get("why") == null ? null : String.valueOf(c.get("why")))).toList();
    }

    private static StepRecord step(Path file, JsonNode s, long millis) {
        if (!s.isObject() || !s.path("step").isTextual() || s.path("step").asText().isBlank() || !s.path("summary").isTextual()) {
            throw bad(file + " has a step without a name or a summary: run the gate again");
        }
        String name = s.path("step").asText();
        for (String list : List.of("findings", "evidence", "failing")) {
            if (s.has(list) && !s.get(list).isArray()) {
                throw bad(file + ": step '" + mask(name) + "' has " + list + " that are not a list: run the gate again");
            }
        }
        if (s.has("metrics") && !s.get("metrics").isObject()) {
            throw bad(file + ": step '" + mask(name) + "' has metrics that are not an object: run the gate again");
        }
        StepStatus status;
        try {
            status = StepStatus.valueOf(s.path("status").asText());
        } catch (IllegalArgumentException e) {
            throw bad(file + ": step '" + mask(name) + "' has status '" + mask(s.path("status").asText()) + "', not one of PASSED, WARNED, FAILED, "
                    + "ERROR, SKIPPED, NOT_TESTED, INCOMPLETE: run the gate again");
        }
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : s.path("findings")) {
            if (!f.isObject() || !f.path("code").isTextual() || !f.path("message").isTextual()) {
                throw bad(file + ": step '" + mask(name) + "' has a finding without a code or message: run the gate again");
            }
            Severity severity;
            try {
                severity = Severity.valueOf(f.path("severity").asText());
            } catch (IllegalArgumentException e) {
                throw bad(file + ": a finding of step '" + mask(name) + "' has severity '" + mask(f.path("severity").asText()) + "': run the gate again");
            }
            List<String> proof = new ArrayList<>();
            f.path("proof").forEach(p -> proof.add(mask(p.asText())));
            JsonNode why = f.get("suppression");
            findings.add(new Finding(mask(f.get("code").asText()), severity, mask(f.path("object").asText()), mask(f.get("message").asText()), proof,
                    why == null || why.isNull() ? null : mask(why.asText())));
        }
        List<String> evidence = new ArrayList<>();
        s.path("evidence").forEach(e -> evidence.add(mask(e.asText())));
        Map<String, Object> metrics = new LinkedHashMap<>();
        s.path("metrics").fields().forEachRemaining(e -> metrics.put(mask(e.getKey()), value(e.getValue())));
        return new StepRecord(mask(name), status, mask(s.path("summary").asText()), findings, metrics, evidence, millis);
    }

    /** A metric as the writers use it: numbers, booleans, text (masked) and {passed, total} counts. */
    private static Object value(JsonNode v) {
        if (v.isNumber()) {
            if (v.isIntegralNumber() && !v.canConvertToLong()) {
                throw bad("a figure in the results is out of range (" + v + "): run the gate again");
            }
            return v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(mask(e.getKey()), value(e.getValue())));
            return m;
        }
        return mask(v.isTextual() ? v.asText() : v.toString());
    }

    private static Optional<BenchmarkRecord> benchmark(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode b = tree(file);
        List<QueryRecord> queries = new ArrayList<>();
        String control = b.path("control").asText("");
        for (Iterator<Map.Entry<String, JsonNode>> it = b.path("verdicts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(control)) {
                continue; // the control says whether the host drifted; it is not one of the suite's queries
            }
            JsonNode v = e.getValue();
            String outcome = v.path("outcome").asText();
            if (!OUTCOMES.contains(outcome)) {
                throw bad(file + ": query '" + mask(e.getKey()) + "' has outcome '" + mask(outcome) + "', not one of " + OUTCOMES + ": run the gate again");
            }
            QueryRecord q = new QueryRecord(mask(e.getKey()), outcome, number(v.get("ratio")), number(v.get("low")),
                    number(v.get("high")), median(b.path("baseline_ms").path(e.getKey())), median(b.path("candidate_ms").path(e.getKey())),
                    mask(v.path("why").asText()));
            double rollback = b.path("thresholds").path("rollback").asDouble(1.30);
            if (q.decided() && !q.failed() && !Double.isNaN(q.low()) && q.low() >= rollback) {
                throw bad(file + ": query '" + q.id() + "' is " + outcome + " with its whole interval at r " + q.low() + " or more: it was edited; run the gate again");
            }
            queries.add(q);
        }
        Map<String, Long> scans = new LinkedHashMap<>();
        b.path("index_scans").fields().forEachRemaining(e -> scans.put(mask(e.getKey()), e.getValue().asLong()));
        JsonNode health = b.path("connection_health");
        return Optional.of(new BenchmarkRecord(b.path("verdict").asText(), b.path("interleaved").asBoolean(),
                b.path("thresholds").path("pass").asDouble(1.10), b.path("thresholds").path("rollback").asDouble(1.30), queries, scans,
                health.has("leftovers") ? health.get("leftovers").asInt() : -1, health.path("idleInTransaction").asInt()));
    }

    /** The benchmark's outcomes (benchmark's verdict.Outcome, as its results file writes them). */
    static final java.util.Set<String> OUTCOMES = java.util.Set.of("PASS", "PASS_WARN", "FAIL", "FAIL_SOFT", "ROLLBACK", "BROKEN", "NO_VERDICT",
            "INCONCLUSIVE");

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** The median of a list of fork scores; NaN for none. */
    static double median(JsonNode scores) {
        List<Double> v = new ArrayList<>();
        scores.forEach(s -> v.add(s.asDouble()));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    /** The rehearsal also times its copy and the sum ("rehearse copy", "rehearse estimated") and its rollbacks: not versions. */
    private static final java.util.Set<String> NOT_VERSIONS = java.util.Set.of("copy", "estimated", "dump", "restore");

    private static Map<String, Long> prefixed(JsonNode timings, String prefix) {
        Map<String, Long> m = new LinkedHashMap<>();
        timings.fields().forEachRemaining(e -> {
            String rest = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : "";
            if (!rest.isEmpty() && e.getValue().isNumber() && !rest.startsWith("rollback ") && !NOT_VERSIONS.contains(rest)) {
                m.put(mask(rest), e.getValue().asLong());
            }
        });
        return m;
    }

    private static Map<String, Object> measured(JsonNode timings) {
        Map<String, Object> m = new LinkedHashMap<>();
        timings.path(GateResults.MEASURED).fields().forEachRemaining(e -> m.put(e.getKey(), value(e.getValue())));
        return m;
    }

    /** An object's fields, or an array's items by index, as masked text. */
    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o.isObject()) {
            o.fields().forEachRemaining(e -> m.put(mask(e.getKey()), mask(e.getValue().asText())));
        } else if (o.isArray()) {
            int i = 0;
            for (JsonNode x : o) {
                m.put(String.valueOf(i++), mask(x.asText()));
            }
        }
        return m;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** Everything read goes through the masking again: a file edited by hand, or by an older version, may hold a secret. */
    static String mask(String s) {
        return wellFormed(Secrets.maskSqlPasswords(Secrets.mask(s)));
    }

    /** A lone surrogate cannot be written as UTF-8: it becomes '?', so one bad character never stops every document. */
    private static String wellFormed(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean lone = Character.isHighSurrogate(c) ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (lone && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(lone ? '?' : c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static JsonNode tree(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw bad(file + " is not readable JSON (" + firstLine(e) + "): was the run interrupted while writing it? run the gate again");
        }
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("\\s+\\(.*$", "");
    }

    static StagegateException bad(String message) {
        return new StagegateException(ErrorCode.INPUT_INVALID, message);
    }
}
