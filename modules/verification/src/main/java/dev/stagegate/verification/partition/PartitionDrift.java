package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.Index;
import dev.stagegate.core.snapshot.Policy;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.sql.Sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drift between the partitions of one partitioned table, from the snapshot alone (no query): a
 * partition that lacks a foreign key, an index, a policy or the row-level security flag its
 * siblings (or its parent) have.
 *
 * <p>What the catalog says, and so what is compared: a foreign key declared on the parent holds in
 * every partition (the snapshot lists it once, on the parent), so a partition lacks a key only when
 * a sibling declares it and neither it nor an ancestor does. An index declared on the parent has a
 * piece on every partition, except one built {@code ON ONLY} and not attached. Policies and the RLS
 * flag are per table and never inherited: a query applies the policies of the table it names, so a
 * partition read directly ignores its parent's. Partitions with RLS on and no policy of their own,
 * when no sibling has any either, are deny-all when read directly: a safe design, not drift.
 */
public final class PartitionDrift {

    private PartitionDrift() {
    }

    /** Every drift finding: {@link #rls} and {@link #keys}. */
    public static List<Finding> check(SchemaSnapshot s) {
        return Stream.concat(rls(s).stream(), keys(s).stream()).toList();
    }

    /** RLS flag and policy drift ({@code PARTITION_RLS_OFF}, {@code PARTITION_DRIFT}): for the RLS coverage step. */
    public static List<Finding> rls(SchemaSnapshot s) {
        Partitions p = Partitions.of(s);
        List<Finding> out = new ArrayList<>();
        for (Table parent : p.parents()) {
            List<Table> children = p.childrenOf(parent);
            List<Table> withRls = children.stream().filter(Table::rlsEnabled).toList();
            if (!parent.rlsEnabled() && !withRls.isEmpty()) {
                out.add(Finding.of(VerificationCode.PARTITION_DRIFT, Severity.ERROR, parent.qualified() + " rls", parent.qualified()
                        + " has row-level security off while its partition(s) " + names(withRls) + " have it on: a query on "
                        + parent.qualified() + " reads every partition's rows without any policy (PostgreSQL applies the policies "
                        + "of the table a query names, not the partitions'); fix: " + enable(p, parent, expectedPolicies(p, parent, children))));
            }
            boolean anyPolicy = children.stream().anyMatch(c -> !p.index.policiesOn(c).isEmpty());
            for (Table child : children) {
                Map<String, Policy> expected = new LinkedHashMap<>();
                Map<String, List<Table>> holders = new LinkedHashMap<>();
                if (anyPolicy) {
                    p.index.policiesOn(parent).forEach(pol -> expected.putIfAbsent(key(pol), pol));
                }
                for (Table sibling : p.siblingsOf(child)) {
                    for (Policy pol : p.index.policiesOn(sibling)) {
                        expected.putIfAbsent(key(pol), pol);
                        holders.computeIfAbsent(key(pol), k -> new ArrayList<>()).add(sibling);
                    }
                }
                Set<String> has = p.index.policiesOn(child).stream().map(PartitionDrift::key).collect(Collectors.toSet());
                List<Policy> missing = expected.entrySet().stream().filter(e -> !has.contains(e.getKey())).map(Map.Entry::getValue).toList();
                List<Table> siblingsWithRls = p.siblingsOf(child).stream().filter(Table::rlsEnabled).toList();
                if (parent.rlsEnabled() && !child.rlsEnabled()) {
                    out.add(Finding.of(VerificationCode.PARTITION_RLS_OFF, Severity.ERROR, child.qualified(), child.qualified()
                            + " has row-level security off while its parent " + parent.qualified() + " has it on: reading "
                            + child.qualified() + " directly bypasses the parent's policies (PostgreSQL applies the policies of the "
                            + "table a query names), so any role with privileges on the partition sees every row in it; fix: "
                            + enable(p, child, missing.isEmpty() ? p.index.policiesOn(parent) : missing)));
                } else if (!child.rlsEnabled() && !siblingsWithRls.isEmpty()) {
                    out.add(Finding.of(VerificationCode.PARTITION_DRIFT, Severity.ERROR, child.qualified() + " rls", child.qualified()
                            + " has row-level security off while its sibling(s) " + names(siblingsWithRls) + " have it on, so one "
                            + "logical table is guarded in one partition and open in another when read directly; fix: "
                            + enable(p, child, missing)));
                } else if (child.rlsEnabled()) {
                    for (Policy pol : missing) {
                        List<Table> from = holders.getOrDefault(key(pol), List.of());
                        out.add(Finding.of(VerificationCode.PARTITION_DRIFT, Severity.ERROR, child.qualified() + " policy " + pol.name()
                                + " (" + pol.command() + ")", child.qualified() + " lacks the policy " + pol.name() + " (" + pol.command()
                                + ") that " + (from.isEmpty() ? "its parent " + parent.qualified() + " has" : "its sibling(s) " + names(from)
                                + " have") + ", so read directly it is governed by other policies than theirs (with none, it "
                                + "returns nothing); fix: " + createPolicy(pol, child)));
                    }
                }
            }
        }
        return out;
    }

