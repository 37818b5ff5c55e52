package dev.stagegate.reporting.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.model.ConditionRecord;
import dev.stagegate.reporting.model.StepRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict a results file states, checked against the one its steps and conditions give by the
 * gate's own rules ({@link Verdict#of}). A report shows a verdict only when both agree, and exits with
 * the code that verdict has, never a number read from the file.
 */
public final class VerdictCheck {

    private VerdictCheck() {
    }

    /** Which step shows each condition: a condition a file says was shown by a step that is not in it is forged. */
    private static final Map<GateCondition, String> SHOWN_BY = Map.of(GateCondition.MIGRATIONS, "migrate", GateCondition.RLS, "verify",
            GateCondition.FOREIGN_KEYS, "verify", GateCondition.SMOKE, "verify", GateCondition.PERFORMANCE, "bench",
            GateCondition.ROLLBACK, "rollback cycle");

    /**
     * @return the verdict the steps and conditions give (null for a run stopped by an error, whose code is then checked);
     *         refuses (exit 2) a file whose verdict, exit code or conditions its steps do not give
     */
    public static Verdict verdict(Path file, String stated, JsonNode statedExit, boolean stopped, List<StepRecord> steps,
                                  List<ConditionRecord> conditions, Map<String, String> waived) {
        if (!statedExit.isInt()) {
            throw refuse(file, "gives exit code " + statedExit + ", not a number");
        }
        for (StepRecord s : steps) {
            if (s.status().passed() && !s.failing().isEmpty()) {
                throw refuse(file, "says step " + s.step() + " " + s.status() + " although it holds the failing finding " + s.failing().get(0).id());
            }
        }
        if (stopped) {
            // a run stopped by an error: its exit code is the error's (usage, environment, runtime), not a verdict's
            int code = statedExit.asInt(-1);
            if (!"NONE".equals(stated) || !statedExit.isInt() || (code != ExitCode.USAGE.code() && code != ExitCode.ENVIRONMENT.code()
                    && code != ExitCode.RUNTIME.code())) {
                throw refuse(file, "says the run stopped on an error but gives verdict " + stated + " and exit code " + statedExit);
            }
            return null;
        }
        Map<GateCondition, StepStatus> shown = new EnumMap<>(GateCondition.class);
        Map<GateCondition, String> why = new EnumMap<>(GateCondition.class);
        for (ConditionRecord c : conditions) {
            GateCondition gc;
            try {
                gc = GateCondition.byId(c.id());
            } catch (IllegalArgumentException e) {
                throw refuse(file, "names a condition '" + c.id() + "' the gate does not have");
            }
            if (c.stepStatus() != null) {
                String by = SHOWN_BY.get(gc);
                if (steps.stream().noneMatch(s -> s.step().equals(by) || s.step().startsWith(by + " "))) {
                    throw refuse(file, "says condition " + c.id() + " was shown by a step, but no " + by + " step is in it");
                }
                try {
                    shown.put(gc, StepStatus.valueOf(c.stepStatus()));
                } catch (IllegalArgumentException e) {
                    throw refuse(file, "gives condition " + c.id() + " the status '" + c.stepStatus() + "'");
                }
            } else if (c.why() != null && "NOT_SHOWN".equals(c.state())) {
                why.put(gc, c.why());
            }
        }
        Map<GateCondition, String> waivers = new EnumMap<>(GateCondition.class);
        waived.forEach((id, reason) -> {
            try {
                waivers.put(GateCondition.byId(id), reason);
            } catch (IllegalArgumentException e) {
                throw refuse(file, "waives a condition '" + id + "' the gate does not have");
            }
        });
        List<StepResult> results = steps.stream().map(s -> new StepResult(s.step(), s.status(), s.summary(), s.findings(), s.metrics(), List.of(),
                Duration.ZERO)).toList();
        Verdict v = Verdict.of(results, shown, waivers, why);
        if (!v.decision().label().equals(stated) || (statedExit.isInt() && statedExit.asInt() != v.decision().exitCode().code())) {
            throw refuse(file, "says " + stated + " (exit " + statedExit + "), but its steps and conditions give " + v.decision().label()
                    + " (exit " + v.decision().exitCode().code() + ")");
        }
        if (conditions.size() != GateCondition.values().length) {
            throw refuse(file, "lists " + conditions.size() + " of the gate's " + GateCondition.values().length + " conditions");
        }
        return v;
    }

    private static StagegateException refuse(Path file, String what) {
        return new StagegateException(ErrorCode.INPUT_INVALID, file + " " + what + ": it was edited or is damaged; run the gate again");
    }
}
