package dev.stagegate.core.snapshot;

import java.util.List;

/**
 * A row-level security policy.
 *
 * @param command   {@code ALL}, {@code SELECT}, {@code INSERT}, {@code UPDATE} or {@code DELETE}
 * @param roles     role names; {@code public} when it applies to everyone
 * @param using     the USING expression, or null
 * @param withCheck the WITH CHECK expression, or null
 */
public record Policy(String schema, String table, String name, String command, List<String> roles,
                     boolean permissive, String using, String withCheck) {

    public Policy {
        roles = List.copyOf(roles);
    }

    public String qualifiedTable() {
        return Models.qualify(schema, table);
    }
}
