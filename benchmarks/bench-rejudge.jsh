// Re-judges stored `stagegate bench` results with the verdict rules of the jar on the class path:
//   jshell --class-path console/target/stagegate.jar -R-Drejudge.files="a.json b.json" benchmarks/bench-rejudge.jsh
// Prints one line per query verdict (outcome, query, r, interval) and a tally; the fork samples are the
// runs' own (baseline_ms, candidate_ms of each ce26_benchmark_results.json), interleaved runs only.
import com.fasterxml.jackson.databind.*;
import dev.stagegate.benchmark.verdict.*;
var mapper = new ObjectMapper();
var tally = new java.util.TreeMap<String, Integer>();
for (String f : System.getProperty("rejudge.files").trim().split("\\s+")) {
    JsonNode r = mapper.readTree(new java.io.File(f));
    var b = new java.util.LinkedHashMap<String, double[]>();
    var c = new java.util.LinkedHashMap<String, double[]>();
    r.get("baseline_ms").fields().forEachRemaining(e -> { double[] x = new double[e.getValue().size()]; for (int i = 0; i < x.length; i++) x[i] = e.getValue().get(i).asDouble(); b.put(e.getKey(), x); });
    r.get("candidate_ms").fields().forEachRemaining(e -> { double[] x = new double[e.getValue().size()]; for (int i = 0; i < x.length; i++) x[i] = e.getValue().get(i).asDouble(); c.put(e.getKey(), x); });
    int rounds = r.get("rounds").asInt();
    var v = Comparison.judge(b, c, "control", Thresholds.seeds(), rounds > 6, true);
    for (QueryVerdict q : v.values()) {
        System.out.printf(java.util.Locale.ROOT, "%s %-11s %-28s r %.3f (%.3f-%.3f)%n", new java.io.File(f).getName(), q.outcome(), q.id(), q.ratio(), q.low(), q.high());
        if (!q.id().equals("control")) tally.merge(q.outcome().name(), 1, Integer::sum);
    }
}
System.out.println("tally (control left out): " + tally);
/exit
