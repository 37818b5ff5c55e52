package dev.stagegate.reporting;

import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.GateResults;
import dev.stagegate.reporting.write.CsvFiles;
import dev.stagegate.reporting.write.EvidencePackage;
import dev.stagegate.reporting.write.GoNoGoChecklist;
import dev.stagegate.reporting.write.HandEdits;
import dev.stagegate.reporting.write.HtmlReport;
import dev.stagegate.reporting.write.JunitXml;
import dev.stagegate.reporting.write.Manifest;
import dev.stagegate.reporting.write.ReadinessReport;
import dev.stagegate.reporting.write.ReportModel;
import dev.stagegate.reporting.write.TaskTracker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Writes every document of a gate run into its folder, from the folder's own results: the readiness
 * report, the go/no-go checklist, the task tracker, JUnit XML, the CSV files and, last, the SHA-256
 * manifest of the whole folder. {@code stagegate run} calls it at the end of every gate, whatever the
 * verdict; {@code stagegate report DIR} calls it on a saved run.
 */
public final class Reports {

    /** The documents CE-28 adds to a run folder, in the order they are written (the manifest last). */
    public static final List<String> DOCUMENTS = List.of(ReadinessReport.FILE, GoNoGoChecklist.FILE, TaskTracker.FILE, JunitXml.FILE,
            HtmlReport.FILE, CsvFiles.GATE, CsvFiles.FINDINGS, CsvFiles.STEPS, CsvFiles.MIGRATIONS, CsvFiles.BENCHMARK, Manifest.FILE);

    private Reports() {
    }

    /**
     * @param sink          writes a file of the folder (the run's evidence writer, which masks secrets) and returns its path
     * @param windowMinutes the maintenance window for the risk assessment, 0 when not given
     * @return the files written, then any document a person had edited, kept aside as {@code NAME.edited-TIME}
     */
    public static List<Path> write(Path folder, long windowMinutes, BiFunction<String, String, Path> sink) {
        GateReport r = GateResults.read(folder);
        ReportModel m = ReportModel.of(r, windowMinutes);
        // every document is made before the first is written: a writer that fails leaves the folder as it was
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put(ReadinessReport.FILE, ReadinessReport.markdown(m));
        documents.put(GoNoGoChecklist.FILE, GoNoGoChecklist.markdown(m));
        documents.put(JunitXml.FILE, JunitXml.xml(m));
        documents.put(HtmlReport.FILE, HtmlReport.html(m));
        documents.putAll(CsvFiles.all(m));
        HandEdits edits = HandEdits.of(folder);
        List<Path> written = new ArrayList<>();
        try {
            for (Map.Entry<String, String> d : documents.entrySet()) {
                edits.keep(d.getKey(), d.getValue());
                written.add(sink.apply(d.getKey(), d.getValue()));
            }
            // the tracker last: it ticks the documents it finds written
            String tracker = TaskTracker.markdown(m);
            edits.keep(TaskTracker.FILE, tracker);
            written.add(sink.apply(TaskTracker.FILE, tracker));
            // the seeds' package (logs/, docs/, backups/ metadata) with its manifest, then the run folder's manifest over everything
            written.add(EvidencePackage.write(folder, r.runId(), sink));
            written.add(sink.apply(Manifest.FILE, Manifest.of(folder)));
            written.addAll(edits.kept());
        } catch (RuntimeException e) {
            // the tracker must not say CE-28 is done when its documents are not all there
            try {
                sink.apply(TaskTracker.FILE, TaskTracker.markdown(m.reportFailed()));
            } catch (RuntimeException ignored) {
                // the folder cannot be written at all: the error below says why
            }
            throw e;
        }
        return written;
    }
}
