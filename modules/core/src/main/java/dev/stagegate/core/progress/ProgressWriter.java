package dev.stagegate.core.progress;

import java.io.PrintWriter;

/**
 * The console's output when progress may be showing: on a terminal, any line written clears the
 * progress line first, so "[SUCCESS] Migration 004 completed" never runs into "migrate: 004 (5 s)";
 * the progress itself goes through {@link #sink()}. Not on a terminal it is a plain writer, and the
 * sink prints timestamped lines.
 */
public final class ProgressWriter extends PrintWriter {

    private final boolean terminal;
    private boolean showing;
    private boolean inSink;
    private Progress.Sink plain;

    public ProgressWriter(PrintWriter target, boolean terminal) {
        super(target, true);
        this.terminal = terminal;
    }

    /** Where progress goes: the line in place on a terminal, else timestamped lines through this writer. */
    public Progress.Sink sink() {
        if (!terminal) {
            synchronized (lock) {
                if (plain == null) {
                    plain = Progress.to(this, false);
                }
                return plain;
            }
        }
        return (line, last) -> {
            synchronized (lock) {
                inSink = true;
                try {
                    super.write("\r\u001b[2K" + line + (last ? "\n" : ""));
                    super.flush();
                } finally {
                    inSink = false;
                }
                showing = !last && !line.isEmpty();
            }
        };
    }

    private void clear() {
        if (showing && !inSink) {
            showing = false;
            inSink = true;
            try {
                super.write("\r\u001b[2K");
            } finally {
                inSink = false;
            }
        }
    }

    @Override
    public void write(int c) {
        synchronized (lock) {
            clear();
            super.write(c);
        }
    }

    @Override
    public void write(char[] buf, int off, int len) {
        synchronized (lock) {
            clear();
            super.write(buf, off, len);
        }
    }

    @Override
    public void write(String s, int off, int len) {
        synchronized (lock) {
            clear();
            super.write(s, off, len);
        }
    }
}
