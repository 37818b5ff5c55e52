package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.sql.Sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A partitioned table is one logical table: findings of one code on its partitions (and on the
 * table itself) are reported once, for the top of the partition tree, listing the partitions.
 * The folded finding has the highest severity of the group and the first one's proof; its message
 * says once what the findings say alike (they differ only in the table they name, written
 * {@code <table>}), with the tables that have it when the group says several things. Findings on other objects, and a lone finding on a partition, pass
 * through unchanged; order is kept (a folded finding stands where its first member stood).
 */
public final class PartitionGrouping {

    /** Bare names this short are left alone when comparing messages: "a" is also a word. */
    private static final int SHORTEST_BARE_NAME = 4;

    private PartitionGrouping() {
    }

    public static List<Finding> fold(SchemaSnapshot s, List<Finding> findings) {
        Partitions p = Partitions.of(s);
        if (p.parents().isEmpty()) {
            return findings;
        }
        Map<String, List<Member>> groups = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (Finding f : findings) {
            Optional<Table> table = tableOf(p, f.object()).filter(t -> t.partitioned() || t.partitionOf() != null);
            if (table.isEmpty()) {
                order.add(f);
                continue;
            }
            String key = f.code() + "\u0000" + p.root(table.get()).qualified();
            List<Member> group = groups.get(key);
            if (group == null) {
                groups.put(key, group = new ArrayList<>());
                order.add(key);
            }
            group.add(new Member(f, table.get()));
        }
        List<Finding> out = new ArrayList<>();
        for (Object o : order) {
            if (o instanceof Finding f) {
                out.add(f);
            } else {
                List<Member> group = groups.get((String) o);
                if (group.size() < 2 || group.stream().noneMatch(m -> m.table().partitionOf() != null)) {
                    group.forEach(m -> out.add(m.finding()));
                } else {
                    out.add(folded(p, group));
                }
            }
        }
        return out;
    }

    private record Member(Finding finding, Table table) {
    }

    private static Finding folded(Partitions p, List<Member> group) {
        Table root = p.root(group.get(0).table());
        List<String> partitions = group.stream().map(Member::table).filter(t -> !t.qualified().equals(root.qualified()))
                .map(Table::qualified).distinct().toList();
        boolean rootToo = group.stream().anyMatch(m -> m.table().qualified().equals(root.qualified()));
        String plural = partitions.size() == 1 ? "partition " : "partitions ";
        String where = rootToo ? "on " + root.qualified() + " and its " + plural + String.join(", ", partitions)
                : "on " + plural + String.join(", ", partitions) + " of " + root.qualified();
        Map<String, List<Member>> byText = new LinkedHashMap<>();
        group.forEach(m -> byText.computeIfAbsent(normalized(m.finding().message(), m.table()), k -> new ArrayList<>()).add(m));
        String message = where + ": " + (byText.size() == 1 ? byText.keySet().iterator().next() : byText.entrySet().stream()
                .map(e -> e.getValue().size() > 1 ? e.getValue().stream().map(m -> m.table().qualified()).collect(Collectors.joining(", "))
                        + ": " + e.getKey() : alone(e.getValue().get(0)))
                .collect(Collectors.joining("; ")));
        Severity worst = group.stream().map(m -> m.finding().severity()).max(Enum::compareTo).orElseThrow();
        return group.get(0).finding().with(worst, root.qualified(), message);
    }

    /** A member's own message, prefixed with its table unless it names it. */
    private static String alone(Member m) {
        String message = m.finding().message();
        return message.contains(m.table().qualified()) ? message : m.table().qualified() + ": " + message;
    }

    /** {@code message} with the table it is about written {@code <table>}, so the group's messages compare. */
    static String normalized(String message, Table t) {
        String out = replaceWhole(message, Sql.table(t.schema(), t.name()));
        out = replaceWhole(out, t.qualified());
        return t.name().length() >= SHORTEST_BARE_NAME ? replaceWhole(out, t.name()) : out;
    }

    /** Each mention of {@code name} that is not part of a longer name becomes {@code <table>}. */
    private static String replaceWhole(String text, String name) {
        return text.replaceAll("(?<![\\w$.\"])" + Pattern.quote(name) + "(?![\\w$\"])", Matcher.quoteReplacement("<table>"));
    }

    /**
     * The table a finding's object names: the longest table name the object starts with, followed
     * by its end or by a character that cannot continue an identifier ({@code public.events_2024.fk},
     * {@code public.events_2024 index(a)}; {@code public.events_2024} is not {@code public.events}).
     */
    static Optional<Table> tableOf(Partitions p, String object) {
        for (int end = object.length(); end > 0; end--) {
            if (end == object.length() || !continuesIdentifier(object.charAt(end))) {
                Optional<Table> t = p.table(object.substring(0, end));
                if (t.isPresent()) {
                    return t;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean continuesIdentifier(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
