package dev.stagegate.reporting.model;

import dev.stagegate.core.result.Finding;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a gate run produced, read back from its run folder ({@link GateResults#read}): the one
 * model every document is made from, so the Markdown, HTML, JSON, CSV and JUnit views cannot disagree.
 *
 * @param runId          the run folder's name ({@code 20261202-031500-ab12})
 * @param decision       GO, NO-GO, INCOMPLETE, or NONE when the run stopped on an error
 * @param notShown       conditions GO needs that no passing step showed, with what would show them
 * @param triggers       the rollback triggers the gate named (the reports evaluate all of them: RollbackTriggers)
 * @param migrations     each migration the gate applied to the target, version to milliseconds
 * @param rehearsed      each migration the rehearsal applied to a copy, version to milliseconds
 * @param measured       figures that move between runs (database_bytes, disk_free_bytes), from the timings file
 * @param timings        every timing the run recorded, by key ({@code backup pre_migration restore}: a restore test ran)
 * @param benchmark      the benchmark step's results, when a bench step ran
 * @param error          why the run stopped, or null
 */
public record GateReport(Path folder, String runId, String decision, int exitCode, int stepsPassed, int stepsTotal,
                         Map<String, String> notShown, List<String> notTestedInFull, List<String> triggers, Map<String, String> waived,
                         List<ConditionRecord> conditions, List<StepRecord> steps, Map<String, Long> migrations, Map<String, Long> rehearsed,
                         Map<String, Object> measured, Map<String, Long> timings, Optional<BenchmarkRecord> benchmark, String error) {

    public GateReport {
        notShown = Collections.unmodifiableMap(new LinkedHashMap<>(notShown));
        notTestedInFull = List.copyOf(notTestedInFull);
        triggers = List.copyOf(triggers);
        waived = Collections.unmodifiableMap(new LinkedHashMap<>(waived));
        conditions = List.copyOf(conditions);
        steps = List.copyOf(steps);
        migrations = Collections.unmodifiableMap(new LinkedHashMap<>(migrations));
        rehearsed = Collections.unmodifiableMap(new LinkedHashMap<>(rehearsed));
        measured = Collections.unmodifiableMap(new LinkedHashMap<>(measured));
        timings = Collections.unmodifiableMap(new LinkedHashMap<>(timings));
    }

    /** The steps of that name (a gate may run expect or backup more than once), in order. */
    public List<StepRecord> steps(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).toList();
    }

    public Optional<StepRecord> first(String name) {
        return steps.stream().filter(s -> s.step().equals(name)).findFirst();
    }

    /** Steps whose name starts with the word ({@code backup} matches {@code backup pre_migration}). */
    public List<StepRecord> stepsStarting(String word) {
        return steps.stream().filter(s -> s.step().equals(word) || s.step().startsWith(word + " ")).toList();
    }

    public List<Finding> findings() {
        return steps.stream().flatMap(s -> s.findings().stream()).toList();
    }

    /** The line the console printed: {@code VERDICT: GO (15/15 steps passed)} (a short form, the full one is in the results). */
    public String verdictLine() {
        if (error != null) {
            return "VERDICT: NONE (the run stopped: " + error + ")";
        }
        return "VERDICT: " + decision + " (" + stepsPassed + "/" + stepsTotal + " steps passed)";
    }

    /** The step ran and passed, and its restore test ran (its timing is recorded) and passed with it. */
    public boolean restoreTested(StepRecord backup) {
        return backup.status().passed() && timings.containsKey(backup.step() + " restore");
    }

    public long totalMillis() {
        return steps.stream().mapToLong(s -> Math.max(0, s.millis())).sum();
    }
}
