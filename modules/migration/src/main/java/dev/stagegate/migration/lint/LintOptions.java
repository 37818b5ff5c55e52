package dev.stagegate.migration.lint;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How to lint: table sizes (so a lock on a small table is INFO and on a big one an ERROR), rules
 * to exclude, and suppressions kept outside the migrations (so accepting a finding never edits an
 * applied migration, which would change its checksum). Immutable; {@code with...} returns a copy.
 *
 * @param tableSizes  by qualified and bare table name (lower case)
 * @param smallRows   below this many rows and {@link #smallBytes} a locking finding is INFO
 * @param bigRows     at or above this many rows, or {@link #bigBytes}, a locking WARNING becomes an ERROR
 * @param exclude     rule codes not to report at all
 * @param suppressions accepted findings, each with a reason
 */
public record LintOptions(Map<String, TableSize> tableSizes, long smallRows, long smallBytes, long bigRows, long bigBytes,
                          Set<String> exclude, List<LintSuppression> suppressions) {

    public static final long SMALL_ROWS = 100_000;
    public static final long SMALL_BYTES = 100L * 1024 * 1024;
    public static final long BIG_ROWS = 1_000_000;
    public static final long BIG_BYTES = 1024L * 1024 * 1024;

    public LintOptions {
        tableSizes = Map.copyOf(tableSizes);
        exclude = Set.copyOf(exclude);
        suppressions = List.copyOf(suppressions);
    }

    public static LintOptions defaults() {
        return new LintOptions(Map.of(), SMALL_ROWS, SMALL_BYTES, BIG_ROWS, BIG_BYTES, Set.of(), List.of());
    }

    /** Sizes by table name; a bare name matches a table in any schema. */
    public LintOptions withTableSizes(Map<String, TableSize> sizes) {
        Map<String, TableSize> normal = new LinkedHashMap<>();
        sizes.forEach((k, v) -> normal.put(Tables.normal(k), v));
        return new LintOptions(normal, smallRows, smallBytes, bigRows, bigBytes, exclude, suppressions);
    }

    /** Sizes from a snapshot of the target taken before the migrations run: exact rows when counted, else the estimate. */
    public LintOptions withSnapshot(SchemaSnapshot snapshot) {
        Map<String, TableSize> sizes = new LinkedHashMap<>();
        for (Table t : snapshot.tables()) {
            long rows = t.exactRows() != null ? t.exactRows() : t.estimatedRows();
            TableSize size = new TableSize(rows, t.totalBytes());
            sizes.put(t.qualified(), size);
            sizes.putIfAbsent(t.name(), size);
        }
        return withTableSizes(sizes);
    }

    public LintOptions withThresholds(long smallRows, long smallBytes, long bigRows, long bigBytes) {
        return new LintOptions(tableSizes, smallRows, smallBytes, bigRows, bigBytes, exclude, suppressions);
    }

    public LintOptions withExclude(Set<String> codes) {
        Set<String> all = new LinkedHashSet<>(exclude);
        all.addAll(codes);
        return new LintOptions(tableSizes, smallRows, smallBytes, bigRows, bigBytes, all, suppressions);
    }

    public LintOptions withSuppressions(List<LintSuppression> more) {
        List<LintSuppression> all = new ArrayList<>(suppressions);
        all.addAll(more);
        return new LintOptions(tableSizes, smallRows, smallBytes, bigRows, bigBytes, exclude, all);
    }

    /** Adds the suppressions of a file in the {@link LintSuppressionsFile} format. */
    public LintOptions withSuppressionsFile(Path file) {
        return withSuppressions(LintSuppressionsFile.read(file));
    }

    Optional<TableSize> sizeOf(String table) {
        if (table == null) {
            return Optional.empty();
        }
        String n = Tables.normal(table);
        TableSize s = tableSizes.get(n);
        if (s == null && n.indexOf('.') < 0) {
            s = tableSizes.get("public." + n);
        }
        if (s == null) {
            s = tableSizes.get(Tables.bare(n));
        }
        return Optional.ofNullable(s);
    }

    boolean small(TableSize s) {
        return s.rows() >= 0 && s.rows() < smallRows && s.bytes() >= 0 && s.bytes() < smallBytes;
    }

    boolean big(TableSize s) {
        return s.rows() >= bigRows || s.bytes() >= bigBytes;
    }
}
