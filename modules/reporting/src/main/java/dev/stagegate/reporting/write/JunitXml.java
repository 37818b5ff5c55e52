package dev.stagegate.reporting.write;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.result.Finding;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.QueryRecord;
import dev.stagegate.reporting.model.StepRecord;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code junit.xml} in the Ant JUnit shape CI servers read (Jenkins, GitLab, GitHub test reporters):
 * one testsuite per step, one testcase per check. The benchmark has a case per query, the isolation
 * probe a case per tenant table (from verification.json), every other failing finding a case of its
 * own, and each step a case for itself. What did not run is {@code skipped}, never a pass.
 */
public final class JunitXml {

    public static final String FILE = "junit.xml";
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private JunitXml() {
    }

    /** One testcase: a pass when both outcome fields are null. */
    record Case(String name, String failureType, String failure, String skipped, String error, String detail) {
        static Case pass(String name) {
            return new Case(name, null, null, null, null, null);
        }
    }

    public static String xml(ReportModel m) {
        GateReport r = m.report();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", Html.xml("stagegate " + r.runId()));
            Map<String, String> verdicts = tableVerdicts(r.folder());
            int id = 0;
            for (StepRecord s : r.steps()) {
                suite(x, m, s, id++, cases(r, s, verdicts));
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write junit.xml: " + e.getMessage(), e);
        }
        return out.toString() + "\n";
    }

    static List<Case> cases(GateReport r, StepRecord s, Map<String, String> tableVerdicts) {
        List<Case> cases = new ArrayList<>();
        Set<Finding> placed = new HashSet<>();
        if (s.step().equals("bench") && r.benchmark().isPresent()) {
            for (QueryRecord q : r.benchmark().get().queries()) {
                List<Finding> mine = s.findings().stream().filter(f -> f.object().equals(q.id()) && f.fails()).toList();
                placed.addAll(mine);
                String detail = q.why();
                if (q.failed()) {
                    cases.add(new Case("query " + q.id(), q.outcome(), q.id() + ": " + q.outcome() + ", r " + fmt(q.ratio()), null, null,
                            detail + lines(mine)));
                } else if (!q.decided()) {
                    cases.add(new Case("query " + q.id(), null, null, "no verdict: " + detail, null, null));
                } else {
                    cases.add(Case.pass("query " + q.id()));
                }
            }
        }
        if (s.step().equals("verify")) {
            for (Map.Entry<String, String> t : tableVerdicts.entrySet()) {
                List<Finding> mine = s.failing().stream().filter(f -> f.object().split(" ")[0].equals(t.getKey())).toList();
                placed.addAll(mine);
                String name = "isolation " + t.getKey();
                if (!mine.isEmpty()) {
                    cases.add(new Case(name, mine.get(0).code(), mine.get(0).message(), null, null, lines(mine)));
                } else if (t.getValue().equals("LEAKING")) {
                    // the probe read or wrote another tenant's rows: a failure, whether or not its finding was accepted
                    List<Finding> accepted = s.accepted().stream().filter(f -> f.object().split(" ")[0].equals(t.getKey())).toList();
                    cases.add(new Case(name, "LEAKING", t.getKey() + " leaks across tenants" + (accepted.isEmpty() ? ""
                            : " (accepted: " + accepted.get(0).suppression() + ")"), null, null, lines(accepted)));
                } else if (t.getValue().equals("NOT_PROBED") || t.getValue().equals("NOT_DEMONSTRATED")) {
                    cases.add(new Case(name, null, null, t.getValue().replace('_', ' ').toLowerCase(Locale.ROOT) + ": isolation not shown", null, null));
                } else {
                    cases.add(Case.pass(name));
                }
            }
        }
        for (Finding f : s.failing()) {
            if (!placed.contains(f)) {
                cases.add(new Case(f.id(), f.code(), f.message(), null, null, lines(List.of(f))));
            }
        }
        // the step itself: what it showed as a whole
        String name = s.step();
        cases.add(switch (s.status()) {
            case PASSED, WARNED -> Case.pass(name);
            case FAILED -> new Case(name, "FAILED", s.summary(), null, null, lines(s.failing()));
            case ERROR -> new Case(name, null, null, null, s.summary(), lines(s.failing()));
            case SKIPPED, NOT_TESTED, INCOMPLETE -> new Case(name, null, null, s.status().tag() + ": " + s.summary(), null, null);
        });
        return cases;
    }

