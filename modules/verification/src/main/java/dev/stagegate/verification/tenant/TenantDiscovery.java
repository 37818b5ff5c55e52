package dev.stagegate.verification.tenant;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.snapshot.ForeignKey;
import dev.stagegate.core.snapshot.Policy;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tenant model out of the policies: which column is compared with which
 * {@code current_setting(...)}. The most common pair wins; the tenant table is the one most
 * tenant columns reference (or whose own key is compared with the setting).
 */
public final class TenantDiscovery {

    /** {@code tenant_id = ... current_setting('app.current_tenant' ...)} in either order. */
    private static final Pattern COLUMN_FIRST = Pattern.compile("\\(?\"?(\\w+)\"?\\)?\\s*=\\s*[^=]*?current_setting\\('([^']+)'");
    private static final Pattern SETTING_FIRST = Pattern.compile("current_setting\\('([^']+)'[^=]*?=\\s*\\(?\"?(\\w+)\"?");

    private TenantDiscovery() {
    }

    /** Pairs (column, setting) found in a policy expression. */
    static Optional<String[]> pair(String expression) {
        if (expression == null) {
            return Optional.empty();
        }
        Matcher m = COLUMN_FIRST.matcher(expression);
        if (m.find()) {
            return Optional.of(new String[]{m.group(1), m.group(2)});
        }
        Matcher s = SETTING_FIRST.matcher(expression);
        if (s.find()) {
            return Optional.of(new String[]{s.group(2), s.group(1)});
        }
        return Optional.empty();
    }

    public static TenantModel discover(SchemaSnapshot snapshot, Set<String> criticalTables) {
        Map<String, Integer> votes = new HashMap<>();
        Map<String, String> keyColumnOfTable = new HashMap<>();
        for (Policy p : snapshot.policies()) {
            Optional<String[]> pair = pair(p.using()).or(() -> pair(p.withCheck()));
            pair.ifPresent(x -> {
                Table t = snapshot.table(p.qualifiedTable()).orElse(null);
                boolean isKey = t != null && t.primaryKey().equals(java.util.List.of(x[0]));
                if (isKey) {
                    keyColumnOfTable.put(p.table() + "|" + x[1], x[0]);
                } else {
                    votes.merge(x[0] + "|" + x[1], 1, Integer::sum);
                }
            });
        }
        if (votes.isEmpty()) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "no policy compares a column with current_setting(...), "
                    + "so the tenant model cannot be discovered; configure tenant.column and tenant.setting");
        }
        String[] best = votes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey().split("\\|");
        String column = best[0];
        String setting = best[1];
        Map<String, Integer> referenced = new HashMap<>();
        for (ForeignKey fk : snapshot.foreignKeys()) {
            if (fk.columns().equals(java.util.List.of(column))) {
                referenced.merge(fk.refTable() + "|" + fk.refColumns().get(0), 1, Integer::sum);
            }
        }
        String tenantTable;
        String tenantKey;
        Optional<String> byPolicy = keyColumnOfTable.keySet().stream().filter(k -> k.endsWith("|" + setting)).findFirst();
        if (byPolicy.isPresent()) {
            tenantTable = byPolicy.get().split("\\|")[0];
            tenantKey = keyColumnOfTable.get(byPolicy.get());
        } else if (!referenced.isEmpty()) {
            String[] t = referenced.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey().split("\\|");
            tenantTable = t[0];
            tenantKey = t[1];
        } else {
            tenantTable = null;
            tenantKey = null;
        }
        return new TenantModel(column, setting, tenantTable, tenantKey, criticalTables);
    }
}
