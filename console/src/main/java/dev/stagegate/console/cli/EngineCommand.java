package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationEvent;
import dev.stagegate.migration.engine.MigrationRun;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

/** What the commands that drive the migration engine share: inputs, target, evidence, the engine's lifetime. */
abstract class EngineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Mixin
    OutputOptions output;

    interface Work<T> {
        T run(Session session, MigrationEngine engine);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    <T> T withEngine(EngineOptions options, Consumer<MigrationEvent> sink, Work<T> work) {
        var set = input.read();
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr());
             MigrationEngine engine = new MigrationEngine(session.connection(), set, options, sink)) {
            return work.run(session, engine);
        }
    }

    /**
     * Runs a migrate or rollback with its events on the console and in {@code <log>.log}, its
     * timings in {@code <log>_timings.json}; a failure becomes one error line (exit 4).
     */
    MigrationRun runRecorded(EngineOptions options, String log, Function<MigrationEngine, MigrationRun> action) {
        PrintWriter out = out();
        List<String> lines = new ArrayList<>();
        return withEngine(options, e -> {
            out.println(e.line());
            out.flush();
            lines.add(Instant.now() + " " + e.line());
        }, (session, engine) -> {
            out.println("[INFO] Target: " + session.target().describe());
            MigrationRun run = action.apply(engine);
            EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
            evidence.addSecrets(session.live().secrets());
            out.println("wrote " + evidence.write(log + "_execution.log", String.join("\n", lines) + "\n"));
            out.println("wrote " + evidence.writeJson(log + "_timings.json", timings(run)));
            if (!run.succeeded()) {
                throw new StagegateException(ErrorCode.MIGRATION_FAILED, run.failure());
            }
            return run;
        });
    }

    static Map<String, Long> timings(MigrationRun run) {
        Map<String, Long> out = new LinkedHashMap<>();
        run.events().stream().filter(e -> e.type() == MigrationEvent.Type.COMPLETED || e.type() == MigrationEvent.Type.ROLLED_BACK)
                .forEach(e -> out.put(e.version(), e.duration().toMillis()));
        return out;
    }
}
