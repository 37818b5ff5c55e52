package dev.stagegate.verification.tenant;

import dev.stagegate.core.snapshot.SchemaSnapshot;

/**
 * The part of a snapshot in scope: what the catalog checks judge. Row-making code keeps the whole
 * snapshot, since a probe row may need a parent in a platform table ({@code auth.users}).
 */
public final class ScopedSnapshot {

    private ScopedSnapshot() {
    }

    public static SchemaSnapshot of(SchemaSnapshot s, Scope scope) {
        return new SchemaSnapshot(s.capturedAt(), s.database(), s.serverVersionNum(),
                s.schemas().stream().filter(scope::includes).toList(), s.exactCounts(),
                s.tables().stream().filter(t -> scope.includes(t.schema())).toList(),
                s.foreignKeys().stream().filter(f -> scope.includes(f.schema())).toList(),
                s.constraints().stream().filter(k -> scope.includes(k.schema())).toList(),
                s.indexes().stream().filter(i -> scope.includes(i.schema())).toList(),
                s.policies().stream().filter(p -> scope.includes(p.schema())).toList(),
                s.views().stream().filter(v -> scope.includes(v.schema())).toList(),
                s.functions().stream().filter(f -> scope.includes(f.schema())).toList(),
                s.triggers().stream().filter(t -> scope.includes(t.schema())).toList(),
                s.extensions());
    }

    /**
     * {@code scoped} with every view of {@code all}: a view in a platform schema over an application
     * table still reads around its policies (Supabase's extensions schema is on the search path).
     */
    public static SchemaSnapshot withViewsOf(SchemaSnapshot scoped, SchemaSnapshot all) {
        return new SchemaSnapshot(scoped.capturedAt(), scoped.database(), scoped.serverVersionNum(), scoped.schemas(), scoped.exactCounts(),
                scoped.tables(), scoped.foreignKeys(), scoped.constraints(), scoped.indexes(), scoped.policies(), all.views(),
                scoped.functions(), scoped.triggers(), scoped.extensions());
    }
}
