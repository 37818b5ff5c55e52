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
import dev.stagegate.verification.role.ApplicationRole;
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
        return check(s, model, ApplicationRole.UNKNOWN);
    }

    /**
     * @param app what the application's role owns and may touch: a missing FORCE matters to it only
     *            where it owns the table, and a deny-all table only where it holds privileges
     */
    public static List<Finding> check(SchemaSnapshot s, TenantModel model, ApplicationRole app) {
        SnapshotIndex index = SnapshotIndex.of(s);
        List<Finding> out = new ArrayList<>();
        List<Table> tenant = model.tablesIn(s);
        Set<String> lineage = model.lineage(s);
        for (Table t : tenant) {
            List<Policy> policies = index.policiesOn(t);
            if (!t.rlsEnabled()) {
                // A child that is tenant data only through its parent: critical when the application may read it, a warning when
                // nobody said which role the application is.
                boolean own = model.isTenantTable(t) || t.hasColumn(model.column());
                Severity severity = own ? Severity.CRITICAL : !app.known() ? Severity.WARNING
                        : app.granted().contains(t.qualified()) ? Severity.CRITICAL : Severity.INFO;
                out.add(Finding.of(VerificationCode.RLS_DISABLED, severity, t.qualified(), t.qualified() + " holds tenant data"
                        + (own ? "" : " (its foreign keys lead to a tenant table)") + " but row-level security is off: every role with SELECT "
                        + "sees every tenant" + (own ? "" : app.known() ? (severity == Severity.CRITICAL ? ", and the application ("
                        + String.join(", ", new java.util.TreeSet<>(app.probed())) + ") may read it" : "; the application role " + app.name() + " has no privilege on it")
                        : "; give --app-role to say whether the application can read it") + "; ALTER TABLE ... ENABLE ROW LEVEL SECURITY"));
            } else if (policies.isEmpty()) {
                // Deny-all: often the design (a private table). It matters when the application may touch it.
                boolean matters = app.known() && app.granted().contains(t.qualified()) && !obviouslyPrivate(t);
                out.add(Finding.of(VerificationCode.RLS_NO_POLICY, matters ? Severity.WARNING : Severity.INFO, t.qualified(), "deny-all: RLS is "
                        + "on and no policy exists, so no role but the owner (or one with BYPASSRLS) reads or writes a row"
                        + (matters ? "; the application role " + app.name() + " holds privileges on it, so its queries silently return "
                        + "nothing: add a policy, or revoke the privileges if the table is private" : "; nothing to do if it is private by design")));
            }
            if (t.rlsEnabled() && !t.rlsForced()) {
                boolean critical = model.critical(t.name());
                boolean appOwns = app.owns().contains(t.qualified());
                // Where the application owns the table the probe shows it (APPLICATION_ROLE_OWNS_TABLE, an error): said once.
                Severity severity = critical ? Severity.ERROR : appOwns || !app.known() ? Severity.WARNING : Severity.INFO;
                out.add(Finding.of(VerificationCode.RLS_NOT_FORCED, severity, t.qualified(),
                        "the table owner (" + t.owner() + ") bypasses RLS because FORCE is not set"
                                + (critical ? " on a critical table" : "")
                                + (appOwns ? ", and the application role " + app.name() + " has the owner's rights"
                                : app.known() ? "; the application role " + app.name() + " is not the owner, so this matters only to "
                                + "the owner's own sessions (migrations, admin)" : "; the application role is unknown (give --app-role)")
                                + "; ALTER TABLE ... FORCE ROW LEVEL SECURITY"));
            }
            String own = model.columnOf(t.qualified());
            String column = own != null && t.hasColumn(own) ? own : null;
            boolean tenantData = lineage.contains(t.qualified());
            // a partition's own policies apply when it is read directly: judged like the parent's
            List<Policy> judged = new ArrayList<>(policies);
            s.tables().stream().filter(x -> t.qualified().equals(x.partitionOf())).forEach(x -> judged.addAll(index.policiesOn(x)));
            for (Policy p : judged) {
                policy(p, policies, column, tenantData, model, app, out);
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
            String returned = f.returns() == null ? "" : f.returns().replaceFirst("(?i)^setof\\s+", "").replace("\"", "").trim();
            if (f.securityDefiner() && !returned.isEmpty() && tenant.stream().anyMatch(t -> t.qualified().equals(returned)
                    || ("public".equals(t.schema()) && t.name().equals(returned)))) {
                out.add(Finding.of(VerificationCode.SECURITY_DEFINER_RETURNS_TENANT_ROWS, Severity.WARNING, f.signature(), "SECURITY DEFINER "
                        + "function returning " + f.returns() + ": it reads as " + f.owner() + ", around the table's policies, so unless its "
                        + "own WHERE pins the tenant it returns every tenant's rows (like a view without security_invoker); make it "
                        + "SECURITY INVOKER, or revoke EXECUTE from the application's roles"));
            }
        }
        return out;
    }

    /**
     * One policy: always true for reads, or a write whose WITH CHECK (or, for UPDATE/DELETE, whose
     * USING) does not pin the tenant. A restrictive policy that pins the tenant for the same command
     * ANDs with it, so then the finding is only INFO: the permissive policy does not open the table.
     */
    private static void policy(Policy p, List<Policy> all, String column, boolean tenantData, TenantModel model, ApplicationRole app,
                               List<Finding> out) {
        String where = p.qualifiedTable() + "." + p.name();
        roleSpecific(p, where, app, out);
        if (!p.permissive()) {
            return;
        }
        if (READ_COMMANDS.contains(p.command()) && PolicyText.alwaysTrue(p.using())) {
            Policy pin = restrictivePin(p, all, column, model, false);
            // Without a tenant column of its own (profiles, a catalogue), an open read is how public data is published.
            boolean publicData = !tenantData && "SELECT".equals(p.command());
            out.add(Finding.of(VerificationCode.POLICY_ALWAYS_TRUE, pin == null && !publicData ? Severity.CRITICAL : Severity.INFO, where, "policy "
                    + p.name() + " USING (" + p.using() + ") is always true" + (pin != null ? ", but the restrictive policy " + pin.name()
                    + " pins the tenant, so it does not open the table" : publicData ? ": the table has no tenant column, so its rows are "
                    + "read as public data; the probes check that writes stay the owner's" : switch (p.command()) {
                        case "UPDATE" -> ": every tenant's rows can be updated";
                        case "DELETE" -> ": every tenant's rows can be deleted";
                        default -> ": every tenant's rows are visible";
                    }), p.using()));
        }
        if (READ_COMMANDS.contains(p.command()) && tenantData && !PolicyText.alwaysTrue(p.using())) {
            looseRead(p, where, column, model, out);
        }
        if (!WRITE_COMMANDS.contains(p.command())) {
            return;
        }
        String check = "DELETE".equals(p.command()) ? p.using() : p.withCheck() != null ? p.withCheck()
                : "INSERT".equals(p.command()) ? null : p.using();
        boolean reaches = !"INSERT".equals(p.command()) && !pins(model, p.using(), column);
        if (pins(model, check, column) && !reaches) {
            return;
        }
        Policy pin = restrictivePin(p, all, column, model, true);
        String judged = reaches ? p.using() : check;
        // A helper function, a subquery or a table scoped through its parent: the text cannot say, the probe decides.
        boolean opaque = column == null || PolicyText.opaque(judged);
        String what = reaches ? "its USING (" + p.using() + ") lets UPDATE/DELETE reach any tenant's rows"
                : "its WITH CHECK (" + check + ") lets a write carry any tenant's key";
        if (opaque && pin == null) {
            what = "its " + (reaches ? "USING (" + p.using() + ")" : "WITH CHECK (" + check + ")") + " does not visibly pin the tenant, but "
                    + (column == null ? "the table is scoped through another table" : "it calls a function or reads another table")
                    + ", so the text cannot tell: the isolation probe decides";
        }
        out.add(Finding.of(VerificationCode.POLICY_WRITE_UNPINNED, pin == null && !opaque ? Severity.CRITICAL : Severity.INFO, where, "policy "
                + p.name() + " (" + p.command() + "): " + what + (opaque && pin == null ? "" : ", as it does not compare " + column
                + " with " + (model.identity() == null ? "the tenant setting" : model.identity().describe()))
                + (pin == null ? "" : "; the restrictive policy " + pin.name() + " pins the tenant, so it does not open "
                + "the table"), String.valueOf(judged)));
    }

    /**
     * A read policy that lets some rows through on a condition that does not pin the tenant: an OR
     * branch ({@code ... OR is_public}) or a pattern match on the tenant ({@code LIKE setting || '%'}).
     * The probe's rows may not meet that condition, so the text says it (a warning: it may be the design).
     */
    private static void looseRead(Policy p, String where, String column, TenantModel model, List<Finding> out) {
        String using = p.using() == null ? "" : p.using();
        List<String> branches = PolicyText.splitTop(PolicyText.stripOuterParens(using.toLowerCase(java.util.Locale.ROOT)), "or");
        if (branches.size() > 1) {
            for (String b : branches) {
                if (!pins(model, b, column) && !PolicyText.opaque(b) && !model.markers().stream().anyMatch(m -> b.contains(m.toLowerCase(java.util.Locale.ROOT)))) {
                    out.add(Finding.of(VerificationCode.POLICY_UNPINNED_BRANCH, Severity.WARNING, where, "policy " + p.name() + " lets a row "
                            + "through when " + b + ", whatever the tenant: every tenant reads the rows that match it (the probe's rows may "
                            + "not); if that is not the design, AND it with the tenant condition", using));
                    return;
                }
            }
        }
        if (column != null && pins(model, using, column) && using.matches("(?is).*(~~|\\blike\\b|~\\*|\\bsimilar to\\b).*")) {
            out.add(Finding.of(VerificationCode.POLICY_UNPINNED_BRANCH, Severity.WARNING, where, "policy " + p.name() + " matches the tenant "
                    + "with a pattern (LIKE), so tenant 'acme' also reads 'acme-corp'; compare with =", using));
        }
    }

    /** A restrictive policy for every role and (at least) the same command that pins the tenant, or null. */
    private static Policy restrictivePin(Policy p, List<Policy> all, String column, TenantModel model, boolean write) {
        for (Policy r : all) {
            boolean covers = "ALL".equals(r.command()) || r.command().equals(p.command());
            // it binds every role the permissive policy lets in: PUBLIC, or each of those roles
            boolean binds = r.roles().contains("public") || (!p.roles().contains("public") && r.roles().containsAll(p.roles()));
            if (r.permissive() || !covers || !binds) {
                continue;
            }
            boolean readPinned = pins(model, r.using(), column);
            boolean checkPinned = pins(model, r.withCheck() != null ? r.withCheck() : r.using(), column);
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
    private static void roleSpecific(Policy p, String where, ApplicationRole app, List<Finding> out) {
        boolean named = !p.roles().equals(List.of("public"));
        String expressions = String.join(" / ", java.util.stream.Stream.of(p.using(), p.withCheck()).filter(java.util.Objects::nonNull).toList());
        boolean tests = ROLE_TEST.matcher(expressions).find();
        if (named || tests) {
            // The probes run as a member of the application role: a policy TO that role is what they test.
            boolean covered = app.known() && !tests && app.probed().containsAll(p.roles());
            out.add(Finding.of(VerificationCode.POLICY_ROLE_SPECIFIC, covered ? Severity.INFO : Severity.WARNING, where, "policy " + p.name() + " "
                    + (named ? "applies only TO " + String.join(", ", p.roles()) : "applies to every role")
                    + (tests ? " and tests the current role in its expression" : "")
                    + (covered ? ": the probes run as " + String.join(" and ", new java.util.TreeSet<>(p.roles())) + ", so they test it"
                    : ": a probe as another role cannot see what it lets through; give the application role so the probes run as it too"),
                    expressions));
        }
    }

    /** Compares the column with the identity, and is not opened up by an OR true. */
    private static boolean pins(TenantModel model, String expression, String column) {
        return expression != null && !PolicyText.alwaysTrue(expression) && model.pins(expression, column);
    }

    /** A table whose schema or name says it is private: a deny-all there is the design. */
    private static boolean obviouslyPrivate(Table t) {
        return t.schema().contains("private") || t.schema().contains("internal") || t.name().contains("private")
                || t.name().contains("secret") || t.name().startsWith("_");
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
        List<Table> all = model.tablesIn(s);
        // children tenant-scoped only through a parent, with RLS off, are counted apart (their RLS_DISABLED says how much it matters)
        List<Table> tenant = model.policedTablesIn(s);
        SnapshotIndex index = SnapshotIndex.of(s);
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        long total = tenant.size();
        m.put("tenant_tables", total);
        if (all.size() > tenant.size()) {
            m.put("children_without_rls", (long) (all.size() - tenant.size()));
        }
        m.put("rls_enabled", Count.of(tenant.stream().filter(Table::rlsEnabled).count(), total));
        m.put("with_policy", Count.of(tenant.stream().filter(t -> !index.policiesOn(t).isEmpty()).count(), total));
        long critical = tenant.stream().filter(t -> model.critical(t.name())).count();
        m.put("forced_critical", Count.of(tenant.stream().filter(t -> model.critical(t.name()) && t.rlsForced()).count(), critical));
        return m;
    }
}
