package dev.stagegate.verification.rls;

import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.snapshot.Function;
import dev.stagegate.core.snapshot.Policy;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotIndex;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.core.snapshot.View;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.tenant.TenantModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CE-23 coverage, read from the snapshot alone (no query per table): every tenant-scoped table has
 * RLS on and a policy, FORCE where critical, no policy that is always true for reads or that lets
 * writes carry another tenant's key, no pile of permissive policies, and nothing that reads tenant
 * data around RLS (views without {@code security_invoker}, materialized views, SECURITY DEFINER
 * functions with a movable {@code search_path}).
 */
public final class RlsCoverage {

    private static final Set<String> READ_COMMANDS = Set.of("SELECT", "ALL", "UPDATE", "DELETE");
    private static final Set<String> WRITE_COMMANDS = Set.of("INSERT", "UPDATE", "DELETE", "ALL");
    private static final java.util.regex.Pattern ROLE_TEST = java.util.regex.Pattern.compile(
            "\\b(current_user|session_user|current_role|pg_has_role)\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    private RlsCoverage() {
    }

    public static List<Finding> check(SchemaSnapshot s, TenantModel model) {
        SnapshotIndex index = SnapshotIndex.of(s);
        List<Finding> out = new ArrayList<>();
        List<Table> tenant = model.tablesIn(s);
        for (Table t : tenant) {
            List<Policy> policies = index.policiesOn(t);
            if (!t.rlsEnabled()) {
                out.add(Finding.of(VerificationCode.RLS_DISABLED, Severity.CRITICAL, t.qualified(), t.qualified() + " holds tenant data but row-level "
                        + "security is off: every role with SELECT sees every tenant; ALTER TABLE ... ENABLE ROW LEVEL SECURITY"));
            } else if (policies.isEmpty()) {
                out.add(Finding.of(VerificationCode.RLS_NO_POLICY, Severity.ERROR, t.qualified(), "RLS is on but no policy exists, so every "
                        + "non-owner query silently returns nothing; add a tenant policy"));
            }
            if (t.rlsEnabled() && !t.rlsForced()) {
                boolean critical = model.critical(t.name());
                out.add(Finding.of(VerificationCode.RLS_NOT_FORCED, critical ? Severity.ERROR : Severity.WARNING, t.qualified(),
                        "the table owner (" + t.owner() + ") bypasses RLS because FORCE is not set"
                                + (critical ? " on a critical table" : "") + "; ALTER TABLE ... FORCE ROW LEVEL SECURITY"));
            }
            String column = model.columnOf(t.qualified());
            for (Policy p : policies) {
                policy(p, policies, column, model.setting(), out);
            }
            multiplePermissive(t, policies, out);
        }
        for (Policy p : s.policies()) {
            index.table(p.qualifiedTable()).filter(t -> !t.rlsEnabled()).ifPresent(t -> out.add(Finding.of(VerificationCode.POLICY_RLS_OFF,
                    Severity.ERROR, p.qualifiedTable() + "." + p.name(), "policy " + p.name() + " exists but RLS is off on "
                            + t.qualified() + ", so it is not applied; ENABLE ROW LEVEL SECURITY")));
        }
        Set<String> rlsTables = new java.util.HashSet<>();
        tenant.forEach(t -> rlsTables.add(t.qualified()));
        for (View v : s.views()) {
            List<String> tenantSources = v.sources().stream().filter(rlsTables::contains).toList();
            if (tenantSources.isEmpty()) {
                continue;
            }
            if (v.materialized()) {
                out.add(Finding.of(VerificationCode.MATVIEW_TENANT_DATA, Severity.ERROR, v.qualified(), "materialized view over tenant tables "
                        + tenantSources + ": RLS never applies to it, every reader sees every tenant"));
            } else if (!v.securityInvoker()) {
                out.add(Finding.of(VerificationCode.VIEW_BYPASSES_RLS, Severity.ERROR, v.qualified(), "view over tenant tables " + tenantSources
                        + " runs with its owner's (" + v.owner() + ") rights; ALTER VIEW ... SET (security_invoker = true)"));
            }
        }
        for (Function f : s.functions()) {
            if (f.securityDefiner() && !f.searchPathFixed()) {
                out.add(Finding.of(VerificationCode.SECURITY_DEFINER_SEARCH_PATH, Severity.ERROR, f.signature(), "SECURITY DEFINER function without "
                        + "a fixed search_path: a caller can shadow the objects it uses and run code as " + f.owner()
                        + "; add SET search_path = pg_catalog, <schema>, pg_temp"));
            }
        }
        return out;
    }

