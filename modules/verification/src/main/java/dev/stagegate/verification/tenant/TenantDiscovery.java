package dev.stagegate.verification.tenant;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.Policy;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tenant model out of the policies and the helper functions they call: which column is
 * compared with which identity (a session setting, a JWT claim, {@code auth.uid()}), directly or
 * through a membership table. Each policy votes for what it compares; the most common wins. The
 * tenant table is the one whose own key is compared (or, failing that, the one the tenant column
 * references). A schema no policy describes has no tenant model: that is a valid answer.
 */
public final class TenantDiscovery {

    private static final Pattern JWT_FUNCTION_CLAIM = Pattern.compile("(?i)auth\\.jwt\\(\\)\\s*\\)?\\s*->>\\s*'(\\w+)'");
    private static final Pattern CLAIMS_JSON = Pattern.compile(
            "(?i)current_setting\\(\\s*'request\\.jwt\\.claims'[^)]*\\)\\s*\\)?\\s*(?:::\\s*jsonb?\\s*)?\\)?\\s*->>\\s*'(\\w+)'");
    private static final Pattern CLAIM_SETTING = Pattern.compile("(?i)current_setting\\(\\s*'request\\.jwt\\.claim\\.(\\w+)'");
    private static final Pattern AUTH_UID = Pattern.compile("(?i)\\bauth\\.uid\\(\\)");
    private static final Pattern SETTING = Pattern.compile("(?i)current_setting\\(\\s*'([\\w$]+(?:\\.[\\w$]+)+)'");
    private static final Pattern FROM = Pattern.compile("(?i)\\b(?:from|join)\\s+((?:\"?\\w+\"?\\.)?\"?\\w+\"?)");

    private TenantDiscovery() {
    }

    /** Without helper bodies; throws when no policy describes a tenant model (tests, examples). */
    public static TenantModel discover(SchemaSnapshot snapshot, Set<String> criticalTables) {
        return find(snapshot, criticalTables, FunctionBodies.none(), Scope.DEFAULT).orElseThrow(() -> new StagegateException(
                ErrorCode.INPUT_INVALID, "no policy compares a column with a session setting or JWT claim, so the tenant model "
                + "cannot be discovered; configure tenant.column and tenant.setting"));
    }

    /** What one policy expression compares, when it names an identity. */
    record Vote(String column, boolean key, Identity identity, Membership membership, String table, String policy, List<String> markers) {
    }

    public static Optional<TenantModel> find(SchemaSnapshot s, Set<String> critical, FunctionBodies bodies, Scope scope) {
        List<Vote> votes = new ArrayList<>();
        for (Policy p : s.policies()) {
            if (!scope.includes(p.schema())) {
                continue;
            }
            Table t = s.table(p.qualifiedTable()).orElse(null);
            if (t == null) {
                continue;
            }
            for (String e : new String[]{p.using(), p.withCheck()}) {
                vote(s, t, p, e, bodies).ifPresent(votes::add);
                if (!votes.isEmpty() && votes.get(votes.size() - 1).policy().equals(p.qualifiedTable() + "." + p.name())) {
                    break;
                }
            }
        }
        Map<String, List<Vote>> byModel = new LinkedHashMap<>();
        for (Vote v : votes) {
            if (!v.key()) {
                byModel.computeIfAbsent(v.column() + "|" + v.identity() + "|" + v.membership(), k -> new ArrayList<>()).add(v);
            }
        }
        if (byModel.isEmpty()) {
            return Optional.empty();
        }
        List<Vote> best = byModel.values().stream().max(java.util.Comparator.comparingInt(List::size)).orElseThrow();
        Vote winner = best.get(0);
        String tenantTable = null;
        String tenantKey = null;
        for (Vote v : votes) {
            if (v.key() && v.identity().equals(winner.identity()) && java.util.Objects.equals(v.membership(), winner.membership())) {
                tenantTable = v.table();
                tenantKey = v.column();
                break;
            }
        }
        if (tenantTable == null) {
            Map<String, Integer> referenced = new LinkedHashMap<>();
            for (ForeignKey fk : s.foreignKeys()) {
                if (fk.columns().equals(List.of(winner.column()))) {
                    referenced.merge(fk.qualifiedRefTable() + "|" + fk.refColumns().get(0), 1, Integer::sum);
                }
            }
            if (!referenced.isEmpty()) {
                String[] r = referenced.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey().split("\\|");
                tenantTable = r[0];
                tenantKey = r[1];
            }
        }
        Set<String> markers = new LinkedHashSet<>();
        List<String> from = new ArrayList<>();
        for (Vote v : votes) {
            if (v.identity().equals(winner.identity()) && java.util.Objects.equals(v.membership(), winner.membership())) {
                markers.addAll(v.markers());
                if (from.size() < 3 && !from.contains(v.policy())) {
                    from.add(v.policy());
                }
            }
        }
        long agreeing = votes.stream().filter(v -> v.identity().equals(winner.identity())).count();
        String source = "discovered from " + agreeing + " policy expression(s), e.g. " + String.join(", ", from);
        return Optional.of(new TenantModel(winner.column(), null, tenantTable, tenantKey, critical, winner.identity(), winner.membership(),
                List.copyOf(markers), source, scope));
    }

