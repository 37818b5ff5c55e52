package dev.stagegate.benchmark.verdict;

/**
 * One query's verdict with the evidence that decided it: r and its 95% bootstrap interval over the
 * fork samples, the spread of each arm, and why, in words.
 */
public record QueryVerdict(String id, Outcome outcome, double ratio, double low, double high, double baselineSpread,
                           double candidateSpread, int baselineForks, int candidateForks, String why) {
}
