package dev.stagegate.benchmarks;

import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.rehearsal.ObservedEngine;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Issue 11's overhead target: the 250-migration set migrated by the plain engine, and by the
 * rehearsal's observed engine (locks after every statement, the stand-in traffic, and, in the third
 * arm, a schema snapshot after every migration for the side effects), interleaved on fresh databases
 * (ABC, CBA...), the ratio of medians with a 95% bootstrap interval. Target: locks-only ≤ 1.10.
 * Run: {@code benchmarks/observed-migrate.sh [rounds]}.
 */
public final class ObservedMigrateVsPlain {

    private ObservedMigrateVsPlain() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        MigrationSet set = MigrationSource.read(GeneratedSchema.migrationFolder("observed-", 250));
        for (int i = 0; i < 2; i++) {
            run(server, set, 0);
            run(server, set, 1);
            run(server, set, 2);
        }
        double[][] ms = new double[3][rounds];
        for (int r = 0; r < rounds; r++) {
            int[] order = r % 2 == 0 ? new int[]{0, 1, 2} : new int[]{2, 1, 0};
            for (int arm : order) {
                ms[arm][r] = run(server, set, arm);
            }
            System.out.printf("round %2d  plain %6.0f ms  locks %6.0f ms  locks+side effects %6.0f ms%n", r + 1, ms[0][r], ms[1][r], ms[2][r]);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("migrations", 250);
        result.put("rounds", rounds);
        String[] names = {"plain", "locks", "locks_and_side_effects"};
        for (int arm = 0; arm < 3; arm++) {
            result.put(names[arm] + "_ms", ms[arm]);
        }
        for (int arm = 1; arm < 3; arm++) {
            double ratio = MigrateVsPsql.median(ms[arm]) / MigrateVsPsql.median(ms[0]);
            double[] ci = MigrateVsPsql.bootstrap(ms[arm], ms[0], 10_000, new Random(42));
            System.out.printf("%s / plain: median %.0f vs %.0f ms, ratio %.2f (95%% CI %.2f-%.2f)%n", names[arm], MigrateVsPsql.median(ms[arm]),
                    MigrateVsPsql.median(ms[0]), ratio, ci[0], ci[1]);
            result.put(names[arm] + "_ratio", ratio);
            result.put(names[arm] + "_ratio_ci95", ci);
        }
        Path out = Path.of("benchmarks/results/ObservedMigrateVsPlain.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.mapper().writeValueAsString(result));
        System.exit(0);
    }

    /** arm 0: the plain engine; 1: observed (locks, traffic); 2: observed with side effects. In ms. */
    static double run(EmbeddedPostgresServer server, MigrationSet set, int arm) throws Exception {
        String db = server.createFreshDatabase("obs");
        try (Connection c = server.connect(db)) {
            long t = System.nanoTime();
            MigrationRun run;
            if (arm == 0) {
                try (MigrationEngine engine = new MigrationEngine(c, set, EngineOptions.defaults(), e -> { })) {
                    run = engine.migrate(null);
                }
            } else {
                Target copy = Target.builder("bench").host(server.host()).port(server.port()).database(db)
                        .user(EmbeddedPostgresServer.SUPERUSER).build();
                ObservedEngine engine = new ObservedEngine(copy, c, set, EngineOptions.defaults(), Duration.ofSeconds(10), e -> { });
                run = (arm == 1 ? engine.withoutSideEffects() : engine).migrate(null).run();
            }
            if (!run.succeeded()) {
                throw new IllegalStateException(run.failure());
            }
            return (System.nanoTime() - t) / 1e6;
        } finally {
            server.dropDatabase(db);
        }
    }
}
