package dev.stagegate.benchmark.run;

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

/**
 * Puts a fork and the server backend it talks to on one CPU. Measured on the project's 2-core machine
 * (benchmarks/README.md, issue 12): with client and backend free to float, which core the scheduler puts a
 * backend on decides its round trip (one backend 0.36x the other, sticky for seconds, then swapping), and
 * that, not the query, made forks of the same query on the same database differ by 20-40%; with both on
 * one CPU the ratio of two connections' times had a standard deviation of 1.5%. Only a backend on this
 * machine can be pinned, and only one proven to be this fork's own (its process title carries the
 * fork's client port and database); anything else is left alone and said.
 */
final class CpuPinning {

    private CpuPinning() {
    }

    /** The setting's word for "no pinning". */
    static final String OFF = "off";

    /**
     * The CPU a run pins to: {@code auto} is the highest CPU this process may run on (CPU 0 takes most
     * interrupts), a number is that CPU; -1 with {@code why} filled when there is nothing to pin to.
     */
    static int choose(String setting, StringBuilder why) {
        if (OFF.equals(setting)) {
            why.append("pinning turned off (--pin-cpu off)");
            return -1;
        }
        List<Integer> allowed = allowedCpus();
        if (allowed.isEmpty()) {
            why.append("this system does not say which CPUs a process may use (not Linux?)");
            return -1;
        }
        if (allowed.size() == 1) {
            why.append("this process may use one CPU only: client and server share it anyway");
            return -1;
        }
        if (setting == null || setting.equals("auto")) {
            return allowed.get(allowed.size() - 1);
        }
        int cpu = Integer.parseInt(setting);
        if (!allowed.contains(cpu)) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE, "--pin-cpu " + cpu
                    + ": this process may run on CPUs " + allowed + " only; give one of them, or auto");
        }
        return cpu;
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
        String others = allowedCpus().stream().filter(x -> x != cpu).map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        String rest = others.isEmpty() ? null : taskset("-a", "-p", "-c", others, String.valueOf(ProcessHandle.current().pid()));
        if (rest != null) {
            return "not pinned: the fork " + rest;
        }
        int pid;
        Integer port;
        String database;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid(), inet_client_port(), current_database()")) {
            rs.next();
            pid = rs.getInt(1);
            port = (Integer) rs.getObject(2);
            database = rs.getString(3);
        } catch (SQLException e) {
            return "not pinned: cannot ask the server for its backend: " + e.getMessage();
        }
        String title;
        try {
            title = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "not pinned: the server is not on this machine (no process " + pid + " here)";
        }
        // the backend's title is "postgres: user database host(port) state": our port and database prove it is ours,
        // and not some other local process that happens to have the remote backend's pid
        if (port == null) {
            return "not pinned: connected through a Unix socket, so the backend cannot be told from other sessions";
        }
        if (!title.startsWith("postgres: ") || !title.contains(" " + database + " ") || !title.contains("(" + port + ")")) {
            return "not pinned: process " + pid + " here is not this fork's backend (the server is on another machine)";
        }
        String backend = taskset("-p", "-c", String.valueOf(cpu), String.valueOf(pid));
        if (backend != null) {
            return "not pinned: the backend " + backend;
        }
        String thread = pinThread(cpu);
        return thread != null ? "not pinned: the benchmark thread " + thread : "pinned: each fork's benchmark thread and its backend on CPU " + cpu
                + (others.isEmpty() ? "" : ", the fork's other threads on CPU " + others);
    }

    private static final ThreadLocal<String> PINNED = new ThreadLocal<>();

    /**
     * Pins the calling thread to {@code cpu}, once per thread: called before every iteration, in case JMH
     * measures on another thread than the one that set up. Null when it worked, else why not.
     */
    static String pinThread(int cpu) {
        String tid;
        try {
            tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "could not be pinned: no /proc/thread-self";
        }
        if (tid.equals(PINNED.get())) {
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
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "taskset did not answer";
            }
            return p.exitValue() == 0 ? null : "could not be pinned (" + out.lines().reduce((a, b) -> b).orElse("taskset failed") + ")";
        } catch (IOException e) {
            return "could not be pinned: taskset is not installed (util-linux)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
