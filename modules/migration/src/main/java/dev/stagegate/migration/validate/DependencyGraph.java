package dev.stagegate.migration.validate;

import dev.stagegate.migration.source.Migration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Migrations as a graph: an edge A → B when B uses an object A creates. An edge that points
 * backwards in version order (B runs before A) is an order error; a cycle is always one.
 */
public final class DependencyGraph {

    /** B depends on A through {@code objects}. */
    public record Edge(Migration from, Migration to, Set<String> objects) {
        public boolean backwards() {
            return from.version().compareTo(to.version()) > 0;
        }
    }

    /**
     * The rollback of {@code rollbackOf} uses {@code objects}, which the later migration {@code later} creates and its own
     * rollback drops: rolling back past both runs {@code later}'s rollback first, so this one fails.
     */
    public record RollbackEdge(Migration rollbackOf, Migration later, Set<String> objects) {
    }

    private final List<Migration> migrations;
    private final Map<Migration, ObjectRefs> refs;
    private final List<Edge> edges;
    private final List<RollbackEdge> rollbackEdges;

    public DependencyGraph(List<Migration> migrations, Map<Migration, ObjectRefs> refs) {
        this(migrations, refs, Map.of());
    }

    /** @param rollbackRefs what each migration's rollback creates, drops and uses (those that have one) */
    public DependencyGraph(List<Migration> migrations, Map<Migration, ObjectRefs> refs, Map<Migration, ObjectRefs> rollbackRefs) {
        this.migrations = List.copyOf(migrations);
        this.refs = Map.copyOf(refs);
        Map<String, Migration> creator = new HashMap<>();
        for (Migration m : migrations) {
            refs.get(m).creates().forEach(o -> creator.putIfAbsent(o, m));
        }
        Map<String, Edge> found = new LinkedHashMap<>();
        for (Migration user : migrations) {
            for (String object : refs.get(user).uses()) {
                Migration from = creator.get(object);
                if (from != null && from != user) {
                    found.computeIfAbsent(from.version() + "->" + user.version(),
                            k -> new Edge(from, user, new LinkedHashSet<>())).objects().add(object);
                }
            }
        }
        this.edges = List.copyOf(found.values());
        List<RollbackEdge> back = new ArrayList<>();
        for (Migration m : migrations) {
            ObjectRefs rb = rollbackRefs.get(m);
            if (rb == null) {
                continue;
            }
            Set<String> touched = new LinkedHashSet<>(rb.uses());
            touched.addAll(rb.needs());
            touched.removeAll(rb.creates());
            Map<Migration, Set<String>> byLater = new LinkedHashMap<>();
            for (String object : touched) {
                Migration later = creator.get(object);
                ObjectRefs laterBack = later == null ? null : rollbackRefs.get(later);
                if (later != null && later.version().compareTo(m.version()) > 0 && laterBack != null && laterBack.drops().contains(object)) {
                    byLater.computeIfAbsent(later, k -> new LinkedHashSet<>()).add(object);
                }
            }
            byLater.forEach((later, objects) -> back.add(new RollbackEdge(m, later, objects)));
        }
        this.rollbackEdges = List.copyOf(back);
    }

    /** Rollbacks that need what a later migration's rollback has already dropped (see {@link RollbackEdge}). */
    public List<RollbackEdge> rollbackEdges() {
        return rollbackEdges;
    }

    public List<Edge> edges() {
        return edges;
    }

    public ObjectRefs refs(Migration m) {
        return refs.get(m);
    }

    public List<Edge> backwardEdges() {
        return edges.stream().filter(Edge::backwards).toList();
    }

    /** Every cycle's migrations, found by depth-first search. */
    public List<List<Migration>> cycles() {
        Map<Migration, List<Migration>> next = new HashMap<>();
        edges.forEach(e -> next.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to()));
        List<List<Migration>> cycles = new ArrayList<>();
        Map<Migration, Integer> state = new HashMap<>();
        for (Migration m : migrations) {
            dfs(m, next, state, new ArrayList<>(), cycles);
        }
        return cycles;
    }

    private static void dfs(Migration m, Map<Migration, List<Migration>> next, Map<Migration, Integer> state,
                            List<Migration> path, List<List<Migration>> cycles) {
        Integer s = state.get(m);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            cycles.add(List.copyOf(path.subList(path.indexOf(m), path.size())));
            return;
        }
        state.put(m, 1);
        path.add(m);
        for (Migration n : next.getOrDefault(m, List.of())) {
            dfs(n, next, state, path, cycles);
        }
        path.remove(path.size() - 1);
        state.put(m, 2);
    }

    /** {@code migration_dependency_graph.md}: a mermaid diagram and the edges with their objects. */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# Migration dependency graph\n\n")
                .append("An arrow A → B means B uses an object that A creates.\n\n```mermaid\ngraph TD\n");
        for (Migration m : migrations) {
            md.append("  m").append(id(m)).append("[\"").append(m.fileName()).append("\"]\n");
        }
        for (Edge e : edges) {
            md.append("  m").append(id(e.from())).append(e.backwards() ? " -. ORDER ERROR .-> m" : " --> m").append(id(e.to())).append('\n');
        }
        md.append("```\n\n| From | To | Objects | Order |\n|---|---|---|---|\n");
        for (Edge e : edges) {
            md.append("| ").append(e.from().fileName()).append(" | ").append(e.to().fileName()).append(" | ")
                    .append(String.join(", ", e.objects())).append(" | ").append(e.backwards() ? "**wrong: runs before its dependency**" : "ok").append(" |\n");
        }
        if (!rollbackEdges.isEmpty()) {
            md.append("\nRollbacks run newest first; these need an object that a later migration's rollback has already dropped:\n\n")
                    .append("| Rollback of | Needs | Dropped first by the rollback of |\n|---|---|---|\n");
            rollbackEdges.forEach(e -> md.append("| ").append(e.rollbackOf().fileName()).append(" | ").append(String.join(", ", e.objects()))
                    .append(" | ").append(e.later().fileName()).append(" |\n"));
        }
        List<List<Migration>> cycles = cycles();
        md.append('\n').append(cycles.isEmpty() ? "No circular dependencies detected.\n"
                : "Circular dependencies: " + cycles.stream().map(c -> c.stream().map(Migration::fileName).toList().toString()).toList() + "\n");
        return md.toString();
    }

    private static String id(Migration m) {
        return m.version().text().replaceAll("[^A-Za-z0-9]", "_");
    }
}
