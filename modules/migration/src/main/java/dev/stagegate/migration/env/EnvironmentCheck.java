package dev.stagegate.migration.env;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.target.Secrets;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.migration.env.ServerFacts.Disk;
import dev.stagegate.migration.env.ServerFacts.Replica;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The gate's {@code environment} step (CE-20, seed 004): is this server fit to take the migrations
 * now? It fails on a server older than the minimum major, on other active sessions, sessions idle in
 * transaction and old transactions on the database, on replication lag, on extensions the migrations
 * create that the server cannot install, on a lock table too small for the biggest migration, and on
 * free disk below 150% of the database size. A figure it cannot read (free disk of a remote host that
 * nobody stated, sessions or replicas the role may not see) makes the step {@link StepStatus#INCOMPLETE}:
 * never a pass.
 *
 * <pre>{@code
 * StepResult r = EnvironmentCheck.builder()
 *         .needs(MigrationNeeds.fromSql(migrationTexts))
 *         .dataDirectory(embedded ? Optional.of(server.dataDirectory()) : Optional.empty())
 *         .statedDiskFreeBytes(Optional.ofNullable(diskFreeOption))
 *         .profileVariables(profile.variables(), target.secrets())
 *         .thresholds(EnvironmentThresholds.defaults())
 *         .build()
 *         .run(connection, serverInfo);
 * }</pre>
 *
 * <p>Sessions are other client backends on the same database. Without {@code pg_read_all_stats} a
 * role sees only its own sessions' state: the others (their backend type hidden too, but a role shown)
 * are counted as not visible, which makes the step INCOMPLETE rather than a pass on blind figures.
 *
 * It uses only the connection it is given and issues {@value #QUERIES} queries on it, in the
 * connection's current mode (it starts and ends no transaction). The summary line reproduces run to
 * run; figures that move (sizes, free bytes, ages) are in the metrics under {@value #MEASURED}.
 */
public final class EnvironmentCheck {

    public static final String STEP = "environment";
    /** Queries {@link #read} issues: one to drop the session's cached activity snapshot, one for the facts. */
    public static final int QUERIES = 2;
    /** Prefix of the metrics that move run to run (replays must not compare them). */
    public static final String MEASURED = "measured.";
    /** Prefix of the metrics holding the profile's variables, masked. */
    public static final String PROFILE = "profile.";

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASS|SECRET|TOKEN|KEY|CREDENTIAL).*");

    private static final String FACTS_SQL = """
            SELECT current_database(), pg_database_size(current_database()), pg_is_in_recovery(),
                   CASE WHEN pg_is_in_recovery() THEN
                        extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 END,
                   current_setting('max_locks_per_transaction')::int, current_setting('max_connections')::int,
                   current_setting('max_prepared_transactions')::int,
                   (SELECT coalesce(array_agg(e.name::text ORDER BY e.name), '{}') FROM pg_available_extensions e),
                   s.active, s.idle_tx, s.hidden, s.oldest, s.lines, r.names, r.states, r.lags
            FROM (SELECT count(*) FILTER (WHERE a.state IN ('active', 'fastpath function call')) AS active,
                         count(*) FILTER (WHERE a.state LIKE 'idle in transaction%') AS idle_tx,
                         count(*) FILTER (WHERE a.state IS NULL OR a.state = 'disabled') AS hidden,
                         extract(epoch FROM clock_timestamp() - min(a.xact_start))::float8 AS oldest,
                         coalesce(array_agg(format('pid %s, role %s, application %L, %s, transaction open %s s', a.pid,
                                  a.usename, a.application_name, coalesce(a.state, 'state not visible'),
                                  coalesce(round(extract(epoch FROM clock_timestamp() - a.xact_start))::text, '-'))
                                  ORDER BY a.pid) FILTER (WHERE a.state IS DISTINCT FROM 'idle'), '{}') AS lines
                  FROM pg_stat_activity a
                  WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                    AND (a.backend_type = 'client backend'
                         OR a.backend_type IS NULL AND a.usesysid IS NOT NULL)) s,
                 (SELECT coalesce(array_agg(coalesce(p.application_name, '') ORDER BY p.application_name, p.pid), '{}') AS names,
                         coalesce(array_agg(p.state::text ORDER BY p.application_name, p.pid), '{}') AS states,
                         coalesce(array_agg(extract(epoch FROM p.replay_lag)::float8 ORDER BY p.application_name, p.pid),
                                  '{}') AS lags
                  FROM pg_stat_replication p) r
            """;

    private final MigrationNeeds needs;
    private final Optional<Path> dataDirectory;
    private final Optional<Long> statedDiskFreeBytes;
    private final Map<String, String> profileVariables;
    private final Collection<String> secrets;
    private final EnvironmentThresholds thresholds;

    private EnvironmentCheck(Builder b) {
        this.needs = b.needs;
        this.dataDirectory = b.dataDirectory;
        this.statedDiskFreeBytes = b.statedDiskFreeBytes;
        this.profileVariables = b.profileVariables;
        this.secrets = b.secrets;
        this.thresholds = b.thresholds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the step: reads the facts on {@code connection} and judges them. A server older than the
     * minimum major fails without further queries (they may not exist there). A query failure is an
     * {@link StepStatus#ERROR} result, not an exception.
     */
    public StepResult run(Connection connection, ServerInfo info) {
        long start = System.nanoTime();
        if (info.major() < thresholds.minServerMajor()) {
            List<Finding> findings = List.of(tooOld(info.major()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("server_major", info.major());
            maskedVariables(profileVariables, secrets).forEach((k, v) -> m.put(PROFILE + k, v));
            return new StepResult(STEP, StepStatus.FAILED, "PostgreSQL " + info.major() + " is below "
                    + thresholds.minServerMajor() + "; nothing else checked", findings, m, List.of(),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        ServerFacts facts;
        try {
            facts = read(connection, info, dataDirectory, statedDiskFreeBytes);
        } catch (SQLException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return StepResult.notRun(STEP, StepStatus.ERROR, "could not read the server's state (SQLSTATE "
                    + e.getSQLState() + "): " + Secrets.mask(first, secrets))
                    .withDuration(Duration.ofNanos(System.nanoTime() - start));
        }
        return result(facts, needs, thresholds, profileVariables, secrets, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Reads the facts in {@value #QUERIES} queries on the given connection, and the free disk: measured
     * on {@code dataDirectory} when there is one, else {@code statedDiskFreeBytes}; with both, the lower
     * figure is used (a stated figure can only make the check stricter than the disk it can see).
     */
    public static ServerFacts read(Connection connection, ServerInfo info, Optional<Path> dataDirectory,
                                   Optional<Long> statedDiskFreeBytes) throws SQLException {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(statedDiskFreeBytes, "statedDiskFreeBytes");
        ServerFacts facts;
        try (Statement st = connection.createStatement()) {
            // pg_stat_activity is cached for the rest of a transaction once read; drop that cache so
            // a caller inside a transaction still sees the sessions as they are now.
            try (ResultSet rs = st.executeQuery("SELECT pg_stat_clear_snapshot()")) {
                rs.next();
            }
            try (ResultSet rs = st.executeQuery(FACTS_SQL)) {
                rs.next();
                Double standby = (Double) rs.getObject(4);
                Double oldest = (Double) rs.getObject(12);
                List<String> names = strings(rs.getArray(14));
                List<String> states = strings(rs.getArray(15));
                List<Object> lags = objects(rs.getArray(16));
                List<Replica> replicas = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) {
                    Object lag = lags.get(i);
                    replicas.add(new Replica(names.get(i), states.get(i),
                            lag == null ? Optional.empty() : Optional.of(EnvironmentRules.seconds(((Number) lag).doubleValue()))));
                }
                facts = new ServerFacts(info.major(), rs.getString(1), rs.getLong(2), rs.getInt(9), rs.getInt(10),
                        rs.getInt(11), strings(rs.getArray(13)),
                        oldest == null ? Optional.empty() : Optional.of(EnvironmentRules.seconds(oldest)), rs.getBoolean(3),
                        standby == null ? Optional.empty() : Optional.of(EnvironmentRules.seconds(standby)), replicas, rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), Set.copyOf(strings(rs.getArray(8))), Disk.unknown("not read yet"));
            }
        }
        return facts.withDisk(Disk.of(dataDirectory, statedDiskFreeBytes));
    }

    /** The rules, on facts alone: every finding the facts and needs earn under the thresholds. */
    public static List<Finding> evaluate(ServerFacts f, MigrationNeeds needs, EnvironmentThresholds t) {
        return EnvironmentRules.evaluate(f, needs, t);
    }

    /**
     * The step's status for these findings (also after suppressions were applied): FAILED when a real
     * failure is among the failing findings; INCOMPLETE when the only failing findings say a figure could
     * not be read; otherwise PASSED or WARNED as {@link StepResult#statusOf}.
     */
    public static StepStatus status(List<Finding> findings) {
        List<Finding> failing = findings.stream().filter(Finding::fails).toList();
        if (!failing.isEmpty() && failing.stream().allMatch(EnvironmentCheck::isUnknown)) {
            return StepStatus.INCOMPLETE;
        }
        return StepResult.statusOf(findings);
    }

    private static boolean isUnknown(Finding f) {
        for (EnvironmentCode c : EnvironmentCode.values()) {
            if (c.name().equals(f.code())) {
                return c.unknown();
            }
        }
        return false;
    }

    /** The step's result for facts already read. */
    public static StepResult result(ServerFacts f, MigrationNeeds needs, EnvironmentThresholds t,
                                    Map<String, String> profileVariables, Collection<String> secrets, Duration took) {
        List<Finding> findings = evaluate(f, needs, t);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_major", f.serverMajor());
        m.put("other_active_sessions", f.otherActiveSessions());
        m.put("idle_in_transaction", f.idleInTransaction());
        m.put("sessions_not_visible", f.sessionsNotVisible());
        m.put("in_recovery", f.inRecovery());
        m.put("replicas", f.replicas().size());
        m.put("extensions_needed", String.join(",", needs.extensions()));
        m.put("lock_estimate", needs.lockEstimate());
        m.put("max_locks_per_transaction", f.maxLocksPerTransaction());
        m.put("shared_lock_table", f.sharedLockTable());
        m.put("disk_source", f.disk().source().name().toLowerCase(Locale.ROOT));
        m.put("disk_headroom_required", EnvironmentRules.percent(t.diskHeadroomRatio()));
        m.put(MEASURED + "database_bytes", f.databaseBytes());
        f.disk().freeBytes().ifPresent(b -> m.put(MEASURED + "disk_free_bytes", b));
        f.oldestTransactionAge().ifPresent(d -> m.put(MEASURED + "oldest_transaction_seconds", d.toMillis() / 1000.0));
        f.maxReplicationLag().ifPresent(d -> m.put(MEASURED + "max_replication_lag_seconds", d.toMillis() / 1000.0));
        maskedVariables(profileVariables, secrets).forEach((k, v) -> m.put(PROFILE + k, v));
        return new StepResult(STEP, status(findings), summary(f, needs, t, findings), findings, m, List.of(), took);
    }

    /**
     * The profile's variables to show (the seeds' {@code check_env.py}), sorted by name, each value masked
     * when the name looks secret ({@code *PASS*}, {@code *SECRET*}, {@code *TOKEN*}, {@code *KEY*},
     * {@code *CREDENTIAL*}) or when it is, or contains, one of {@code secrets} or a {@code password=} /
     * {@code user:pass@} form. An empty value shows as {@code (empty)}.
     */
    public static Map<String, String> maskedVariables(Map<String, String> variables, Collection<String> secrets) {
        Map<String, String> out = new TreeMap<>();
        variables.forEach((name, value) -> {
            String shown;
            if (value == null || value.isEmpty()) {
                shown = "(empty)";
            } else if (SECRET_NAME.matcher(name).matches() || secrets.contains(value)) {
                shown = Secrets.MASK;
            } else {
                shown = Secrets.mask(value, secrets);
            }
            out.put(name, shown);
        });
        return out;
    }

    private static final Pattern SIZE = Pattern.compile("(?i)\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|MB|MIB|GB|GIB|TB|TIB)?\\s*");

    /**
     * Parses a stated size such as {@code 40GB}, {@code 512MB}, {@code 1.5TB} or {@code 123456} (bytes).
     * Units are binary, as in PostgreSQL's own settings: 1 kB = 1024 B ({@code KiB} etc. are accepted too).
     */
    public static long parseBytes(String text) {
        var m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (write e.g. 40GB, 512MB or a number of bytes)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "");
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        double bytes = n * Math.pow(2, shift);
        if (bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return (long) Math.floor(bytes);
    }

    /** One line that reproduces run to run: counts and verdicts only, no sizes, ages or free bytes. */
    static String summary(ServerFacts f, MigrationNeeds needs, EnvironmentThresholds t, List<Finding> findings) {
        long missing = needs.extensions().stream().filter(e -> !f.availableExtensions().contains(e)).count();
        String disk = switch (f.disk().source()) {
            case UNKNOWN -> "disk headroom UNKNOWN (state --disk-free)";
            case MEASURED, STATED -> "disk headroom " + (findings.stream().anyMatch(x -> x.code()
                    .equals(EnvironmentCode.DISK_HEADROOM.name())) ? "BELOW " : "ok, at least ")
                    + EnvironmentRules.percent(t.diskHeadroomRatio()) + " (" + f.disk().source().name().toLowerCase(Locale.ROOT) + ")";
        };
        StringBuilder s = new StringBuilder("PostgreSQL ").append(f.serverMajor())
                .append(f.inRecovery() ? " standby" : "")
                .append(", ").append(f.otherActiveSessions()).append(" other active session(s), ")
                .append(f.idleInTransaction()).append(" idle in transaction, ")
                .append(f.replicas().size()).append(" replica(s), extensions ")
                .append(needs.extensions().size() - missing).append('/').append(needs.extensions().size())
                .append(" available, lock estimate ").append(needs.lockEstimate()).append(" (")
                .append(f.maxLocksPerTransaction()).append(" per transaction), ").append(disk);
        List<String> failing = findings.stream().filter(Finding::fails).map(Finding::code).distinct().toList();
        if (!failing.isEmpty()) {
            s.append("; failing: ").append(String.join(", ", failing));
        }
        return s.toString();
    }

    private Finding tooOld(int major) {
        return EnvironmentRules.tooOldFinding(major, thresholds.minServerMajor());
    }





    private static List<String> strings(Array array) throws SQLException {
        return objects(array).stream().map(o -> o == null ? null : o.toString()).toList();
    }

    private static List<Object> objects(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return java.util.Arrays.asList((Object[]) array.getArray());
        } finally {
            array.free();
        }
    }

    /** Inputs of the check; every one has a safe default (nothing needed, no disk figure, default thresholds). */
    public static final class Builder {
        private MigrationNeeds needs = MigrationNeeds.none();
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<Long> statedDiskFreeBytes = Optional.empty();
        private Map<String, String> profileVariables = Map.of();
        private Collection<String> secrets = List.of();
        private EnvironmentThresholds thresholds = EnvironmentThresholds.defaults();

        private Builder() {
        }

        /** What the migrations ask for: see {@link MigrationNeeds#fromSql}. */
        public Builder needs(MigrationNeeds v) {
            this.needs = Objects.requireNonNull(v, "needs");
            return this;
        }

        public Builder needs(Set<String> extensions, int lockEstimate) {
            return needs(new MigrationNeeds(extensions, lockEstimate));
        }

        /** The server's data folder when it is on this machine (the embedded server); empty for a remote one. */
        public Builder dataDirectory(Optional<Path> v) {
            this.dataDirectory = Objects.requireNonNull(v, "dataDirectory");
            return this;
        }

        /** Free disk the user stated ({@code --disk-free 40GB}), in bytes. */
        public Builder statedDiskFreeBytes(Optional<Long> v) {
            Objects.requireNonNull(v, "statedDiskFreeBytes");
            if (v.isPresent() && v.get() < 0) {
                throw new IllegalArgumentException("a stated free-disk figure cannot be negative: " + v.get());
            }
            this.statedDiskFreeBytes = v;
            return this;
        }

        /** Variables to list in the metrics, masked; {@code secrets} are values never to show. */
        public Builder profileVariables(Map<String, String> variables, Collection<String> secretValues) {
            this.profileVariables = java.util.Collections.unmodifiableMap(
                    new LinkedHashMap<>(Objects.requireNonNull(variables, "variables")));
            this.secrets = java.util.Collections.unmodifiableList(
                    new ArrayList<>(Objects.requireNonNull(secretValues, "secretValues")));
            return this;
        }

        public Builder thresholds(EnvironmentThresholds v) {
            this.thresholds = Objects.requireNonNull(v, "thresholds");
            return this;
        }

        public EnvironmentCheck build() {
            return new EnvironmentCheck(this);
        }
    }
}
