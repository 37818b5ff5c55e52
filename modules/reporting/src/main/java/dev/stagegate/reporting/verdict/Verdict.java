package dev.stagegate.reporting.verdict;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The gate's decision. NO-GO when any step failed or could not run; INCOMPLETE when nothing failed
 * but a condition of {@link GateCondition} was not shown (and not waived) or a step could not test
 * what it covers; GO only when every condition rests on a step that ran and passed. No step at all
 * is INCOMPLETE, never GO.
 *
 * @param missing   conditions not shown and not waived, with what would show them
 * @param notShown  steps that ran but did not pass in full (SKIPPED, NOT_TESTED, INCOMPLETE)
 * @param waived    conditions accepted without evidence, with the reason given
 * @param triggers  the seeds' rollback triggers that fired, each with the finding that decided it (a failed
 *                  migration, a query 30% slower or more): said first in a NO-GO
 * @param shown     the status of the step that showed each condition (absent: no step showed it)
 */
public record Verdict(Decision decision, int passed, int total, Map<GateCondition, String> missing, List<String> notShown,
                      Map<GateCondition, String> waived, List<String> triggers, Map<GateCondition, StepStatus> shown) {

    /** Finding codes that are rollback triggers in the seeds (CE-28); issue 13's report evaluates the rest. */
    public static final Map<String, String> TRIGGERS = Map.of(
            "BENCH_ROLLBACK_TRIGGER", "performance degraded past the rollback threshold",
            "BENCH_QUERY_BROKEN", "a query the application runs broke",
            "MIGRATION_FAILED", "a migration failed on the target");

    public enum Decision {
        GO(ExitCode.GO), NO_GO(ExitCode.NO_GO), INCOMPLETE(ExitCode.INCOMPLETE);

        private final ExitCode exit;

        Decision(ExitCode exit) {
            this.exit = exit;
        }

        public ExitCode exitCode() {
            return exit;
        }

        public String label() {
            return this == NO_GO ? "NO-GO" : name();
        }
    }

    public Verdict {
        missing = Collections.unmodifiableMap(new LinkedHashMap<>(missing));
        notShown = List.copyOf(notShown);
        waived = Collections.unmodifiableMap(new LinkedHashMap<>(waived));
        triggers = List.copyOf(triggers);
        shown = Collections.unmodifiableMap(new LinkedHashMap<>(shown));
    }

    public static Verdict of(List<StepResult> steps, Map<GateCondition, StepStatus> shown, Map<GateCondition, String> waivers) {
        return of(steps, shown, waivers, Map.of());
    }

    /** @param why a reason for a condition that a later step took back (e.g. the schema changed after verify) */
    public static Verdict of(List<StepResult> steps, Map<GateCondition, StepStatus> shown, Map<GateCondition, String> waivers,
                      Map<GateCondition, String> why) {
        int passed = (int) steps.stream().filter(StepResult::passed).count();
        boolean failed = steps.stream().anyMatch(s -> s.status().failed());
        Map<GateCondition, String> missing = new EnumMap<>(GateCondition.class);
        for (GateCondition c : GateCondition.values()) {
            StepStatus s = shown.get(c);
            if ((s == null || !s.passed()) && !waivers.containsKey(c)) {
                missing.put(c, why.containsKey(c) ? why.get(c) : s == null ? c.howToShow() : "its step ended " + s);
            }
        }
        List<String> notShown = new ArrayList<>();
        steps.stream().filter(s -> !s.passed() && !s.status().failed()).forEach(s -> notShown.add(s.step() + " " + s.status()));
        Decision d = failed ? Decision.NO_GO : missing.isEmpty() && notShown.isEmpty() && !steps.isEmpty() ? Decision.GO : Decision.INCOMPLETE;
        List<String> triggers = new ArrayList<>();
        steps.forEach(s -> s.findings().stream().filter(f -> !f.suppressed() && TRIGGERS.containsKey(f.code()))
                .forEach(f -> triggers.add(TRIGGERS.get(f.code()) + " (" + f.code() + "): " + f.message())));
        return new Verdict(d, passed, steps.size(), missing, notShown, waivers, triggers, shown);
    }

    /** {@code VERDICT: INCOMPLETE (12/12 steps passed; not shown: performance (...); waived: ...)}. */
    public String line() {
        StringBuilder b = new StringBuilder("VERDICT: ").append(decision.label()).append(" (").append(passed).append('/').append(total)
                .append(" steps passed");
        if (!triggers.isEmpty()) {
            b.append("; rollback trigger: ").append(String.join("; ", triggers));
        }
        if (!missing.isEmpty()) {
            b.append("; not shown: ").append(missing.entrySet().stream().map(e -> e.getKey().id() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", ")));
        }
        if (!notShown.isEmpty()) {
            b.append("; not tested in full: ").append(String.join(", ", notShown));
        }
        if (!waived.isEmpty()) {
            b.append("; waived: ").append(waived.entrySet().stream().map(e -> e.getKey().id() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", ")));
        }
        return b.append(')').toString();
    }

    /** For {@code gate_results.json}: reproducible, no timings. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", decision.label());
        m.put("exit_code", decision.exitCode().code());
        m.put("steps_passed", passed);
        m.put("steps", total);
        m.put("not_shown", missing.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().id(), Map.Entry::getValue,
                (a, b) -> a, LinkedHashMap::new)));
        m.put("not_tested_in_full", notShown);
        m.put("rollback_triggers", triggers);
        m.put("waived", waived.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().id(), Map.Entry::getValue,
                (a, b) -> a, LinkedHashMap::new)));
        m.put("conditions", conditions());
        return m;
    }

    /**
     * Each condition GO needs, in the seeds' order: SHOWN (a step that ran and passed showed it), WAIVED (accepted
     * without evidence, with the reason), or NOT_SHOWN (with why), and the status of the step that showed it if any.
     */
    public List<Map<String, Object>> conditions() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (GateCondition c : GateCondition.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("meaning", c.meaning());
            StepStatus s = shown.get(c);
            m.put("state", missing.containsKey(c) ? "NOT_SHOWN" : waived.containsKey(c) && (s == null || !s.passed()) ? "WAIVED" : "SHOWN");
            m.put("step_status", s == null ? null : s.name());
            m.put("why", missing.containsKey(c) ? missing.get(c) : waived.get(c));
            list.add(m);
        }
        return list;
    }
}
