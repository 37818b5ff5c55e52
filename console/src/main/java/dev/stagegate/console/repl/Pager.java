package dev.stagegate.console.repl;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * Shows long output a screen at a time, like psql's pager: space for the next page, Enter for one
 * more line, q to stop. Dumb terminals (pipes, CI) get everything at once.
 */
final class Pager {

    private Pager() {
    }

    static void show(Terminal terminal, String text) {
        PrintWriter out = terminal.writer();
        List<String> lines = text.lines().toList();
        int height = terminal.getHeight();
        boolean interactive = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                && height > 2;
        if (!interactive || lines.size() < height) {
            lines.forEach(out::println);
            return;
        }
        Attributes saved = terminal.enterRawMode();
        try {
            int shown = 0;
            int page = height - 1;
            while (shown < lines.size()) {
                int end = Math.min(lines.size(), shown + page);
                for (int i = shown; i < end; i++) {
                    out.println(lines.get(i));
                }
                shown = end;
                if (shown >= lines.size()) {
                    break;
                }
                out.print("-- More (" + shown + "/" + lines.size() + ") -- space: page, enter: line, q: quit");
                out.flush();
                int key = terminal.reader().read();
                out.print("\r\033[K");
                if (key == 'q' || key == 'Q' || key < 0) {
                    break;
                }
                page = key == '\r' || key == '\n' ? 1 : height - 1;
            }
        } catch (IOException e) {
            // the terminal went away: nothing more to show
        } finally {
            terminal.setAttributes(saved);
            out.flush();
        }
    }
}
