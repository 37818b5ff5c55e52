package dev.stagegate.console.gate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Query results the way psql shows them: aligned columns with a header rule and a row count, or
 * one record per block in expanded mode ({@code \x}). Long results are cut at {@code limit} rows.
 */
public final class TablePrinter {

    private TablePrinter() {
    }

    public static void print(PrintWriter out, List<String> columns, List<List<String>> rows, boolean expanded, int limit) {
        List<List<String>> shown = rows.size() > limit ? rows.subList(0, limit) : rows;
        if (expanded) {
            int width = columns.stream().mapToInt(String::length).max().orElse(0);
            for (int r = 0; r < shown.size(); r++) {
                out.println("-[ RECORD " + (r + 1) + " ]" + "-".repeat(Math.max(1, width)));
                for (int c = 0; c < columns.size(); c++) {
                    out.println(pad(columns.get(c), width) + " | " + value(shown.get(r).get(c)));
                }
            }
        } else {
            int[] widths = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                widths[c] = columns.get(c).length();
                for (List<String> row : shown) {
                    widths[c] = Math.max(widths[c], value(row.get(c)).length());
                }
            }
            List<String> header = new ArrayList<>();
            List<String> rule = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                header.add(" " + center(columns.get(c), widths[c]) + " ");
                rule.add("-".repeat(widths[c] + 2));
            }
            out.println(String.join("|", header));
            out.println(String.join("+", rule));
            for (List<String> row : shown) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < columns.size(); c++) {
                    cells.add(" " + pad(value(row.get(c)), widths[c]) + " ");
                }
                out.println(String.join("|", cells));
            }
        }
        out.println("(" + rows.size() + " row" + (rows.size() == 1 ? "" : "s") + (rows.size() > limit ? ", first " + limit + " shown" : "") + ")");
    }

    public static void print(PrintWriter out, List<Map<String, Object>> rows, boolean expanded, int limit) {
        if (rows.isEmpty()) {
            out.println("(0 rows)");
            return;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        List<List<String>> values = rows.stream().map(r -> columns.stream().map(c -> r.get(c) == null ? null : String.valueOf(r.get(c))).toList()).toList();
        print(out, columns, values, expanded, limit);
    }

    private static String value(String v) {
        return v == null ? "" : v.replace("\n", "\\n");
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String center(String s, int width) {
        int left = (width - s.length()) / 2;
        return " ".repeat(Math.max(0, left)) + s + " ".repeat(Math.max(0, width - s.length() - left));
    }
}
