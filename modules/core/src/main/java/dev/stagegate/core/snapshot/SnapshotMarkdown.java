package dev.stagegate.core.snapshot;

import java.util.Map;

/**
 * The snapshot as a document a DBA reads and a CTO files: the seeds'
 * {@code staging_pre_migration_state.md}, with counts first and the detail after.
 */
public final class SnapshotMarkdown {

    private SnapshotMarkdown() {
    }

    public static String write(SchemaSnapshot s, String title) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("- Database: `").append(s.database()).append("`\n");
        out.append("- Server version: ").append(versionText(s.serverVersionNum())).append('\n');
        out.append("- Captured at: ").append(s.capturedAt()).append('\n');
        out.append("- Schemas: ").append(String.join(", ", s.schemas())).append('\n');
        out.append("- Row counts: ").append(s.exactCounts() ? "exact (count(*))" : "estimated (pg_class.reltuples)")
                .append("\n\n");

        out.append("## Summary\n\n");
        MarkdownTable summary = new MarkdownTable("Object", "Count");
        for (Map.Entry<String, Long> e : s.counts().entrySet()) {
            summary.row(e.getKey().replace('_', ' '), e.getValue());
        }
        summary.appendTo(out);

        out.append("## Tables\n\n");
        MarkdownTable tables = new MarkdownTable("Table", "Owner", "RLS", "FORCE", "Policies", "FKs", "Indexes",
                "Rows", "Size");
        SnapshotIndex index = SnapshotIndex.of(s);
        for (Table t : s.tables()) {
            tables.row("`" + t.qualified() + "`", t.owner(), yes(t.rlsEnabled()), yes(t.rlsForced()),
                    index.policiesOn(t).size(), index.foreignKeysOf(t).size(), index.indexesOn(t).size(), rows(t),
                    bytes(t.totalBytes()));
        }
        tables.appendTo(out);

        if (!s.foreignKeys().isEmpty()) {
            out.append("## Foreign keys\n\n");
            MarkdownTable fks = new MarkdownTable("Constraint", "From", "To", "ON DELETE", "ON UPDATE", "Validated");
            for (ForeignKey f : s.foreignKeys()) {
                fks.row("`" + f.name() + "`", f.qualifiedTable() + " (" + String.join(", ", f.columns()) + ")",
                        f.qualifiedRefTable() + " (" + String.join(", ", f.refColumns()) + ")", f.onDelete(),
                        f.onUpdate(), yes(f.validated()));
            }
            fks.appendTo(out);
        }
        if (!s.policies().isEmpty()) {
            out.append("## Row-level security policies\n\n");
            MarkdownTable pol = new MarkdownTable("Table", "Policy", "Command", "Roles", "Kind", "USING", "WITH CHECK");
            for (Policy p : s.policies()) {
                pol.row(p.qualifiedTable(), "`" + p.name() + "`", p.command(), String.join(", ", p.roles()),
                        p.permissive() ? "permissive" : "restrictive", code(p.using()), code(p.withCheck()));
            }
            pol.appendTo(out);
        }
        if (!s.indexes().isEmpty()) {
            out.append("## Indexes\n\n");
            MarkdownTable idx = new MarkdownTable("Table", "Index", "Columns", "Unique", "Valid", "Size");
            for (Index i : s.indexes()) {
                idx.row(i.qualifiedTable(), "`" + i.name() + "`", String.join(", ", i.columns()),
                        yes(i.unique()), yes(i.valid()), bytes(i.bytes()));
            }
            idx.appendTo(out);
        }
        if (!s.functions().isEmpty()) {
            out.append("## Functions\n\n");
            MarkdownTable fn = new MarkdownTable("Function", "Returns", "Language", "SECURITY DEFINER", "search_path fixed");
            for (Function f : s.functions()) {
                fn.row("`" + f.signature() + "`", f.returns(), f.language(), yes(f.securityDefiner()),
                        yes(f.searchPathFixed()));
            }
            fn.appendTo(out);
        }
        if (!s.triggers().isEmpty()) {
            out.append("## Triggers\n\n");
            MarkdownTable tg = new MarkdownTable("Table", "Trigger", "Function", "Enabled");
            for (Trigger t : s.triggers()) {
                tg.row(t.qualifiedTable(), "`" + t.name() + "`", t.function(), yes(t.enabled()));
            }
            tg.appendTo(out);
        }
        if (!s.views().isEmpty()) {
            out.append("## Views\n\n");
            MarkdownTable v = new MarkdownTable("View", "Owner", "Materialized", "security_invoker");
            for (View view : s.views()) {
                v.row("`" + view.qualified() + "`", view.owner(), yes(view.materialized()), yes(view.securityInvoker()));
            }
            v.appendTo(out);
        }
        if (!s.extensions().isEmpty()) {
            out.append("## Extensions\n\n");
            MarkdownTable ex = new MarkdownTable("Extension", "Version", "Schema");
            s.extensions().forEach(e -> ex.row(e.name(), e.version(), e.schema()));
            ex.appendTo(out);
        }
        return out.toString();
    }

    static String versionText(int num) {
        return (num / 10000) + "." + (num % 100) + " (" + num + ")";
    }

    static String rows(Table t) {
        if (t.exactRows() != null) {
            return String.valueOf(t.exactRows());
        }
        return t.estimatedRows() < 0 ? "not analyzed" : "~" + t.estimatedRows();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String code(String s) {
        return s == null ? "" : "`" + s + "`";
    }
}