    /**
     * One policy: always true for reads, or a write whose WITH CHECK (or, for UPDATE/DELETE, whose
     * USING) does not pin the tenant. A restrictive policy that pins the tenant for the same command
     * ANDs with it, so then the finding is only INFO: the permissive policy does not open the table.
     */
    private static void policy(Policy p, List<Policy> all, String column, String setting, List<Finding> out) {
        String where = p.qualifiedTable() + "." + p.name();
        roleSpecific(p, where, out);
        if (!p.permissive()) {
            return;
        }
        if (READ_COMMANDS.contains(p.command()) && PolicyText.alwaysTrue(p.using())) {
            Policy pin = restrictivePin(p, all, column, setting, false);
            out.add(Finding.of(VerificationCode.POLICY_ALWAYS_TRUE, pin == null ? Severity.CRITICAL : Severity.INFO, where, "policy "
                    + p.name() + " USING (" + p.using() + ") is always true" + (pin == null ? ": every tenant's rows are visible"
                    : ", but the restrictive policy " + pin.name() + " pins the tenant, so it does not open the table"), p.using()));
        }
        if (!WRITE_COMMANDS.contains(p.command())) {
            return;
        }
        String check = "DELETE".equals(p.command()) ? p.using() : p.withCheck() != null ? p.withCheck()
                : "INSERT".equals(p.command()) ? null : p.using();
        boolean reaches = !"INSERT".equals(p.command()) && !PolicyText.pinsTenant(p.using(), column, setting);
        if (PolicyText.pinsTenant(check, column, setting) && !reaches) {
            return;
        }
        Policy pin = restrictivePin(p, all, column, setting, true);
        String what = reaches ? "its USING (" + p.using() + ") lets UPDATE/DELETE reach any tenant's rows"
                : "its WITH CHECK (" + check + ") lets a write carry any tenant's key";
        out.add(Finding.of(VerificationCode.POLICY_WRITE_UNPINNED, pin == null ? Severity.CRITICAL : Severity.INFO, where, "policy "
                + p.name() + " (" + p.command() + "): " + what + ", as it does not compare " + column + " with current_setting('"
                + setting + "')" + (pin == null ? "" : "; the restrictive policy " + pin.name() + " pins the tenant, so it does not open "
                + "the table"), String.valueOf(reaches ? p.using() : check)));
    }

    /** A restrictive policy for every role and (at least) the same command that pins the tenant, or null. */
    private static Policy restrictivePin(Policy p, List<Policy> all, String column, String setting, boolean write) {
        for (Policy r : all) {
            boolean covers = "ALL".equals(r.command()) || r.command().equals(p.command());
            if (r.permissive() || !covers || !r.roles().contains("public")) {
                continue;
            }
            boolean readPinned = PolicyText.pinsTenant(r.using(), column, setting);
            boolean checkPinned = PolicyText.pinsTenant(r.withCheck() != null ? r.withCheck() : r.using(), column, setting);
            boolean pinned = !write ? readPinned
                    : switch (p.command()) {
                        case "INSERT" -> checkPinned;
                        case "DELETE" -> readPinned;
                        default -> readPinned && checkPinned;
                    };
            if (pinned) {
                return r;
            }
        }
        return null;
    }

    /** A policy for named roles, or one that tests the current role: what it lets through only shows as that role. */
    private static void roleSpecific(Policy p, String where, List<Finding> out) {
        boolean named = !p.roles().equals(List.of("public"));
        String expressions = String.valueOf(p.using()) + " " + String.valueOf(p.withCheck());
        boolean tests = ROLE_TEST.matcher(expressions).find();
        if (named || tests) {
            out.add(Finding.of(VerificationCode.POLICY_ROLE_SPECIFIC, Severity.WARNING, where, "policy " + p.name() + " "
                    + (named ? "applies only TO " + String.join(", ", p.roles()) : "applies to every role")
                    + (tests ? " and tests the current role in its expression" : "") + ": a probe as another role cannot see what it "
                    + "lets through; give the application role so the probes run as it too",
                    expressions));
        }
    }

    /** More than one permissive policy for a role and command: they OR together, the loosest wins. */
    private static void multiplePermissive(Table t, List<Policy> policies, List<Finding> out) {
        Map<String, List<String>> byRoleCommand = new HashMap<>();
        for (Policy p : policies) {
            if (!p.permissive()) {
                continue;
            }
            List<String> commands = "ALL".equals(p.command()) ? List.of("SELECT", "INSERT", "UPDATE", "DELETE") : List.of(p.command());
            for (String role : p.roles()) {
                for (String c : commands) {
                    byRoleCommand.computeIfAbsent(role + " " + c, k -> new ArrayList<>()).add(p.name());
                }
            }
        }
        byRoleCommand.forEach((key, names) -> {
            if (names.size() > 1) {
                out.add(Finding.of(VerificationCode.POLICY_MULTIPLE_PERMISSIVE, Severity.WARNING, t.qualified() + " " + key, "permissive policies "
                        + names + " apply together to " + key + "; they are ORed, so the loosest decides"));
            }
        });
    }

    /** The seeds' tally: tables with RLS, with a policy, forced where critical (numbers, shown as 14/14). */
    public static Map<String, Object> tally(SchemaSnapshot s, TenantModel model) {
        List<Table> tenant = model.tablesIn(s);
        SnapshotIndex index = SnapshotIndex.of(s);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        long total = tenant.size();
        m.put("tenant_tables", total);
        m.put("rls_enabled", Count.of(tenant.stream().filter(Table::rlsEnabled).count(), total));
        m.put("with_policy", Count.of(tenant.stream().filter(t -> !index.policiesOn(t).isEmpty()).count(), total));
        long critical = tenant.stream().filter(t -> model.critical(t.name())).count();
        m.put("forced_critical", Count.of(tenant.stream().filter(t -> model.critical(t.name()) && t.rlsForced()).count(), critical));
        return m;
    }
}
