package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.verification.preserve.Preservation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows captured with each gate snapshot (row counts; with {@code content: true}, fingerprints of
 * rows and columns), so that {@code preserved before, after} compares two snapshots table by table.
 */
final class SnapshotCaptures {

    private final Map<SchemaSnapshot, Preservation.Capture> captures = new IdentityHashMap<>();

    /** The gate's {@code snapshot 'label'}: read, captured, written as {@code <label>_state.json/.md}, recorded as a step. */
    SchemaSnapshot take(Connection c, String label, boolean content, dev.stagegate.core.evidence.EvidenceRun evidence, GateRecord record)
            throws SQLException {
        long start = System.nanoTime();
        SchemaSnapshot s = new dev.stagegate.core.snapshot.CatalogReader(c).read(true);
        capture(c, s, content);
        evidence.write(label + "_state.json", dev.stagegate.core.snapshot.SnapshotJson.write(s));
        evidence.write(label + "_state.md", dev.stagegate.core.snapshot.SnapshotMarkdown.write(s, "Schema state: " + label));
        java.util.Map<String, Object> metrics = new java.util.LinkedHashMap<>(s.counts());
        metrics.put("rows", s.tables().stream().mapToLong(t -> t.exactRows() == null ? 0 : t.exactRows()).sum());
        metrics.put("content_captured", content);
        record.record(new dev.stagegate.core.result.StepResult("snapshot " + label, dev.stagegate.core.result.StepStatus.PASSED,
                s.tables().size() + " tables, " + s.foreignKeys().size() + " FKs, " + s.policies().size() + " policies, " + metrics.get("rows")
                        + " rows" + (content ? ", content fingerprinted" : ""), List.of(), metrics, List.of(), java.time.Duration.ZERO), start);
        return s;
    }

    void capture(Connection c, SchemaSnapshot s, boolean content) throws SQLException {
        captures.put(s, Preservation.capture(c, s, content ? Preservation.Mode.CONTENT : Preservation.Mode.COUNTS));
    }

    /**
     * A loss in one table never cancels a gain in another: counts, or with {@code content} the
     * fingerprints of every table and, for the tables the change between them altered, of every column.
     */
    List<Finding> preserved(SchemaSnapshot before, SchemaSnapshot after, boolean content) {
        Preservation.Capture b = captures.get(before);
        Preservation.Capture a = captures.get(after);
        if (b == null || a == null) {
            throw new StagegateException(ErrorCode.USAGE, "preserved compares two snapshots of this gate: take them with "
                    + "before = snapshot 'label'");
        }
        Preservation.Mode mode = content ? Preservation.Mode.CONTENT : Preservation.Mode.COUNTS;
        if (content && (b.mode() != Preservation.Mode.CONTENT || a.mode() != Preservation.Mode.CONTENT)) {
            throw new StagegateException(ErrorCode.USAGE, "preserved ..., content: true needs both snapshots taken with content: "
                    + "snapshot 'label', content: true");
        }
        return Preservation.compare(b, a, mode, Preservation.altered(SnapshotDiff.between(before, after)));
    }
}
