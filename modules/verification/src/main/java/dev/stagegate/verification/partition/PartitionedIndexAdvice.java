package dev.stagegate.verification.partition;

import dev.stagegate.core.snapshot.Index;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Index advice that PostgreSQL accepts on partitioned tables. {@code CREATE INDEX CONCURRENTLY} is
 * refused on a partitioned table, and a plain {@code CREATE INDEX} on it locks every partition
 * against writes for the whole build; the non-blocking way is {@code CREATE INDEX ... ON ONLY}
 * the parent (an invalid, empty shell), one {@code CREATE INDEX CONCURRENTLY} per partition, and
 * {@code ALTER INDEX ... ATTACH PARTITION} for each, after which the parent's index is valid.
 */
public final class PartitionedIndexAdvice {

    private static final int NAME_BYTES = 63;
    private static final String IDENT = "(?:\"(?:[^\"]|\"\")*\"|[^\\s\".]+)";
    private static final Pattern DEFINITION = Pattern.compile("^CREATE (?:UNIQUE )?INDEX " + IDENT + " ON (?:ONLY )?(?:" + IDENT
            + "\\.)?" + IDENT + " (USING .*)$", Pattern.DOTALL);

    private final Partitions partitions;
    private final Set<String> taken = new HashSet<>();

    PartitionedIndexAdvice(Partitions partitions, SchemaSnapshot s) {
        this.partitions = partitions;
        s.indexes().forEach(i -> taken.add(i.schema() + "." + i.name()));
        s.tables().forEach(t -> taken.add(t.qualified()));
        s.views().forEach(v -> taken.add(v.schema() + "." + v.name()));
    }

    /**
     * The fix for a foreign key of a partitioned table that no index leads with, as one clause of
     * a finding's message.
     */
    public static String forForeignKey(SchemaSnapshot s, Table child, List<String> columns) {
        PartitionedIndexAdvice advice = new PartitionedIndexAdvice(Partitions.of(s), s);
        String using = "USING btree (" + columns.stream().map(Sql::quote).collect(Collectors.joining(", ")) + ")";
        return "on a partitioned table CREATE INDEX CONCURRENTLY is refused and a plain CREATE INDEX blocks writes to every "
                + "partition, so build it ON ONLY the parent and attach one concurrent build per partition; fix: "
                + String.join("; ", advice.statements(child, false, columns, advice.name(child, columns), using));
    }

    /**
     * Statements that build index {@code name} on {@code table} without blocking writes: on a plain
     * table or a leaf partition {@code CONCURRENTLY}; on a partitioned table {@code ON ONLY}, then
     * each partition (recursively), then {@code ATTACH}. {@code keys} name the partitions' pieces.
     */
    List<String> statements(Table table, boolean unique, List<String> keys, String name, String using) {
        String create = unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
        String on = Sql.table(table.schema(), table.name());
        if (!table.partitioned()) {
            return List.of(create + "CONCURRENTLY " + Sql.quote(name) + " ON " + on + " " + using);
        }
        List<Table> children = partitions.childrenOf(table);
        if (children.isEmpty()) {
            // no partition, no rows: nothing to wait for
            return List.of(create + Sql.quote(name) + " ON " + on + " " + using);
        }
        List<String> out = new ArrayList<>();
        out.add(create + Sql.quote(name) + " ON ONLY " + on + " " + using);
        for (Table child : children) {
            String childName = name(child, keys);
            out.addAll(statements(child, unique, keys, childName, using));
            out.add(attach(table, name, child, childName));
        }
        return out;
    }

    static String attach(Table parent, String parentIndex, Table child, String childIndex) {
        return "ALTER INDEX " + Sql.table(parent.schema(), parentIndex) + " ATTACH PARTITION " + Sql.table(child.schema(), childIndex);
    }

    /** {@code USING method (keys) [INCLUDE ...] [WHERE ...]} of an index's definition, or its keys when that cannot be read. */
    static String using(Index i) {
        Matcher m = DEFINITION.matcher(i.definition() == null ? "" : i.definition());
        return m.matches() ? m.group(1) : "(" + String.join(", ", i.columns()) + ")";
    }

    /**
     * A new index name in {@code table}'s schema: {@code <table>_<keys>_idx}, at most 63 bytes, not
     * taken by any relation in the snapshot nor by an earlier name of this advice.
     */
    String name(Table table, List<String> keys) {
        String words = keys.stream().map(k -> k.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", ""))
                .filter(k -> !k.isEmpty()).collect(Collectors.joining("_"));
        String base = table.name() + (words.isEmpty() ? "" : "_" + words);
        for (int n = 0; ; n++) {
            String suffix = (n == 0 ? "" : String.valueOf(n)) + "_idx";
            String candidate = fit(base, NAME_BYTES - suffix.length()) + suffix;
            if (taken.add(table.schema() + "." + candidate)) {
                return candidate;
            }
        }
    }

    private static String fit(String s, int bytes) {
        String out = s;
        while (out.getBytes(StandardCharsets.UTF_8).length > bytes) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
