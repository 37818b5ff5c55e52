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

    /** A comma-separated list; commas inside {@code table(a, b)} do not split. */
    public static java.util.List<ExpectedForeignKey> parseList(String specs) {
        java.util.List<ExpectedForeignKey> out = new java.util.ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char ch : specs.toCharArray()) {
            if (ch == ',' && depth == 0) {
                if (!current.toString().isBlank()) {
                    out.add(parse(current.toString()));
                }
                current.setLength(0);
                continue;
            }
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            current.append(ch);
        }
        if (!current.toString().isBlank()) {
            out.add(parse(current.toString()));
        }
        return out;
    }

    public String describe() {
        return name != null ? name : table + "(" + String.join(", ", columns) + ")";
    }
}
