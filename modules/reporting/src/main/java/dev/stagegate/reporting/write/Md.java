package dev.stagegate.reporting.write;

/**
 * Text from a run (finding messages, step summaries, evidence) put on a Markdown line: one line
 * (a newline in a message must not start a ticked box or a heading of its own), no raw HTML, no
 * control characters. Table cells get the same through {@link #cell}, plus the pipe escaping.
 */
final class Md {

    private Md() {
    }

    static String text(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == '\t') {
                b.append(' ');
            } else if (c < 0x20 || c == 0x7f) {
                // a control character says nothing to a reader and breaks viewers
                b.append('?');
            } else if (c == '<') {
                b.append("&lt;");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A table cell: {@link #text}, and MarkdownTable escapes the pipes. */
    static String cell(Object value) {
        return value == null ? "" : text(value);
    }
}
