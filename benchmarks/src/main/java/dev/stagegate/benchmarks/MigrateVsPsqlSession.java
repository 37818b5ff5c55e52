package dev.stagegate.benchmarks;

import dev.stagegate.core.evidence.Json;
import dev.stagegate.embedded.EmbeddedPostgresServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Issue 14's speed target: {@code migrate} of 250 real-sized migrations ({@link RealSizedMigrations}) against one psql
 * session applying the same files with a transaction per file ({@code BEGIN; \i file; COMMIT;} for each, what a team
 * without a migration tool runs), and, kept from issue 3, against {@code psql -1} (every file in one transaction).
 * Three arms in rotating order per round (ABC, BCA, CAB...), a fresh database per run, warm-up rounds first;
 * r = median(stagegate) / median(arm) with a 95% bootstrap interval. Run: {@code benchmarks/migrate-vs-psql.sh session [rounds]}.
 */
public final class MigrateVsPsqlSession {

    private MigrateVsPsqlSession() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int migrations = 250;
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        Path folder = RealSizedMigrations.folder("vs-psql-session-", migrations);
        List<String> files = Files.readAllLines(folder.resolve(RealSizedMigrations.LIST));
        StringBuilder perFile = new StringBuilder("\\set ON_ERROR_STOP on\n");
        StringBuilder oneTx = new StringBuilder("\\set ON_ERROR_STOP on\n");
        for (String f : files) {
            perFile.append("BEGIN;\n\\i ").append(folder.resolve(f)).append("\nCOMMIT;\n");
            oneTx.append("\\i ").append(folder.resolve(f)).append('\n');
        }
        Path perFileScript = Files.writeString(folder.resolve("per-file.psql"), perFile.toString());
        Path oneTxScript = Files.writeString(folder.resolve("one-transaction.psql"), oneTx.toString());
        long bytes = 0;
        for (String f : files) {
            bytes += Files.size(folder.resolve(f));
        }
        System.out.printf("%d migrations, %.0f bytes a file on average%n", migrations, bytes / (double) migrations);
        for (int i = 0; i < 3; i++) {
            MigrateVsPsql.stagegate(server, folder);
            MigrateVsPsql.psql(server, perFileScript, false);
            MigrateVsPsql.psql(server, oneTxScript, true);
        }
        double[] sg = new double[rounds];
        double[] session = new double[rounds];
        double[] single = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < 3; k++) {
                switch ((r + k) % 3) {
                    case 0 -> sg[r] = MigrateVsPsql.stagegate(server, folder);
                    case 1 -> session[r] = MigrateVsPsql.psql(server, perFileScript, false);
                    default -> single[r] = MigrateVsPsql.psql(server, oneTxScript, true);
                }
            }
            System.out.printf("round %2d  stagegate %6.0f ms  psql session, a transaction per file %6.0f ms  psql -1 %6.0f ms%n",
                    r + 1, sg[r], session[r], single[r]);
        }
        double vsSession = MigrateVsPsql.median(sg) / MigrateVsPsql.median(session);
        double[] ciSession = MigrateVsPsql.bootstrap(sg, session, 10_000, new Random(42));
        double vsSingle = MigrateVsPsql.median(sg) / MigrateVsPsql.median(single);
        double[] ciSingle = MigrateVsPsql.bootstrap(sg, single, 10_000, new Random(43));
        System.out.printf("median stagegate %.0f ms, psql session (a transaction per file) %.0f ms, psql -1 %.0f ms%n",
                MigrateVsPsql.median(sg), MigrateVsPsql.median(session), MigrateVsPsql.median(single));
        System.out.printf("stagegate / psql session: %.2f (95%% CI %.2f-%.2f), target <= 1.50: %s%n", vsSession, ciSession[0], ciSession[1],
                ciSession[1] <= 1.5 ? "MET" : vsSession <= 1.5 ? "MET on the median, CI crosses" : "NOT MET");
        System.out.printf("stagegate / psql -1:      %.2f (95%% CI %.2f-%.2f)%n", vsSingle, ciSingle[0], ciSingle[1]);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("migrations", migrations);
        result.put("avg_file_bytes", bytes / (double) migrations);
        result.put("rounds", rounds);
        result.put("stagegate_ms", sg);
        result.put("psql_session_per_file_tx_ms", session);
        result.put("psql_single_tx_ms", single);
        result.put("ratio_vs_session", vsSession);
        result.put("ratio_vs_session_ci95", ciSession);
        result.put("ratio_vs_single_tx", vsSingle);
        result.put("ratio_vs_single_tx_ci95", ciSingle);
        Path out = Path.of("benchmarks/results/MigrateVsPsqlSession.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.mapper().writeValueAsString(result));
        System.exit(0);
    }
}
