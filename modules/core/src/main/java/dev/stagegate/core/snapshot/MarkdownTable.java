package dev.stagegate.core.snapshot;

import java.util.ArrayList;
import java.util.List;

/** Builds a GitHub-flavoured Markdown table, escaping pipes so SQL text cannot break it. */
public final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    public MarkdownTable row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(escape(c == null ? "" : String.valueOf(c)));
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void appendTo(StringBuilder out) {
        out.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        for (List<String> r : rows) {
            out.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        out.append('\n');
    }

    static String escape(String s) {
        return s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
