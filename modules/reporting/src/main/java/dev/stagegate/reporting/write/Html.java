package dev.stagegate.reporting.write;

/**
 * Escaping for the report's HTML and the JUnit XML (element content and attribute values alike):
 * the five markup characters, and the characters XML 1.0 forbids (controls, lone surrogates,
 * U+FFFE/U+FFFF) replaced by '?', so a byte from a table's data can never make the file unreadable.
 */
final class Html {

    private Html() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!allowed(s, i)) {
                b.append('?');
                continue;
            }
            if (Character.isHighSurrogate(c)) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Text for the XML writer (it escapes markup itself): only the characters XML 1.0 allows. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!allowed(s, i)) {
                b.append('?');
            } else if (Character.isHighSurrogate(c)) {
                b.append(c).append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean allowed(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return false;
        }
        return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
    }
}
