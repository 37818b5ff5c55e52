package dev.stagegate.reporting.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmark step left in {@code ce26_benchmark_results.json}, as far as the reports need it.
 *
 * @param passFactor      r under which a query passes (1.10 by default)
 * @param rollbackFactor  r from which a failing query is a rollback trigger (1.30)
 * @param indexScans      idx_scan of each index on the candidate during the benchmark
 * @param leftovers       connections the benchmark opened and did not close (-1 when not recorded)
 */
public record BenchmarkRecord(String verdict, boolean interleaved, double passFactor, double rollbackFactor, List<QueryRecord> queries,
                              Map<String, Long> indexScans, int leftovers, int idleInTransaction) {

    public BenchmarkRecord {
        queries = List.copyOf(queries);
        indexScans = Collections.unmodifiableMap(new LinkedHashMap<>(indexScans));
    }

    public long decided() {
        return queries.stream().filter(QueryRecord::decided).count();
    }

    public long passed() {
        return queries.stream().filter(q -> q.decided() && !q.failed()).count();
    }

    public long indexesUsed() {
        return indexScans.values().stream().filter(n -> n > 0).count();
    }
}
