package dev.stagegate.verification.fk;

import java.util.List;

/**
 * A foreign key that must exist: by constraint name ({@code users_tenant_id_fkey}), or by table
 * and columns ({@code alerts(analysis_id)}) when names are generated.
 */
public record ExpectedForeignKey(String name, String table, List<String> columns) {

    public static ExpectedForeignKey named(String name) {
        return new ExpectedForeignKey(name, null, List.of());
    }

    public static ExpectedForeignKey on(String table, String... columns) {
        return new ExpectedForeignKey(null, table, List.of(columns));
    }

    /** {@code alerts(analysis_id)} or a bare constraint name. */
    public static ExpectedForeignKey parse(String spec) {
        int open = spec.indexOf('(');
        if (open > 0 && spec.endsWith(")")) {
            return on(spec.substring(0, open).trim(), spec.substring(open + 1, spec.length() - 1).trim().split("\\s*,\\s*"));
        }
        return named(spec.trim());
    }

    public String describe() {
        return name != null ? name : table + "(" + String.join(", ", columns) + ")";
    }
}
