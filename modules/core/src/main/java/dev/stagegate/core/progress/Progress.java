package dev.stagegate.core.progress;

import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where a long step is (data generation, copies, dumps, benchmarks): what is being done, how far it
 * is, the time so far and an estimate of the rest from the pace so far. On a terminal it is one line
 * rewritten in place; otherwise (a CI log, a pipe) plain timestamped lines, at most one each
 * {@link #PLAIN_EVERY_MILLIS} unless the work ends, so a log stays readable.
 */
public final class Progress {

    /** Where progress goes: a terminal line or plain lines. */
    public interface Sink {
        /** @param last true for the line that ends the work */
        void show(String line, boolean last);
    }

    /**
     * An output that takes both plain lines ({@code [INFO] ...}) and progress: what the console hands to a
     * long step. On a terminal a plain line first clears the progress line it would otherwise run into.
     */
    public interface Lines extends java.util.function.Consumer<String>, Sink {
    }

    /** The console's output as {@link Lines}: progress in place on a terminal, timestamped lines otherwise. */
    public static Lines lines(PrintWriter out, boolean terminal) {
        if (out instanceof ProgressWriter pw) {
            Sink own = pw.sink();
            return new Lines() {
                @Override
                public void accept(String line) {
                    pw.println(line);
                }

                @Override
                public void show(String line, boolean last) {
                    own.show(line, last);
                }
            };
        }
        Sink sink = to(out, terminal);
        boolean inPlace = sink != SILENT && (System.getenv("STAGEGATE_PROGRESS") == null ? terminal : "terminal".equals(System.getenv("STAGEGATE_PROGRESS")));
        return new Lines() {
            @Override
            public void accept(String line) {
                out.println((inPlace ? "\r\u001b[2K" : "") + line);
                out.flush();
            }

            @Override
            public void show(String line, boolean last) {
                sink.show(line, last);
            }
        };
    }

    /** The progress sink behind a line consumer, when it has one (a console's {@link Lines}); else none. */
    public static Sink sinkOf(java.util.function.Consumer<String> out) {
        return out instanceof Sink s ? s : SILENT;
    }

    private static final Sink SILENT = (line, last) -> { };

    static final long PLAIN_EVERY_MILLIS = 10_000;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final String task;
    private final long total;
    private final Sink sink;
    private final LongSupplier clock;
    private final long start;

    Progress(String task, long total, Sink sink, LongSupplier millis) {
        this.task = task;
        this.total = total;
        this.sink = sink;
        this.clock = millis;
        this.start = millis.getAsLong();
    }

    public static Progress of(String task, long total, Sink sink) {
        return new Progress(task, total, sink, () -> System.nanoTime() / 1_000_000);
    }

    /** Whether standard output is a terminal (not a file, a pipe or a CI log), or what STAGEGATE_PROGRESS says. */
    public static boolean onTerminal() {
        String forced = System.getenv("STAGEGATE_PROGRESS");
        return forced == null ? System.console() != null : forced.equals("terminal");
    }

    /** A sink that shows nothing (tests, quiet runs). */
    public static Sink silent() {
        return SILENT;
    }

    /**
     * The sink for an output: a line updated in place when {@code terminal}, else timestamped lines.
     * {@code STAGEGATE_PROGRESS=plain} or {@code terminal} overrides the guess; {@code off} shows nothing.
     */
    public static Sink to(PrintWriter out, boolean terminal) {
        String forced = System.getenv("STAGEGATE_PROGRESS");
        if ("off".equals(forced)) {
            return SILENT;
        }
        boolean tty = forced == null ? terminal : forced.equals("terminal");
        return tty ? terminalLine(out) : plainLines(out, () -> System.nanoTime() / 1_000_000, () -> LocalDateTime.now().format(STAMP));
    }

    static Sink terminalLine(PrintWriter out) {
        return (line, last) -> {
            // carriage return and erase-line: the same line shows the new state
            out.print("\r\u001b[2K" + line + (last ? "\n" : ""));
            out.flush();
        };
    }

    static Sink plainLines(PrintWriter out, LongSupplier millis, java.util.function.Supplier<String> stamp) {
        long[] lastShown = {Long.MIN_VALUE / 2};
        return (line, last) -> {
            long now = millis.getAsLong();
            if (line.isEmpty()) {
                return; // "clear the progress line": nothing to clear in a log
            }
            if (last || now - lastShown[0] >= PLAIN_EVERY_MILLIS) {
                out.println(stamp.get() + " " + line);
                out.flush();
                lastShown[0] = now;
            }
        };
    }

    /** {@code done} of {@code total} units are done; {@code detail} says what is being done now. */
    public void at(long done, String detail) {
        sink.show(line(done, detail, clock.getAsLong() - start), false);
    }

    /** The work ended; {@code summary} is the last line shown. */
    public void done(String summary) {
        sink.show(task + ": " + summary + " (" + seconds(clock.getAsLong() - start) + ")", true);
    }

    String line(long done, String detail, long elapsed) {
        StringBuilder b = new StringBuilder(task).append(": ").append(done).append('/').append(total);
        if (detail != null && !detail.isEmpty()) {
            b.append(", ").append(detail);
        }
        b.append(" (").append(seconds(elapsed));
        if (done > 0 && done < total) {
            b.append(", about ").append(seconds(elapsed * (total - done) / done)).append(" left");
        }
        return b.append(')').toString();
    }

    static String seconds(long millis) {
        long s = Math.round(millis / 1000.0);
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }
}