    /** The identity {@code expression} reads (itself or through the helpers it calls), if any. */
    static Optional<Identity> identity(String raw, String expanded) {
        Matcher m = JWT_FUNCTION_CLAIM.matcher(raw);
        if (m.find()) {
            return Optional.of(Identity.claim(m.group(1)));
        }
        if (AUTH_UID.matcher(raw).find()) {
            return Optional.of(Identity.claim("sub"));
        }
        for (String text : new String[]{raw, expanded}) {
            m = CLAIMS_JSON.matcher(text);
            if (m.find()) {
                return Optional.of(Identity.claim(m.group(1)));
            }
            m = CLAIM_SETTING.matcher(text);
            if (m.find()) {
                return Optional.of(Identity.claim(m.group(1)));
            }
            m = JWT_FUNCTION_CLAIM.matcher(text);
            if (m.find()) {
                return Optional.of(Identity.claim(m.group(1)));
            }
            if (AUTH_UID.matcher(text).find()) {
                return Optional.of(Identity.claim("sub"));
            }
            m = SETTING.matcher(text);
            while (m.find()) {
                if (!m.group(1).toLowerCase(Locale.ROOT).startsWith("request.jwt")) {
                    return Optional.of(Identity.setting(m.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Vote> vote(SchemaSnapshot s, Table t, Policy p, String raw, FunctionBodies bodies) {
        if (raw == null) {
            return Optional.empty();
        }
        String expanded = bodies.expand(raw);
        Optional<Identity> id = identity(raw, expanded);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        List<String> markers = new ArrayList<>();
        bodies.called(raw).forEach(f -> markers.add(f + "("));
        for (String fixed : new String[]{"auth.uid()", "auth.jwt()", "request.jwt.claim"}) {
            if (raw.toLowerCase(Locale.ROOT).contains(fixed)) {
                markers.add(fixed);
            }
        }
        if (id.get().kind() == Identity.Kind.SETTING) {
            markers.add("current_setting('" + id.get().name().toLowerCase(Locale.ROOT) + "'");
        }
        String policy = p.qualifiedTable() + "." + p.name();
        String column = policyColumn(t, raw);
        if (column == null) {
            return Optional.empty();
        }
        Membership membership = membership(s, t, column, expanded, bodies, 0);
        if (membership != null) {
            markers.add(" in (select");
        }
        // a 1:1 table keyed by the tenant (account_settings.account_id -> accounts) is not the tenant table
        boolean key = t.primaryKey().equals(List.of(column)) && s.foreignKeysOf(t).stream().noneMatch(f -> f.columns().equals(List.of(column)));
        return Optional.of(new Vote(column, key, id.get(), membership, t.qualified(), policy, markers));
    }

    /** The table's column the expression tests: compared with =, tested with IN, or passed to a helper. */
    static String policyColumn(Table t, String raw) {
        String best = null;
        int at = Integer.MAX_VALUE;
        for (Column c : t.columns()) {
            String q = "\"?" + Pattern.quote(c.name()) + "\"?";
            Matcher m = Pattern.compile("(?i)(?<![\\w.'])(?:\\w+\\.)?" + q + "(?![\\w'(])\\s*(?:\\)\\s*)?(?:::\\s*\\w+\\s*)?(=|\\bin\\b)"
                    + "|(?:=|\\(|,)\\s*(?:\\w+\\.)?" + q + "(?![\\w'(])\\s*(?:::\\s*\\w+\\s*)?[),]?").matcher(raw);
            if (m.find() && m.start() < at) {
                at = m.start();
                best = c.name();
            }
        }
        return best;
    }

    /**
     * A membership table the (expanded) expression reads: a table other than {@code t} named after
     * FROM/JOIN, with one column compared with the identity and one holding the tenant.
     */
    private static Membership membership(SchemaSnapshot s, Table t, String column, String expanded, FunctionBodies bodies, int depth) {
        Matcher m = FROM.matcher(expanded);
        while (m.find()) {
            String name = m.group(1).replace("\"", "");
            Optional<Table> found = name.contains(".") ? s.table(name) : s.tables().stream().filter(x -> x.name().equals(name)).findFirst();
            if (found.isEmpty() || found.get().qualified().equals(t.qualified())) {
                continue;
            }
            Table mt = found.get();
            String userColumn = null;
            String userRhs = null;
            for (Column c : mt.columns()) {
                Matcher cmp = Pattern.compile("(?i)(?<![\\w'])(?:\\w+\\.)?\"?" + Pattern.quote(c.name()) + "\"?\\s*=\\s*([^\\n]{1,120})")
                        .matcher(expanded);
                while (cmp.find() && userColumn == null) {
                    // the compared operand only: up to the next AND / OR
                    String rhs = cmp.group(1).split("(?i)\\s(?:and|or)\\s")[0];
                    if (identity(rhs, bodies.expand(rhs)).isPresent()) {
                        userColumn = c.name();
                        userRhs = rhs;
                    }
                }
                if (userColumn != null) {
                    break;
                }
            }
            if (userColumn == null) {
                continue;
            }
            String tenantColumn = tenantColumnOf(s, t, mt, column, userColumn);
            if (tenantColumn == null) {
                continue;
            }
            String uc = userColumn;
            String userType = mt.columns().stream().filter(c -> c.name().equals(uc)).findFirst().map(Column::type).orElse("text");
            // The user may itself be looked up from the identity (a session table): one more level, then no further.
            Membership via = depth > 0 ? null : membership(s, mt, userColumn, bodies.expand(userRhs).substring(userRhs.length()), bodies, depth + 1);
            return new Membership(mt.qualified(), userColumn, tenantColumn, userType, via);
        }
        return null;
    }

    /** The membership table's tenant column: same name as the policy's, else one referencing the same table. */
    private static String tenantColumnOf(SchemaSnapshot s, Table t, Table mt, String column, String userColumn) {
        if (mt.hasColumn(column) && !column.equals(userColumn)) {
            return column;
        }
        String target = t.primaryKey().equals(List.of(column)) ? t.qualified()
                : s.foreignKeysOf(t).stream().filter(f -> f.columns().equals(List.of(column))).map(ForeignKey::qualifiedRefTable).findFirst().orElse(null);
        if (target == null) {
            return null;
        }
        return s.foreignKeysOf(mt).stream().filter(f -> f.columns().size() == 1 && f.qualifiedRefTable().equals(target)
                && !f.columns().get(0).equals(userColumn)).map(f -> f.columns().get(0)).findFirst().orElse(null);
    }
}
