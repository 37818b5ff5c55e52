package dev.stagegate.benchmarks;

import dev.stagegate.core.evidence.Json;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.source.MigrationSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 3's comparison, measured the way the field notes say holds up on a noisy 2-core host:
 * both arms in one session, interleaved (AB, BA, AB...), a fresh database per run, the verdict on
 * r = median(stagegate) / median(psql -1 -f) with a 95% bootstrap confidence interval.
 * Run: {@code benchmarks/migrate-vs-psql.sh [rounds]}.
 */
public final class MigrateVsPsql {

    private MigrateVsPsql() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int migrations = 250;
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        Path folder = GeneratedSchema.migrationFolder("vs-psql-", migrations);
        Path script = folder.resolve(GeneratedSchema.ALL_IN_ONE);
        // Warm both paths (JIT, catalog caches) before measuring.
        for (int i = 0; i < 3; i++) {
            stagegate(server, folder);
            psql(server, script);
        }
        double[] sg = new double[rounds];
        double[] ps = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                sg[r] = stagegate(server, folder);
                ps[r] = psql(server, script);
            } else {
                ps[r] = psql(server, script);
                sg[r] = stagegate(server, folder);
            }
            System.out.printf("round %2d  stagegate %6.0f ms  psql %6.0f ms%n", r + 1, sg[r], ps[r]);
        }
        double ratio = median(sg) / median(ps);
        double[] ci = bootstrap(sg, ps, 10_000, new Random(42));
        System.out.printf("median stagegate %.0f ms, psql -1 -f %.0f ms, ratio %.2f (95%% CI %.2f-%.2f), target <= 1.50: %s%n",
                median(sg), median(ps), ratio, ci[0], ci[1], ci[1] <= 1.5 ? "MET" : ratio <= 1.5 ? "MET on the median, CI crosses" : "NOT MET");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("migrations", migrations);
        result.put("rounds", rounds);
        result.put("stagegate_ms", sg);
        result.put("psql_ms", ps);
        result.put("median_stagegate_ms", median(sg));
        result.put("median_psql_ms", median(ps));
        result.put("ratio", ratio);
        result.put("ratio_ci95", ci);
        Path out = Path.of("benchmarks/results/MigrateVsPsql.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.mapper().writeValueAsString(result));
        System.exit(0);
    }

    /** One migrate of {@code folder} into a fresh database through the engine, in ms. */
    static double stagegate(EmbeddedPostgresServer server, Path folder) throws Exception {
        String db = server.createFreshDatabase("vs_sg");
        try (Connection c = server.connect(db)) {
            long t = System.nanoTime();
            try (MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(folder), EngineOptions.defaults(), e -> { })) {
                MigrationRun run = engine.migrate(null);
                if (!run.succeeded()) {
                    throw new IllegalStateException(run.failure());
                }
            }
            return (System.nanoTime() - t) / 1e6;
        } finally {
            server.dropDatabase(db);
        }
    }

    /** The same SQL through {@code psql -1 -f} into a fresh database, in ms. */
    static double psql(EmbeddedPostgresServer server, Path script) throws Exception {
        return psql(server, script, true);
    }

    /** One psql process running {@code script} into a fresh database, in ms; {@code single} adds {@code -1} (one transaction). */
    static double psql(EmbeddedPostgresServer server, Path script, boolean single) throws Exception {
        String db = server.createFreshDatabase("vs_psql");
        try {
            List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", server.host(), "-p",
                    Integer.toString(server.port()), "-U", EmbeddedPostgresServer.SUPERUSER, "-d", db, "-f", script.toString()));
            if (single) {
                cmd.add(1, "-1");
            }
            long t = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IOException("psql failed on " + script);
            }
            return (System.nanoTime() - t) / 1e6;
        } finally {
            server.dropDatabase(db);
        }
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** 95% percentile bootstrap interval of median(a)/median(b), resampling each arm independently. */
    static double[] bootstrap(double[] a, double[] b, int resamples, Random random) {
        List<Double> ratios = new ArrayList<>(resamples);
        for (int i = 0; i < resamples; i++) {
            ratios.add(median(resample(a, random)) / median(resample(b, random)));
        }
        ratios.sort(Double::compare);
        return new double[]{ratios.get((int) (resamples * 0.025)), ratios.get((int) (resamples * 0.975))};
    }

    private static double[] resample(double[] xs, Random random) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[random.nextInt(xs.length)];
        }
        return out;
    }
}
