package dev.stagegate.benchmark.verdict;

/**
 * One query's verdict with the evidence that decided it: r and its 95% bootstrap interval over the
 * fork samples, the spread that decided whether the samples are too noisy (with rounds, that of the
 * rounds' candidate/baseline ratios), each arm's own spread, and why, in words.
 */
public record QueryVerdict(String id, Outcome outcome, double ratio, double low, double high, double spread, double baselineSpread,
                           double candidateSpread, int baselineForks, int candidateForks, String why) {
}
