package dev.stagegate.verification.tenant;

import java.util.Set;

/**
 * The parts of the tenant model a user stated ({@code --tenant-column}, {@code --tenant-setting},
 * {@code --tenant-claim}, {@code --tenant-table}, {@code --tenant-key}, {@code --membership}); each
 * replaces only its part of what discovery found, so stating one never loses the rest.
 *
 * @param membership {@code table(user_column, tenant_column)}, or null
 */
public record TenantHints(String column, String setting, String claim, String table, String key, String membership) {

    public static final TenantHints NONE = new TenantHints(null, null, null, null, null, null);

    public boolean empty() {
        return column == null && setting == null && claim == null && table == null && key == null && membership == null;
    }

    /**
     * {@code discovered} (may be null) with the stated parts put in. Null when neither says which
     * column and which identity.
     */
    public TenantModel apply(TenantModel discovered, Set<String> critical, Scope scope,
                             java.util.function.Function<String, String> columnType) {
        TenantModel d = discovered;
        String col = column != null ? column : d == null ? null : d.column();
        Identity identity = setting != null ? Identity.setting(setting) : claim != null ? Identity.claim(claim) : d == null ? null : d.identity();
        if (col == null || identity == null) {
            return null;
        }
        String tt = table != null ? table : d == null || column != null && d.tenantTable() != null && !column.equals(d.column()) ? null : d.tenantTable();
        String tk = key != null ? key : table != null ? "id" : d == null || tt == null ? null : d.tenantKey();
        if (tt != null && tk == null) {
            tk = "id";
        }
        Membership m = d == null ? null : d.membership();
        if (membership != null) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\s*([\\w.]+)\\s*\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)\\s*").matcher(membership);
            if (!x.matches()) {
                throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE, "membership '"
                        + membership + "' is not table(user_column, tenant_column), e.g. public.memberships(user_id, account_id)");
            }
            String mt = x.group(1).contains(".") ? x.group(1) : "public." + x.group(1);
            m = new Membership(mt, x.group(2), x.group(3), columnType.apply(mt + "." + x.group(2)));
        }
        boolean stated = !empty();
        java.util.List<String> markers = d == null ? java.util.List.of() : d.markers();
        String source = d == null ? "configured" : stated ? d.source() + "; partly configured" : d.source();
        return new TenantModel(col, null, tt, tk, critical, identity, m, markers, source, scope);
    }
}