    /** Foreign key and index drift ({@code PARTITION_DRIFT}): for the foreign-keys step. */
    public static List<Finding> keys(SchemaSnapshot s) {
        Partitions p = Partitions.of(s);
        List<Finding> out = new ArrayList<>();
        for (MissingKey m : missingForeignKeys(p)) {
            ForeignKey fk = m.template();
            out.add(Finding.of(VerificationCode.PARTITION_DRIFT, Severity.ERROR, m.object(), m.partition().qualified()
                    + " lacks the foreign key " + fk.columns() + " -> " + fk.qualifiedRefTable() + " " + fk.refColumns()
                    + " that its sibling(s) " + names(m.declaredOn()) + " declare, so nothing stops its rows from pointing at no "
                    + fk.qualifiedRefTable() + " row (declared once on " + p.root(m.partition()).qualified()
                    + ", a key holds in every partition); fix: ALTER TABLE " + Sql.table(m.partition().schema(), m.partition().name())
                    + " ADD FOREIGN KEY (" + quoted(fk.columns()) + ") REFERENCES " + Sql.table(fk.refSchema(), fk.refTable())
                    + " (" + quoted(fk.refColumns()) + ")"));
        }
        PartitionedIndexAdvice advice = new PartitionedIndexAdvice(p, s);
        for (Table parent : p.parents()) {
            for (Table child : p.childrenOf(parent)) {
                Set<List<String>> has = p.index.indexesOn(child).stream().map(Index::columns).collect(Collectors.toSet());
                Map<List<String>, Index> expected = new LinkedHashMap<>();
                Map<List<String>, List<Table>> holders = new LinkedHashMap<>();
                p.index.indexesOn(parent).forEach(i -> expected.putIfAbsent(i.columns(), i));
                for (Table sibling : p.siblingsOf(child)) {
                    for (Index i : p.index.indexesOn(sibling)) {
                        expected.putIfAbsent(i.columns(), i);
                        holders.computeIfAbsent(i.columns(), k -> new ArrayList<>()).add(sibling);
                    }
                }
                for (Map.Entry<List<String>, Index> e : expected.entrySet()) {
                    if (has.contains(e.getKey())) {
                        continue;
                    }
                    Index source = e.getValue();
                    boolean onParent = source.qualifiedTable().equals(parent.qualified());
                    String name = advice.name(child, source.columns());
                    List<String> fix = new ArrayList<>(advice.statements(child, source.unique(), source.columns(), name,
                            PartitionedIndexAdvice.using(source)));
                    if (onParent) {
                        fix.add(PartitionedIndexAdvice.attach(parent, source.name(), child, name));
                    }
                    List<Table> from = holders.getOrDefault(e.getKey(), List.of());
                    out.add(Finding.of(VerificationCode.PARTITION_DRIFT, Severity.WARNING, child.qualified() + " index("
                            + String.join(", ", e.getKey()) + ")", child.qualified() + " has no index on (" + String.join(", ", e.getKey())
                            + ") while " + (onParent ? "its parent's index " + source.name() + " is built ON ONLY " + parent.qualified()
                            + " and not attached to it" + (source.valid() ? "" : " (so that index stays invalid)")
                            : "its sibling(s) " + names(from) + " have one") + ": queries on " + parent.qualified()
                            + " that use it scan this partition instead; fix: " + String.join("; ", fix)));
                }
            }
        }
        return out;
    }

