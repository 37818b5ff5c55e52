package dev.stagegate.benchmark.run;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Puts a fork's benchmark thread and the server backend it talks to on one CPU. Measured on the project's
 * 2-core machine (benchmarks/README.md, issue 12): with client and backend free to float, which core the
 * scheduler puts a backend on decides its round trip (one backend 0.36x the other, sticky for seconds, then
 * swapping), and that, not the query, made forks of the same query on the same database differ by 20-40%;
 * with both on one CPU the ratio of two connections' times had a standard deviation of 1.5%.
 * <p>
 * Only a backend proven to be this fork's own is touched: the server end of the fork's own TCP connection
 * must be an open socket of that process ({@link BackendProof}). Nothing is changed before that proof and
 * the checks all pass; a failure after a change puts the affinities back. A pooler or proxy in between, a
 * server elsewhere or in another container, a Unix socket or no permission leave everything as it was, and
 * the run says "not pinned: why".
 */
final class CpuPinning {

    private CpuPinning() {
    }

    /** How the status of a pinned fork starts; anything else is "not pinned: why". */
    static final String PINNED_STATUS = "pinned: ";

    /** The setting's word for "no pinning". */
    static final String OFF = "off";

    /**
     * The CPU a run pins to: {@code auto} is the highest CPU this process may run on (CPU 0 takes most
     * interrupts), a number is that CPU (refused when the process may not use it); -1 with {@code why}
     * filled when there is nothing to pin to.
     */
    static int choose(String setting, StringBuilder why) {
        if (OFF.equals(setting)) {
            why.append("pinning turned off (--pin-cpu off)");
            return -1;
        }
        List<Integer> allowed = allowedCpus();
        if (setting != null && !setting.equals("auto") && !allowed.isEmpty() && !allowed.contains(Integer.parseInt(setting))) {
            throw new StagegateException(ErrorCode.USAGE, "--pin-cpu " + setting + ": this process may run on CPUs " + allowed
                    + " only; give one of them, or auto");
        }
        if (allowed.isEmpty()) {
            why.append("this system does not say which CPUs a process may use (not Linux?)");
            return -1;
        }
        if (allowed.size() == 1) {
            why.append("this process may use one CPU only: client and server share it anyway");
            return -1;
        }
        return setting == null || setting.equals("auto") ? allowed.get(allowed.size() - 1) : Integer.parseInt(setting);
    }

    /** Cpus_allowed_list of /proc/self/status ("0-3,6"), expanded; empty where there is none. */
    static List<Integer> allowedCpus() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    List<Integer> out = new java.util.ArrayList<>();
                    for (String part : line.substring(line.indexOf(':') + 1).strip().split(",")) {
                        String[] r = part.split("-");
                        for (int c = Integer.parseInt(r[0]); c <= Integer.parseInt(r[r.length - 1]); c++) {
                            out.add(c);
                        }
                    }
                    return out;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not Linux
        }
        return List.of();
    }

    /**
     * Pins the fork's benchmark thread (the caller) and its connection's backend to {@code cpu}, and the fork's
     * other threads (JIT compilers, GC, JMH's link to the host) to the other CPUs, so they neither share the
     * measured CPU nor slow the warmup (measured: everything on one CPU took twice as long to reach steady
     * state). Returns what was done, as one line for the evidence: "pinned ..." or "not pinned: why".
     */
    static String pin(Connection c, int cpu) {
        List<Integer> allowed = allowedCpus();
        String all = allowed.stream().map(String::valueOf).collect(Collectors.joining(","));
        String others = allowed.stream().filter(x -> x != cpu).map(String::valueOf).collect(Collectors.joining(","));
        long pid;
        try {
            pid = BackendProof.backendOf(c);
        } catch (BackendProof.NotOurs e) {
            return "not pinned: " + e.getMessage();
        }
        String self = String.valueOf(ProcessHandle.current().pid());
        String backend = taskset("-p", "-c", String.valueOf(cpu), String.valueOf(pid));
        if (backend != null) {
            return "not pinned: the backend " + backend;
        }
        String rest = others.isEmpty() ? null : taskset("-a", "-p", "-c", others, self);
        String thread = rest != null ? null : pinThread(cpu, true);
        if (rest != null || thread != null) {
            // put back what was changed: the fork's threads and the backend on every CPU again
            taskset("-a", "-p", "-c", all, self);
            taskset("-p", "-c", all, String.valueOf(pid));
            return "not pinned: " + (rest != null ? "the fork " + rest : "the benchmark thread " + thread);
        }
        return PINNED_STATUS + "each fork's benchmark thread and its backend on CPU " + cpu + (others.isEmpty() ? "" : ", the fork's other threads on CPU "
                + others);
    }

    private static final ThreadLocal<String> PINNED = new ThreadLocal<>();

    /**
     * Pins the calling thread to {@code cpu}, once per thread: called before every iteration, in case JMH
     * measures on another thread than the one that set up. Null when it worked, else why not.
     */
    static String pinThread(int cpu) {
        return pinThread(cpu, false);
    }

    private static String pinThread(int cpu, boolean again) {
        String tid;
        try {
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "could not be pinned: no /proc/thread-self";
        }
        if (!again && tid.equals(PINNED.get())) {
            return null;
        }
        String why = taskset("-p", "-c", String.valueOf(cpu), tid);
        if (why == null) {
            PINNED.set(tid);
        }
        return why;
    }

    /** Runs taskset; null when it worked, else why not. */
    private static String taskset(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("taskset"));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("sg-taskset", ".txt");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                // waited for with a bound (a pipe read first would wait for ever on a taskset that hangs)
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "could not be pinned: taskset did not answer in 10 s";
                }
                String said = Files.readString(out).strip();
                return p.exitValue() == 0 ? null : "could not be pinned (" + said.lines().reduce((a, b) -> b).orElse("taskset failed") + ")";
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return "could not be pinned: taskset is not installed (util-linux)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "could not be pinned: interrupted";
        }
    }
}
