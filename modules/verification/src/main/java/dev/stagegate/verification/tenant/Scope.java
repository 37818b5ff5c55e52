package dev.stagegate.verification.tenant;

import java.util.List;
import java.util.Set;

/**
 * The schemas whose tables are the application's. A hosted platform's own schemas (Supabase's
 * {@code auth}, {@code storage}, ...) are out of scope unless named: their tables are the platform's
 * to secure, and checking them like application tables buries the findings that matter. Tables out
 * of scope are still read (a probe may need a row in {@code auth.users}), only not checked.
 *
 * @param include schemas to check; empty means every schema not excluded
 * @param exclude schemas never checked, on top of the platform's
 */
public record Scope(Set<String> include, Set<String> exclude) {

    public static final Set<String> PLATFORM = Set.of("auth", "storage", "extensions", "graphql", "graphql_public", "realtime",
            "supabase_functions", "supabase_migrations", "pgsodium", "pgsodium_masks", "vault", "cron", "net", "pgbouncer",
            "_realtime", "_analytics", "pgtle", "topology", "tiger", "tiger_data", "hdb_catalog", "postgraphile_watch",
            "graphile_worker", "graphile_migrate");

    public static final Scope DEFAULT = new Scope(Set.of(), Set.of());

    public Scope {
        include = Set.copyOf(include);
        exclude = Set.copyOf(exclude);
    }

    public static Scope of(List<String> include, List<String> exclude) {
        return new Scope(Set.copyOf(include), Set.copyOf(exclude));
    }

    /** Named schemas are in scope even when they are a platform's; otherwise the platform's are out. */
    public boolean includes(String schema) {
        if (exclude.contains(schema)) {
            return false;
        }
        if (!include.isEmpty()) {
            return include.contains(schema);
        }
        return !PLATFORM.contains(schema);
    }
}
