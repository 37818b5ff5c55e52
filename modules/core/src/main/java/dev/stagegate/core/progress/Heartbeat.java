package dev.stagegate.core.progress;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Progress for one long operation that cannot count its units (a pg_dump, a copy, a migration on a
 * big table): what is being done and the time so far, and, when this run already measured the same
 * work (the rehearsal timed the migrations on a copy; the pre-migration backup timed a dump), the
 * estimate that measurement gives. Silent for the first seconds, so a quick step prints nothing.
 */
public final class Heartbeat implements AutoCloseable {

    static final long QUIET_MILLIS = 3_000;
    private final ScheduledExecutorService timer;
    private final Progress.Sink sink;
    private volatile boolean shown;

    private Heartbeat(ScheduledExecutorService timer, Progress.Sink sink) {
        this.timer = timer;
        this.sink = sink;
    }

    /**
     * @param what         e.g. {@code backup pre_migration: pg_dump}
     * @param estimateMillis what this run measured for the same work, or -1 when nothing did
     * @param basis        what the estimate comes from ({@code the rehearsal on a copy}), shown with it
     */
    public static Heartbeat start(String what, long estimateMillis, String basis, Progress.Sink sink) {
        if (sink == Progress.silent()) {
            return new Heartbeat(null, sink);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stagegate-heartbeat");
            t.setDaemon(true);
            return t;
        });
        Heartbeat h = new Heartbeat(timer, sink);
        long start = System.nanoTime() / 1_000_000;
        LongSupplier elapsed = () -> System.nanoTime() / 1_000_000 - start;
        timer.scheduleAtFixedRate(() -> {
            h.shown = true;
            sink.show(line(what, elapsed.getAsLong(), estimateMillis, basis), false);
        }, QUIET_MILLIS, 1_000, TimeUnit.MILLISECONDS);
        return h;
    }

    /** {@code backup post_migration: pg_dump (12 s; backup pre_migration took 42 s: about 30 s left)}. */
    static String line(String what, long elapsed, long estimate, String basis) {
        StringBuilder b = new StringBuilder(what).append(" (").append(Progress.seconds(elapsed));
        if (estimate > 0) {
            b.append("; ").append(basis).append(" took ").append(Progress.seconds(estimate));
            if (elapsed < estimate) {
                b.append(": about ").append(Progress.seconds(estimate - elapsed)).append(" left");
            }
        }
        return b.append(')').toString();
    }

    @Override
    public void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shown) {
            // a terminal's line is cleared for the step's own line; plain lines need nothing
            sink.show("", false);
        }
    }
}
