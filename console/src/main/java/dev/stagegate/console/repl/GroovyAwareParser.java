package dev.stagegate.console.repl;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;

import java.util.function.Predicate;

/**
 * JLine's parser knows brackets and quotes, not Groovy: on Enter it asks Groovy's own parser
 * whether the input compiles, and asks for more lines (EOFError) while it stops mid-construct.
 * SQL typed directly continues until its semicolon; /commands and \commands are one line.
 */
final class GroovyAwareParser extends DefaultParser {

    private final Predicate<String> compiles;

    GroovyAwareParser(Predicate<String> compiles) {
        this.compiles = compiles;
        setEofOnUnclosedQuote(false);
        setEofOnUnclosedBracket();
        setEscapeChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("/") && !t.startsWith("\\")) {
                if (Completeness.isSql(t)) {
                    if (!Completeness.sqlComplete(t)) {
                        throw new EOFError(-1, cursor, "SQL continues until ;", "sql");
                    }
                } else if (Completeness.groovyIncomplete(line, compiles.test(line))) {
                    throw new EOFError(-1, cursor, "incomplete Groovy", "groovy");
                }
            }
        }
        return super.parse(line, cursor, context);
    }
}
