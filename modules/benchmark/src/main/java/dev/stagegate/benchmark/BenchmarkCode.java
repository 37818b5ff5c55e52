package dev.stagegate.benchmark;

import dev.stagegate.core.result.FindingCode;

/**
 * Every finding code the benchmark emits (CE-26). The registry the docs are generated from: a code is
 * added here, never typed as a string.
 */
public enum BenchmarkCode implements FindingCode {
    BENCH_SLOWER("A query is slower on the candidate than on the baseline past the pass threshold (FAIL, or FAIL_SOFT after the extra rounds)."),
    BENCH_ROLLBACK_TRIGGER("A query is 30% slower or more on the candidate (the seeds' trigger; --slower-rollback), its whole interval past the pass threshold: a rollback trigger."),
    BENCH_QUERY_BROKEN("A suite query that runs on the baseline fails on the candidate (an error, or over the 60 s statement timeout): the migration broke it."),
    BENCH_RESULT_CHANGED("A query returns rows on the baseline and none on the candidate (or another number of rows): the timing compares different work."),
    BENCH_EMPTY_RESULT("A query returns no row on the baseline: it times an empty result, so its verdict says little."),
    BENCH_NO_VERDICT("The control query moved or the samples spread too much to tell: the query has no verdict, which is never a pass."),
    BENCH_UNPINNED("The forks and their server backends could not be put on one CPU (a server on another machine, no permission, or --pin-cpu off): placement noise widens the intervals."),
    BENCH_CONTROL_TOUCHED("The control query's plan differs between the baseline and the candidate: the migration touched what it reads, so it cannot tell host drift apart."),
    BENCH_NO_CONTROL("The suite has no control query, so host drift between the arms is not checked."),
    BENCH_RLS_BYPASSED("The benchmark's role skips the row-level security of tables the suite reads (a superuser, BYPASSRLS, or the owner without FORCE): the policies' cost is not in the timings."),
    BENCH_SAME_DATABASE("The baseline and the candidate are one database (an A/A run): the verdicts show this host's noise, not a migration's effect."),
    BENCH_NOT_INTERLEAVED("The baseline is a stored result from an earlier run, not measured beside the candidate: host drift is not controlled."),
    BENCH_OVER_LIMIT("A query's median on the candidate is over the limit its suite gives it (-- max:)."),
    BENCH_PLAN_SEQ_SCAN("A table the baseline's plan read through an index is read by a sequential scan in the candidate's plan."),
    BENCH_PLAN_NEW_NODE("The candidate's plan has a Sort or Hash Join over a big table that the baseline's plan does not have."),
    BENCH_INDEX_UNUSED("An index got no scan while the suite ran on the candidate: reported, not failed (the suite may not cover it)."),
    BENCH_SLOW_QUERY("A statement took over a second (from pg_stat_statements when it is installed, else the suite's own medians)."),
    BENCH_CONNECTION_LEAK("A connection the benchmark opened was still open after it ended."),
    BENCH_IDLE_IN_TRANSACTION("Sessions sat idle in a transaction on the candidate's server when the benchmark ended."),
    BENCH_SIZE_GROWTH("A table or index is much bigger on the candidate than on the baseline (twice the size and 10 MB more, or more).");

    private final String meaning;

    BenchmarkCode(String meaning) {
        this.meaning = meaning;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
