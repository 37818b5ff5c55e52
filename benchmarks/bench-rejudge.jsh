// Re-judges stored `stagegate bench` results with the verdict rules of the jar on the class path:
//   jshell --class-path console/target/stagegate.jar -R-Drejudge.files="a.json b.json" benchmarks/bench-rejudge.jsh
// Prints one line per query verdict (outcome, query, r, interval) and a tally; the fork samples are the
// runs' own (baseline_ms, candidate_ms of each ce26_benchmark_results.json), interleaved runs only.
// As `bench` does: the first half of a run's rounds judged first; only when a query is inconclusive there
// are all its rounds judged again as the final verdict. A run whose rules then would have wanted the extra
// rounds it never ran (the old rules were conclusive) is counted as "EXTRA_NOT_RUN".
import com.fasterxml.jackson.databind.*;
import dev.stagegate.benchmark.verdict.*;
var mapper = new ObjectMapper();
var tally = new java.util.TreeMap<String, Integer>();
double[] first(double[] x, int n) { return java.util.Arrays.copyOf(x, Math.min(n, x.length)); }
for (String f : System.getProperty("rejudge.files").trim().split("\\s+")) {
    JsonNode r = mapper.readTree(new java.io.File(f));
    var b = new java.util.LinkedHashMap<String, double[]>();
    var c = new java.util.LinkedHashMap<String, double[]>();
    r.get("baseline_ms").fields().forEachRemaining(e -> { double[] x = new double[e.getValue().size()]; for (int i = 0; i < x.length; i++) x[i] = e.getValue().get(i).asDouble(); b.put(e.getKey(), x); });
    r.get("candidate_ms").fields().forEachRemaining(e -> { double[] x = new double[e.getValue().size()]; for (int i = 0; i < x.length; i++) x[i] = e.getValue().get(i).asDouble(); c.put(e.getKey(), x); });
    int rounds = r.get("rounds").asInt();
    int base = r.get("settings").get("rounds").asInt();
    var b1 = new java.util.LinkedHashMap<String, double[]>(); b.forEach((k, x) -> b1.put(k, first(x, base)));
    var c1 = new java.util.LinkedHashMap<String, double[]>(); c.forEach((k, x) -> c1.put(k, first(x, base)));
    var v = Comparison.judge(b1, c1, "control", Thresholds.seeds(), false, true);
    boolean inconclusive = v.values().stream().anyMatch(q -> q.outcome() == Outcome.INCONCLUSIVE);
    if (inconclusive && rounds > base) v = Comparison.judge(b, c, "control", Thresholds.seeds(), true, true);
    for (QueryVerdict q : v.values()) {
        String o = q.outcome() == Outcome.INCONCLUSIVE ? "EXTRA_NOT_RUN" : q.outcome().name();
        System.out.printf(java.util.Locale.ROOT, "%s %-13s %-28s r %.3f (%.3f-%.3f)%n", new java.io.File(f).getName(), o, q.id(), q.ratio(), q.low(), q.high());
        if (!q.id().equals("control")) tally.merge(o, 1, Integer::sum);
    }
}
System.out.println("tally (control left out): " + tally);
/exit
