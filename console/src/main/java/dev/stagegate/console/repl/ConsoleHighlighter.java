package dev.stagegate.console.repl;

import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.util.Set;

/** Colours the gate's words, SQL keywords and strings as they are typed. */
final class ConsoleHighlighter implements Highlighter {

    private final Set<String> words;

    ConsoleHighlighter(Set<String> words) {
        this.words = words;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        AttributedStringBuilder sb = new AttributedStringBuilder();
        int i = 0;
        while (i < buffer.length()) {
            char c = buffer.charAt(i);
            if (c == '\'' || c == '"') {
                int j = buffer.indexOf(c, i + 1);
                j = j < 0 ? buffer.length() : j + 1;
                sb.styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN), buffer.substring(i, j));
                i = j;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < buffer.length() && (Character.isLetterOrDigit(buffer.charAt(j)) || buffer.charAt(j) == '_')) {
                    j++;
                }
                String word = buffer.substring(i, j);
                boolean known = words.contains(word) || Completeness.SQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT));
                sb.styled(known ? AttributedStyle.BOLD.foreground(AttributedStyle.CYAN) : AttributedStyle.DEFAULT, word);
                i = j;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toAttributedString();
    }
}
