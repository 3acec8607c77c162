package br.lncc.llm.stats;

/**
 * A test statistic and its p-value, plus how the p-value was obtained ("exact",
 * "asymptotic", "chi2", "F", "t") so the UI and JSON can say it.
 */
public record TestResult(double statistic, double pvalue, String method) {}
