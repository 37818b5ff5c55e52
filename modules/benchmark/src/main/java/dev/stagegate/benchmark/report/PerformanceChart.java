package dev.stagegate.benchmark.report;

import dev.stagegate.benchmark.PerformanceResult;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.benchmark.verdict.Comparison;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.benchmark.verdict.Thresholds;

import java.util.Locale;

/**
 * The chart of CE-26 as a standalone SVG (no script, no font download): one row per query, r with its
 * 95% interval as a whisker on an axis from 0.5 to the largest upper bound, the pass and rollback
 * thresholds as lines; below it, each query's median before and after as bars with their own intervals.
 */
final class PerformanceChart {

    private static final int ROW = 28;
    private static final int LEFT = 230;
    private static final int WIDTH = 440;
    private static final int RIGHT = 230;

    private PerformanceChart() {
    }

    static String svg(PerformanceResult r, Thresholds t) {
        double max = Math.max(t.rollback() + 0.2, r.verdicts().values().stream().mapToDouble(QueryVerdict::high).filter(Double::isFinite).max().orElse(1.5));
        max = Math.min(max, 10);
        double lo = 0.5;
        int n = r.suite().queries().size();
        int top2 = 50 + n * ROW + 40;
        int height = top2 + 30 + n * ROW2 + 10;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", LEFT + WIDTH + RIGHT, height, LEFT + WIDTH + RIGHT, height));
        s.append("<title>CE-26: r = candidate / baseline per query (the median of the rounds' ratios when interleaved), with its 95% interval</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(LEFT, 18, "r = candidate / baseline (95% interval); medians in ms before -> after", "start", "#333"));
        for (double[] line : new double[][]{{1.0, 0}, {t.pass(), 1}, {t.rollback(), 2}}) {
            double x = x(line[0], lo, max);
            String color = line[1] == 0 ? "#999" : line[1] == 1 ? "#d98c00" : "#c00";
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"30\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>%n", x, x,
                    40 + n * ROW, color));
            s.append(text(x, 52 + n * ROW, String.format(Locale.ROOT, "%.2f", line[0]), "middle", color));
        }
        int i = 0;
        for (SuiteQuery q : r.suite().queries()) {
            QueryVerdict v = r.verdicts().get(q.id());
            int y = 40 + i++ * ROW + ROW / 2;
            s.append(text(LEFT - 8, y + 4, q.id() + (q.control() ? " (control)" : ""), "end", "#000"));
            if (v == null) {
                continue;
            }
            String color = color(v);
            double x1 = x(v.low(), lo, max);
            double x2 = x(v.high(), lo, max);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>%n", x1, y, x2, y, color));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"><title>%s: r %.3f (%.3f-%.3f) %s</title></circle>%n",
                    x(v.ratio(), lo, max), y, color, esc(q.id()), v.ratio(), v.low(), v.high(), v.outcome()));
            s.append(text(LEFT + WIDTH + 10, y + 4, String.format(Locale.ROOT, "%.3f -> %.3f ms  %s", PerformanceReport.median(r.baselineMs().get(q.id())),
                    PerformanceReport.median(r.candidateMs().get(q.id())), v.outcome()), "start", color));
        }
        beforeAfter(s, r, top2);
        return s.append("</svg>\n").toString();
    }

    private static final int ROW2 = 30;

    /**
     * The second panel: each query's median before (grey) and after (the verdict's colour) in ms, each with its 95%
     * interval over the forks as a whisker; each row on its own scale, from 0 to its largest upper bound.
     */
    private static void beforeAfter(StringBuilder s, PerformanceResult r, int top) {
        s.append(text(LEFT, top + 8, "before -> after: median ms of the forks (95% interval), each row on its own scale from 0", "start", "#333"));
        int i = 0;
        for (SuiteQuery q : r.suite().queries()) {
            double[] b = r.baselineMs().get(q.id());
            double[] c = r.candidateMs().get(q.id());
            QueryVerdict v = r.verdicts().get(q.id());
            int y = top + 24 + i++ * ROW2;
            s.append(text(LEFT - 8, y + 10, q.id(), "end", "#000"));
            if (b == null || c == null || b.length == 0 || c.length == 0) {
                continue;
            }
            double[] bi = Comparison.medianInterval(b);
            double[] ci = Comparison.medianInterval(c);
            double bm = PerformanceReport.median(b);
            double cm = PerformanceReport.median(c);
            double scale = Math.max(bi[1], ci[1]) * 1.05;
            String color = v == null ? "#666" : color(v);
            arm(s, y, bm, bi, scale, "#999", q.id() + " before");
            arm(s, y + 11, cm, ci, scale, color, q.id() + " after");
            s.append(text(LEFT + WIDTH + 10, y + 10, String.format(Locale.ROOT, "%.3f (%.3f-%.3f) -> %.3f (%.3f-%.3f) ms", bm, bi[0], bi[1], cm, ci[0],
                    ci[1]), "start", color));
        }
    }

    private static void arm(StringBuilder s, int y, double median, double[] interval, double scale, String color, String what) {
        double w = median / scale * WIDTH;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"8\" fill=\"%s\" opacity=\"0.7\"><title>%s: %.3f ms "
                + "(95%% interval %.3f-%.3f)</title></rect>%n", LEFT, y, w, color, esc(what), median, interval[0], interval[1]));
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>%n", LEFT + interval[0] / scale * WIDTH,
                y + 4, LEFT + interval[1] / scale * WIDTH, y + 4));
    }

    /** Green for a pass, amber for what is not a clear answer, red for a failure. */
    private static String color(QueryVerdict v) {
        return switch (v.outcome()) {
            case PASS -> "#2a8a2a";
            case PASS_WARN, INCONCLUSIVE, NO_VERDICT -> "#d98c00";
            default -> "#c00";
        };
    }

    private static double x(double r, double lo, double max) {
        double c = Math.max(lo, Math.min(max, Double.isFinite(r) ? r : max));
        return LEFT + (c - lo) / (max - lo) * WIDTH;
    }

    private static String text(double x, int y, String t, String anchor, String color) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n", x, y, anchor, color, esc(t));
    }

    static String esc(String t) {
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
