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

#endif
