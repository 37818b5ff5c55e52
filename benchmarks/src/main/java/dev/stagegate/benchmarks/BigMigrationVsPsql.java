package dev.stagegate.benchmarks;

import dev.stagegate.core.evidence.Json;
import dev.stagegate.embedded.EmbeddedPostgresServer;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Issue 9, item 9: one migration of N statements (default 500,000 INSERTs, about 28 MB) through
 * stagegate vs the same file through {@code psql -1 -f}, interleaved, a fresh database per run, on
 * the embedded PostgreSQL. Reports the median ratio and the peak heap the JVM used while migrating.
 * Run: {@code benchmarks/big-migration.sh [statements] [rounds]}.
 */
public final class BigMigrationVsPsql {

    private BigMigrationVsPsql() {
    }

    public static void main(String[] args) throws Exception {
        int statements = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        Path folder = Files.createTempDirectory("big-migration-");
        Path file = folder.resolve("001_big.sql");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("CREATE TABLE big_t (id int PRIMARY KEY, v text);\n");
            for (int i = 0; i < statements; i++) {
                w.write("INSERT INTO big_t VALUES (" + i + ", 'row " + i + " with some text');\n");
            }
        }
        Files.writeString(folder.resolve("001_big.rollback.sql"), "DROP TABLE big_t;\n");
        System.out.printf("%d statements, %d MB%n", statements, Files.size(file) / 1024 / 1024);
        double[] sg = new double[rounds];
        double[] ps = new double[rounds];
        long peakHeap = 0;
        for (int r = 0; r < rounds; r++) {
            resetPeaks();
            if (r % 2 == 0) {
                sg[r] = stagegate(server, folder);
                peakHeap = Math.max(peakHeap, peakHeap());
                ps[r] = psql(server, file);
            } else {
                ps[r] = psql(server, file);
                resetPeaks();
                sg[r] = stagegate(server, folder);
                peakHeap = Math.max(peakHeap, peakHeap());
            }
            System.out.printf("round %d  stagegate %7.0f ms  psql -1 -f %7.0f ms%n", r + 1, sg[r], ps[r]);
        }
        double ratio = MigrateVsPsql.median(sg) / MigrateVsPsql.median(ps);
        System.out.printf("median stagegate %.0f ms, psql %.0f ms, ratio %.2f (target <= 2.0: %s); peak heap %d MB (max heap %d MB)%n",
                MigrateVsPsql.median(sg), MigrateVsPsql.median(ps), ratio, ratio <= 2.0 ? "MET" : "NOT MET", peakHeap / 1024 / 1024,
                Runtime.getRuntime().maxMemory() / 1024 / 1024);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("statements", statements);
        result.put("file_bytes", Files.size(file));
        result.put("stagegate_ms", sg);
        result.put("psql_ms", ps);
        result.put("ratio", ratio);
        result.put("peak_heap_bytes", peakHeap);
        result.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        Path out = Path.of("benchmarks/results/BigMigrationVsPsql.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.mapper().writeValueAsString(result));
        System.exit(0);
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static double stagegate(EmbeddedPostgresServer server, Path folder) throws Exception {
        return MigrateVsPsql.stagegate(server, folder);
    }

    private static double psql(EmbeddedPostgresServer server, Path script) throws Exception {
        return MigrateVsPsql.psql(server, script);
    }
}