    private static void suite(XMLStreamWriter x, ReportModel m, StepRecord s, int id, List<Case> cases) throws XMLStreamException {
        GateReport r = m.report();
        x.writeCharacters("\n  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", Html.xml(s.step()));
        x.writeAttribute("package", Html.xml("stagegate"));
        x.writeAttribute("id", Html.xml(String.valueOf(id)));
        x.writeAttribute("timestamp", Html.xml(timestamp(r.runId())));
        x.writeAttribute("hostname", Html.xml(hostname()));
        x.writeAttribute("tests", Html.xml(String.valueOf(cases.size())));
        x.writeAttribute("failures", Html.xml(String.valueOf(cases.stream().filter(c -> c.failure() != null).count())));
        x.writeAttribute("errors", Html.xml(String.valueOf(cases.stream().filter(c -> c.error() != null).count())));
        x.writeAttribute("skipped", Html.xml(String.valueOf(cases.stream().filter(c -> c.skipped() != null).count())));
        x.writeAttribute("time", Html.xml(seconds(s.millis())));
        x.writeCharacters("\n    ");
        // the gate's verdict in every suite, so a CI page showing one step still shows what the gate decided
        x.writeStartElement("properties");
        property(x, "verdict", r.decision());
        property(x, "exit_code", String.valueOf(r.exitCode()));
        property(x, "risk", m.risk().level().name());
        for (dev.stagegate.reporting.verdict.Trigger t : m.triggers()) {
            if (t.state() == dev.stagegate.reporting.verdict.Trigger.State.FIRED || t.state() == dev.stagegate.reporting.verdict.Trigger.State.ACCEPTED) {
                property(x, "rollback_trigger", t.name());
            }
        }
        x.writeEndElement();
        for (Case c : cases) {
            x.writeCharacters("\n    ");
            x.writeStartElement("testcase");
            x.writeAttribute("name", Html.xml(c.name()));
            x.writeAttribute("classname", Html.xml("stagegate." + s.step().replace(' ', '_')));
            x.writeAttribute("time", Html.xml("0"));
            if (c.failure() != null) {
                x.writeStartElement("failure");
                x.writeAttribute("message", Html.xml(c.failure()));
                x.writeAttribute("type", Html.xml(c.failureType()));
                x.writeCharacters(Html.xml(c.detail()));
                x.writeEndElement();
            } else if (c.error() != null) {
                x.writeStartElement("error");
                x.writeAttribute("message", Html.xml(c.error()));
                x.writeAttribute("type", Html.xml("ERROR"));
                x.writeCharacters(Html.xml(c.detail()));
                x.writeEndElement();
            } else if (c.skipped() != null) {
                x.writeEmptyElement("skipped");
                x.writeAttribute("message", Html.xml(c.skipped()));
            }
            x.writeEndElement();
        }
        x.writeCharacters("\n    ");
        x.writeStartElement("system-out");
        x.writeCharacters(Html.xml(s.line()));
        x.writeEndElement();
        x.writeCharacters("\n    ");
        x.writeEmptyElement("system-err");
        x.writeCharacters("\n  ");
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", Html.xml(name));
        x.writeAttribute("value", Html.xml(value.length() > 300 ? value.substring(0, 300) + "..." : value));
    }

    /** verification.json's isolation step: each probed table's verdict (empty when verify did not probe). */
    static Map<String, String> tableVerdicts(Path folder) {
        Map<String, String> m = new LinkedHashMap<>();
        Path file = folder.resolve("verification.json");
        if (!Files.isRegularFile(file)) {
            return m;
        }
        try {
            for (JsonNode step : Json.mapper().readTree(file.toFile()).path("steps")) {
                if (step.path("step").asText().equals("isolation")) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = step.path("metrics").path("table_verdicts").fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        m.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable verification.json leaves the per-table cases out; the step's own case still says how verify went
        }
        return m;
    }

    private static String lines(List<Finding> findings) {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append('\n').append(f.severity()).append(' ').append(f.id()).append(": ").append(f.message());
            f.proof().stream().limit(5).forEach(p -> b.append("\n  ").append(p));
        }
        return b.toString();
    }

    static String timestamp(String runId) {
        try {
            return LocalDateTime.parse(runId.substring(0, Math.min(15, runId.length())), RUN_ID).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            return "1970-01-01T00:00:00";
        }
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, millis) / 1000.0);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "none" : String.format(Locale.ROOT, "%.3f", v);
    }
}
