/* Statistics over repeats (stats.c): kept apart from dsreport.h so that the
 * unit tests build it alone. */
#ifndef DS_STATS_H
#define DS_STATS_H

#include <stdbool.h>

/* Significance level of every test and confidence interval (95 %). */
#define STATS_ALPHA 0.05

/* Mean, sample standard deviation (n - 1; 0 for one value) and the
 * half-width of the 95 % confidence interval of the mean (Student's t,
 * n - 1 degrees of freedom; NaN below two values). NaN and infinite values
 * are not measurements and are left out. */
struct summary {
	int n;
	double mean, sd, ci;
};
struct summary summarize(const double *v, int n);

/* Welch's two-sample t-test of B against A (unequal variances): the
 * difference of the means (B - A), its 95 % confidence interval, t, the
 * Welch-Satterthwaite degrees of freedom and the two-sided p-value.
 * tested is false when either side has fewer than two values. */
struct welch {
	bool tested;
	double diff, lo, hi, t, df, p;
};
struct welch welch_test(const struct summary *a, const struct summary *b);
bool welch_significant(const struct welch *w);

/* The regularised incomplete beta function I_x(a, b). */
double inc_beta(double a, double b, double x);
/* P(|T| >= |t|) for Student's t with df degrees of freedom. */
double t_two_sided_p(double t, double df);
/* The p-quantile of Student's t with df degrees of freedom. */
double t_quantile(double p, double df);

/* ---- Two levels: repeats within boots ----
 * All repeats of a cell run in one guest boot, and boots differ from each
 * other (and with the time of day) far more than repeats within a boot do,
 * so repeats are not independent: the unit that was randomised is the boot.
 * Following Kalibera & Jones ("Rigorous Benchmarking in Reasonable Time",
 * ISMM 2013), measure the variance at each level, and put intervals and
 * tests on the boots.
 *
 * The data: value v[i] was measured in boot boot[i]. Boot ids are any ints
 * (equal id = same boot) and need not be sorted or contiguous. NaN and
 * infinite values are left out, as in summarize(); a boot left with no value
 * does not count. Nothing is copied: the arrays must outlive the call. */
struct level2 {
	const double *v;
	const int *boot;
	int n;
};

/* Which level varies most. */
enum vc_level {
	VC_UNKNOWN,  /* the components could not both be estimated */
	VC_NEITHER,  /* both are zero: every value is the same */
	VC_WITHIN,   /* repeats within a boot */
	VC_BETWEEN,  /* boots (ties count as between: repeat boots) */
};
const char *vc_level_name(enum vc_level l);

/* Variance components by one-way random-effects ANOVA (method of moments,
 * unbalanced allowed): boots is the number of boots, n of values; grand the
 * mean of all values (each value weighs the same; the boot-level estimate
 * is boot_summarize()'s mean of boot means); msw, msb the within and
 * between mean squares; n0 = (n - sum n_i^2 / n) / (boots - 1), the
 * effective repeats per boot (the repeats per boot when balanced);
 * s2w = msw; s2b = max(0, (msb - msw) / n0); share_w, share_b their
 * fractions of s2w + s2b. separated is false (and why says why) when a
 * component cannot be estimated: fewer than 2 boots (no s2b), or one repeat
 * per boot (no s2w); the missing values are NaN. */
struct varcomp {
	int boots, n;
	double grand, msw, msb, n0;
	double s2w, s2b, share_w, share_b;
	enum vc_level dominant;
	bool separated;
	const char *why;
};
struct varcomp variance_components(const struct level2 *d);

/* Repeats per boot that make the mean of boot means most precise for a
 * given total time: sqrt(cost_boot s2w / (cost_repeat s2b)), at least 1,
 * not rounded (round up, as Kalibera & Jones do). cost_boot is what a boot
 * costs apart from its repeats (boot, setup), cost_repeat one repeat, in
 * the same unit. INFINITY when s2b = 0 (boots add nothing: one long boot);
 * NaN for a NaN, negative or zero cost. */
double optimal_repeats(double s2w, double s2b, double cost_repeat, double cost_boot);

/* The boot-level summary: means is summarize() over the boot means (so
 * means.n is the number of boots, means.mean the mean of boot means and
 * means.ci the half-width of its 95 % t interval with boots - 1 degrees of
 * freedom); n counts the values. enough is false below 2 boots, and then
 * why says so ("1 boot: no interval across boots") and means.ci is NaN. */
struct boot_summary {
	bool enough;
	const char *why;
	int n;
	struct summary means;
};
struct boot_summary boot_summarize(const struct level2 *d);

/* B against A as a ratio: pct = 100 (mean B / mean A - 1) with its 95 %
 * interval [lo, hi] by Fieller's theorem (independent means, unequal
 * variances, Welch-Satterthwaite degrees of freedom df taken at the
 * estimated ratio). The interval need not be symmetric about pct. bounded
 * is false (lo, hi NaN, why says why) when either side has fewer than two
 * values or A's mean is not significantly different from zero, where the
 * Fieller set is not a finite interval. */
struct ratio {
	bool bounded;
	const char *why;
	double pct, lo, hi, df;
};
struct ratio ratio_fieller(const struct summary *a, const struct summary *b);

/* Comparing two configs at the boot level, each boot one unit: w is
 * welch_test() over the boot means (diff = B - A and its interval, p), r
 * the ratio of the means of boot means (ratio_fieller). tested is false,
 * and why says which side lacks boots, below 2 boots a side. */
struct boot_compare {
	bool tested;
	const char *why;
	struct boot_summary a, b;
	struct welch w;
	struct ratio r;
};
struct boot_compare boot_compare(const struct level2 *a, const struct level2 *b);
bool boot_significant(const struct boot_compare *c);

/* Two-stage (hierarchical) bootstrap of the mean of boot means: each of
 * resamples draws the boots with replacement, then each drawn boot's
 * repeats with replacement; [lo, hi] is the 95 % percentile interval.
 * Deterministic for a given seed (own PRNG, splitmix64). enough as in
 * boot_summarize(); also false when memory runs out. */
struct boot_interval {
	bool enough;
	const char *why;
	double mean, lo, hi;
};
struct boot_interval hier_bootstrap(const struct level2 *d, int resamples, unsigned long long seed);

#endif