    /**
     * Keys a partition lacks and a sibling declares, each with the siblings that declare it (the
     * partition's own keys and its ancestors' count as present).
     */
    static List<MissingKey> missingForeignKeys(Partitions p) {
        List<MissingKey> out = new ArrayList<>();
        for (Table parent : p.parents()) {
            for (Table child : p.childrenOf(parent)) {
                Set<String> present = new HashSet<>();
                Stream.concat(Stream.of(child), p.ancestors(child).stream())
                        .forEach(t -> p.index.foreignKeysOf(t).forEach(fk -> present.add(key(fk))));
                Map<String, ForeignKey> template = new LinkedHashMap<>();
                Map<String, List<Table>> declaredOn = new LinkedHashMap<>();
                for (Table sibling : p.siblingsOf(child)) {
                    for (ForeignKey fk : p.index.foreignKeysOf(sibling)) {
                        if (!present.contains(key(fk))) {
                            template.putIfAbsent(key(fk), fk);
                            declaredOn.computeIfAbsent(key(fk), k -> new ArrayList<>()).add(sibling);
                        }
                    }
                }
                template.forEach((k, fk) -> out.add(new MissingKey(child, fk, declaredOn.get(k))));
            }
        }
        return out;
    }

    /** A key {@code partition} lacks, {@code template} as one of {@code declaredOn} declares it. */
    record MissingKey(Table partition, ForeignKey template, List<Table> declaredOn) {

        /** The finding object: the partition, then the key by columns and referenced table. */
        String object() {
            return partition.qualified() + " fk(" + String.join(", ", template.columns()) + ")->" + template.qualifiedRefTable();
        }
    }

    private static String key(ForeignKey fk) {
        return fk.columns() + "->" + fk.qualifiedRefTable();
    }

    private static String key(Policy p) {
        return p.name() + "/" + p.command();
    }

    /** For a parent without RLS: the policies its partitions carry, once each. */
    private static List<Policy> expectedPolicies(Partitions p, Table parent, List<Table> children) {
        Map<String, Policy> out = new LinkedHashMap<>();
        p.index.policiesOn(parent).forEach(pol -> out.putIfAbsent(key(pol), pol));
        children.forEach(c -> p.index.policiesOn(c).forEach(pol -> out.putIfAbsent(key(pol), pol)));
        return List.copyOf(out.values());
    }

    /** The fix for {@code t} without RLS: enable it, and create those of {@code policies} it does not have yet. */
    private static String enable(Partitions p, Table t, List<Policy> policies) {
        String on = "ALTER TABLE " + Sql.table(t.schema(), t.name()) + " ENABLE ROW LEVEL SECURITY";
        Set<String> has = p.index.policiesOn(t).stream().map(PartitionDrift::key).collect(Collectors.toSet());
        List<Policy> absent = policies.stream().filter(pol -> !has.contains(key(pol))).toList();
        return Stream.concat(Stream.of(on), absent.stream().map(pol -> createPolicy(pol, t))).collect(Collectors.joining("; "));
    }

    /** {@code policy} as it would read on {@code target}. */
    static String createPolicy(Policy policy, Table target) {
        StringBuilder sql = new StringBuilder("CREATE POLICY ").append(Sql.quote(policy.name())).append(" ON ")
                .append(Sql.table(target.schema(), target.name())).append(" AS ").append(policy.permissive() ? "PERMISSIVE" : "RESTRICTIVE")
                .append(" FOR ").append(policy.command()).append(" TO ").append(policy.roles().stream()
                        .map(r -> r.equals("public") ? "PUBLIC" : Sql.quote(r)).collect(Collectors.joining(", ")));
        if (policy.using() != null) {
            sql.append(" USING (").append(policy.using()).append(")");
        }
        if (policy.withCheck() != null) {
            sql.append(" WITH CHECK (").append(policy.withCheck()).append(")");
        }
        return sql.toString();
    }

    static String names(List<Table> tables) {
        return tables.stream().map(Table::qualified).collect(Collectors.joining(", "));
    }

    private static String quoted(List<String> columns) {
        return columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }
}
