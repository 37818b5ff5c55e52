package dev.stagegate.migration.rehearsal;

import dev.stagegate.core.target.Target;

import java.util.List;

/**
 * A copy made for one rehearsal, dropped when closed (and by a shutdown hook if the run is killed)
 * unless it is kept.
 */
public final class RehearsalCopy implements AutoCloseable {

    private final Target live;
    private final DatabaseCopy copy;
    private final boolean keep;
    private final Thread cleanup;

    private RehearsalCopy(Target live, DatabaseCopy copy, boolean keep) {
        this.live = live;
        this.copy = copy;
        this.keep = keep;
        this.cleanup = new Thread(() -> DatabaseCopy.drop(copy.server(), copy.name()), "sg-rehearsal-cleanup");
        if (!keep) {
            // on the embedded server this races its own stop at exit and may lose: the next rehearsal drops what is left
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
    }

    public static RehearsalCopy make(Target live, String strategy, boolean keep) {
        return new RehearsalCopy(live, DatabaseCopy.make(live, live.database(), strategy, keep), keep);
    }

    public DatabaseCopy copy() {
        return copy;
    }

    /**
     * The target's server went away under the rehearsal: said in one line with what may be left on it
     * (the copy could not be dropped without the server).
     */
    static dev.stagegate.core.error.StagegateException serverGone(dev.stagegate.core.error.StagegateException e, String copyText) {
        if (e.code().exitCode() != dev.stagegate.core.error.ExitCode.ENVIRONMENT) {
            return e;
        }
        String name = copyText == null ? null : copyText.replaceAll("^copy (\\S+).*$", "$1");
        return new dev.stagegate.core.error.StagegateException(e.code(), "the target's server went away during the rehearsal (" + e.getMessage()
                + ")" + (name == null ? "" : "; the copy " + name + " may be left on it: DROP DATABASE " + name + " when it is back (on the "
                + "embedded server the next rehearsal drops it)") + "; the target was only read", e);
    }

    /** Copies interrupted rehearsals left on the target's server: dropped on the embedded server, named elsewhere. */
    static void sayLeftovers(Target live, java.util.function.Consumer<String> say) {
        boolean ours = onEmbedded(live);
        List<String> left = DatabaseCopy.leftovers(live, ours);
        if (!left.isEmpty()) {
            say.accept(ours ? "[INFO] dropped " + left.size() + " copy(ies) an interrupted rehearsal left on the embedded server: "
                    + String.join(", ", left) : "[WARN] " + left.size() + " copy(ies) an interrupted rehearsal left on this server, idle: "
                    + String.join(", ", left) + " (DROP DATABASE each when no rehearsal runs)");
        }
    }

    /** True when {@code t} is on the embedded server this JVM runs: stagegate's own, where leftovers may be dropped. */
    static boolean onEmbedded(Target t) {
        return dev.stagegate.embedded.EmbeddedPostgresServer.running().map(e -> e.host().equals(t.host()) && e.port() == t.port())
                .orElse(false);
    }

    /** Where a kept copy is, for the line that says it is kept. */
    public String whereKept() {
        boolean embedded = onEmbedded(copy.server());
        return copy.name() + " on " + copy.server().host() + ":" + copy.server().port() + (embedded ? " (the embedded PostgreSQL, data in "
                + dev.stagegate.embedded.EmbeddedPostgresServer.running().get().dataDirectory() + "; it runs only while a stagegate command "
                + "does, so open the copy from `stagegate console`: connect 'jdbc:postgresql://" + copy.server().host() + ":<port>/" + copy.name()
                + "?user=postgres')" : "")
                + "; drop it with DROP DATABASE " + copy.name();
    }

    /** True when the copy holds a sample, not every row: compared with the target by schema only. */
    public boolean sampled() {
        return copy.sample() != null;
    }

    /** How much bigger the target is than the copy (1 for a full copy): what measured times are scaled by. */
    public double scale() {
        return copy.sample() == null ? 1 : copy.sample().scale();
    }

    public Target target() {
        return copy.server().withDatabase(copy.name());
    }

    public String describe() {
        return "copy " + copy.name() + " made by " + copy.strategy() + " in " + copy.millis() + " ms"
                + (copy.strategy().equals("embedded") ? " (pg_dump of the target restored into the embedded PostgreSQL: the target's server "
                + "holds nothing of the rehearsal)" : "") + (copy.sample() == null ? "" : " (" + SampledCopy.describe(copy.sample()) + ")");
    }

    @Override
    public void close() {
        if (keep) {
            return;
        }
        DatabaseCopy.drop(copy.server(), copy.name());
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook drops what is already gone
        }
    }
}
