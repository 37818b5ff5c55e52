package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.example.ExampleBuilder;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.snapshot.SnapshotJson;
import dev.stagegate.core.snapshot.SnapshotMarkdown;
import dev.stagegate.core.snapshot.Table;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Reads the schema (tables, columns, keys, FKs, indexes, RLS, policies, views, functions, triggers,",
                "extensions, row counts, sizes) and prints a summary; --json and --markdown write it out.",
                "With --example NAME it first builds that example (migrations and generated data) in an empty database."})
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--example", paramLabel = "NAME", description = "Build this example from scripts/ first (e.g. c2pro). Defaults the target to embedded.")
    String example;

    @Option(names = "--example-version", paramLabel = "VERSION", description = "Build the example only up to this migration (default: all).")
    String exampleVersion;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "N", description = "Data scale of the example (default: ${DEFAULT-VALUE}; 0 = no data).")
    int scale;

    @Option(names = "--exact", description = "Count rows exactly (count(*)) instead of using the planner's estimates.")
    boolean exact;

    @Option(names = "--schema", split = ",", paramLabel = "SCHEMA", description = "Schemas to read (default: every non-system schema).")
    List<String> schemas = List.of();

    @Option(names = "--json", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Write the snapshot as JSON (default file: <evidence run>/schema_snapshot.json).")
    String json;

    @Option(names = "--markdown", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Write the snapshot as Markdown (default file: <evidence run>/schema_snapshot.md).")
    String markdown;

    @Option(names = "--rows", paramLabel = "FILE", description = "Also write every table's exact row count (with --content, "
            + "fingerprints of its rows and columns) to FILE, for a later `verify --preserved-since FILE`.")
    Path rows;

    @Option(names = "--content", description = "With --rows: fingerprint every row's content too (reads every row).")
    boolean content;

    @Option(names = "--diff-against", paramLabel = "JSON", description = "Compare with an earlier snapshot JSON and write schema_diff.md.")
    Path diffAgainst;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Example ex = example == null ? null : Example.locate(example);
        SchemaSnapshot before = diffAgainst == null ? null : SnapshotJson.read(diffAgainst);
        try (Session session = ex != null ? Session.openEmpty(target, ex, err) : Session.open(target, null, err)) {
            Connection connection = session.connection();
            Target resolved = session.target();
            Target live = session.live();
            ServerInfo info = session.info();
            if (ex != null) {
                err.println("building example " + ex.name() + " at scale " + scale + " ...");
                new ExampleBuilder(connection, line -> err.println("  " + line)).build(ex, exampleVersion, scale);
            }
            SchemaSnapshot snapshot = new CatalogReader(connection).read(schemas, exact);
            printSummary(out, resolved, info, snapshot);
            if (rows != null) {
                var capture = dev.stagegate.verification.preserve.Preservation.capture(connection, snapshot, content
                        ? dev.stagegate.verification.preserve.Preservation.Mode.CONTENT : dev.stagegate.verification.preserve.Preservation.Mode.COUNTS);
                try {
                    Files.writeString(rows, dev.stagegate.core.evidence.Json.mapper().writeValueAsString(capture));
                } catch (java.io.IOException e) {
                    throw new StagegateException(ErrorCode.IO_FAILED, "cannot write " + rows + " (" + e.getClass().getSimpleName() + ")", e);
                }
                out.println("wrote " + rows + " (" + capture.tables().size() + " tables, " + capture.mode().name().toLowerCase(Locale.ROOT) + ")");
            }
            // An evidence run folder is created only when a file lands in it: "--json out.json" alone
            // must not leave an empty run folder behind.
            boolean intoRun = "".equals(json) || "".equals(markdown) || before != null;
            if (json != null || markdown != null || before != null) {
                EvidenceRun run = intoRun ? EvidenceRun.create(output.evidenceRoot) : null;
                if (run != null) {
                    run.addSecrets(live.secrets());
                }
                if (json != null) {
                    out.println("wrote " + write(run, json, "schema_snapshot.json", SnapshotJson.write(snapshot)));
                }
                if (markdown != null) {
                    String md = SnapshotMarkdown.write(snapshot, "Schema state of " + snapshot.database());
                    out.println("wrote " + write(run, markdown, "schema_snapshot.md", md));
                }
                if (before != null) {
                    SnapshotDiff diff = SnapshotDiff.between(before, snapshot);
                    out.println("diff: " + diff.changes().size() + " change(s)");
                    out.println("wrote " + run.write("schema_diff.md", diff.toMarkdown("Schema diff")));
                }
            }
        }
        return ExitCode.GO.code();
    }

    private static Path write(EvidenceRun run, String requested, String defaultName, String content) {
        if (requested.isEmpty()) {
            return run.write(defaultName, content);
        }
        Path file = Path.of(requested);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, content);
            return file;
        } catch (java.io.IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void printSummary(PrintWriter out, Target target, ServerInfo info, SchemaSnapshot s) {
        Map<String, Long> c = s.counts();
        out.printf(Locale.ROOT, "Schema snapshot of %s, PostgreSQL %d.%d%n", target.describe(), info.major(),
                info.versionNum() % 100);
        out.printf(Locale.ROOT, "  %-20s %6d   (RLS enabled %d, FORCE %d)%n", "tables", c.get("tables"),
                c.get("rls_enabled_tables"), c.get("rls_forced_tables"));
        for (String key : List.of("policies", "foreign_keys", "indexes", "views", "materialized_views", "functions",
                "triggers", "extensions")) {
            out.printf(Locale.ROOT, "  %-20s %6d%n", key.replace('_', ' '), c.get(key));
        }
        long rows = s.tables().stream().mapToLong(t -> t.exactRows() != null ? t.exactRows() : Math.max(0, t.estimatedRows())).sum();
        long bytes = s.tables().stream().mapToLong(Table::totalBytes).sum();
        long unanalysed = s.exactCounts() ? 0 : s.tables().stream().filter(t -> t.estimatedRows() < 0).count();
        if (!s.exactCounts() && unanalysed == s.tables().size() && unanalysed > 0) {
            // reltuples is -1 until ANALYZE: an estimate of 0 would be a guess dressed as a number
            out.printf(Locale.ROOT, "  %-20s %6s   (not analysed: run ANALYZE, or snapshot --exact)%n", "rows", "?");
        } else {
            out.printf(Locale.ROOT, "  %-20s %6d   (%s)%n", "rows", rows, s.exactCounts() ? "exact" : "estimated"
                    + (unanalysed > 0 ? "; " + unanalysed + " table(s) not analysed, counted as 0" : ""));
        }
        out.printf(Locale.ROOT, "  %-20s %s%n", "size", humanBytes(bytes));
    }

    private static String humanBytes(long n) {
        return n < 1024 * 1024 ? (n / 1024) + " kB" : String.format(Locale.ROOT, "%.1f MB", n / 1024.0 / 1024.0);
    }
}
