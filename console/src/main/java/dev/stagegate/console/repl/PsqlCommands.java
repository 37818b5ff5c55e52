package dev.stagegate.console.repl;

import dev.stagegate.console.gate.TablePrinter;
import dev.stagegate.core.snapshot.Column;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.Table;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The psql habits DBAs bring: {@code \d}, {@code \dt}, {@code \d TABLE}, {@code \d+ TABLE}. */
final class PsqlCommands {

    private PsqlCommands() {
    }

    static void describe(PrintWriter out, SchemaSnapshot s, String args, boolean verbose, boolean expanded, int limit) {
        if (args.isBlank()) {
            List<List<String>> rows = new ArrayList<>();
            s.tables().forEach(t -> rows.add(List.of(t.schema(), t.name(), t.partitioned() ? "partitioned table" : "table", t.owner())));
            s.views().forEach(v -> rows.add(List.of(v.schema(), v.name(), v.materialized() ? "materialized view" : "view", v.owner())));
            out.println("List of relations");
            TablePrinter.print(out, List.of("Schema", "Name", "Type", "Owner"), rows, expanded, limit);
            return;
        }
        Table t = s.table(args.trim()).orElse(null);
        if (t == null) {
            out.println("Did not find any relation named \"" + args.trim() + "\".");
            return;
        }
        out.println("Table \"" + t.qualified() + "\"");
        List<List<String>> rows = new ArrayList<>();
        for (Column c : t.columns()) {
            List<String> row = new ArrayList<>(List.of(c.name(), c.type(), c.nullable() ? "" : "not null",
                    c.defaultExpression() == null ? (c.identity() == null ? "" : "generated " + c.identity().toLowerCase() + " as identity")
                            : c.defaultExpression()));
            rows.add(row);
        }
        TablePrinter.print(out, List.of("Column", "Type", "Nullable", "Default"), rows, expanded, limit);
        out.println("Indexes:");
        s.indexesOn(t).forEach(i -> out.println("    \"" + i.name() + "\" " + i.definition().replaceFirst("^.* USING ", "")
                + (i.valid() ? "" : " INVALID")));
        List<String> fks = s.foreignKeysOf(t).stream().map(f -> "    \"" + f.name() + "\" FOREIGN KEY (" + String.join(", ", f.columns())
                + ") REFERENCES " + f.qualifiedRefTable() + "(" + String.join(", ", f.refColumns()) + ") ON DELETE " + f.onDelete()
                + (f.validated() ? "" : " NOT VALID")).toList();
        if (!fks.isEmpty()) {
            out.println("Foreign-key constraints:");
            fks.forEach(out::println);
        }
        if (!s.policiesOn(t).isEmpty() || t.rlsEnabled()) {
            out.println("Policies" + (t.rlsForced() ? " (forced row security enabled)" : t.rlsEnabled() ? "" : " (row security disabled)") + ":");
            s.policiesOn(t).forEach(p -> out.println("    POLICY \"" + p.name() + "\" " + (p.permissive() ? "" : "AS RESTRICTIVE ")
                    + (p.command().equals("ALL") ? "" : "FOR " + p.command() + " ") + (p.using() == null ? "" : "USING (" + p.using() + ")")
                    + (p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")")));
        }
        s.triggers().stream().filter(tr -> tr.qualifiedTable().equals(t.qualified())).findAny()
                .ifPresent(x -> out.println("Triggers:"));
        s.triggers().stream().filter(tr -> tr.qualifiedTable().equals(t.qualified())).forEach(tr -> out.println("    " + tr.definition()));
        if (verbose) {
            out.println("Owner: " + t.owner() + ", rows: " + (t.exactRows() != null ? t.exactRows() : t.estimatedRows() < 0 ? "not analysed" : "~" + t.estimatedRows())
                    + ", size: " + t.totalBytes() + " bytes");
        }
    }
}
