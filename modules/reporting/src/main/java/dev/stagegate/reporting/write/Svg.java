package dev.stagegate.reporting.write;

import java.util.List;
import java.util.Locale;

/**
 * The report's charts as inline SVG: horizontal bars with labels, drawn from numbers the model holds.
 * No script, no font file, no external reference: the HTML report stays one self-contained file.
 */
final class Svg {

    private static final int LABEL = 210;
    private static final int WIDTH = 760;
    private static final int ROW = 22;

    /** One bar (or interval) of a chart; {@code low}/{@code high} NaN for a plain bar. */
    record Bar(String label, double value, double low, double high, String colour, String text) {
        static Bar of(String label, double value, String colour, String text) {
            return new Bar(label, value, Double.NaN, Double.NaN, colour, text);
        }
    }

    private Svg() {
    }

    /**
     * Bars on a linear axis from 0 to {@code max}, with vertical guide lines at {@code guides}.
     *
     * @param title the chart's accessible name
     */
    static String bars(String title, List<Bar> bars, double max, List<Double> guides, List<String> guideLabels) {
        int h = 30 + bars.size() * ROW + 20;
        double scale = max <= 0 ? 0 : (WIDTH - LABEL - 80) / max;
        StringBuilder s = new StringBuilder();
        s.append("<svg role=\"img\" width=\"").append(WIDTH).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(h).append("\"><title>").append(Html.esc(title)).append("</title>");
        for (int i = 0; i < guides.size(); i++) {
            double x = LABEL + guides.get(i) * scale;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>", x, x, h - 18));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"14\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">%s</text>", x,
                    Html.esc(guideLabels.get(i))));
        }
        int y = 26;
        for (Bar b : bars) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" fill=\"#222\">%s</text>", LABEL - 6, y + 13,
                    Html.esc(b.label())));
            if (!Double.isNaN(b.value())) {
                double w = Math.max(1, b.value() * scale);
                if (Double.isNaN(b.low())) {
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>", LABEL, y + 2, w, b.colour()));
                } else {
                    // an interval: a line from low to high, the point at the value
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>",
                            LABEL + b.low() * scale, y + 9, LABEL + b.high() * scale, y + 9, b.colour()));
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"5\" fill=\"%s\"/>", LABEL + b.value() * scale, y + 9, b.colour()));
                }
                double end = LABEL + (Double.isNaN(b.high()) ? w : b.high() * scale);
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#222\">%s</text>", end + 6, y + 13, Html.esc(b.text())));
            } else {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#666\">%s</text>", LABEL + 4, y + 13, Html.esc(b.text())));
            }
            y += ROW;
        }
        return s.append("</svg>").toString();
    }
}
