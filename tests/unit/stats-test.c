/* Unit tests of reports/src/stats.c against published values. Prints one
 * line per check and exits 1 if any fails. Built and run by
 * tests/t-report-stats.sh. */
#include <math.h>
#include <stdio.h>

#include "stats.h"

static int failures;

static void near(const char *what, double got, double want, double tol)
{
	bool ok = fabs(got - want) <= tol;

	printf("%s %s: %.6g (want %.6g +- %g)\n", ok ? "ok  " : "FAIL", what, got, want, tol);
	failures += !ok;
}

static void check(const char *what, bool ok)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	failures += !ok;
}

/* Closed forms of the incomplete beta function and of Student's t with one
 * and two degrees of freedom (the Cauchy distribution, and
 * P(|T| >= t) = 1 - t / sqrt(2 + t^2)). */
static void closed_forms(void)
{
	double x;

	for (x = 0.05; x < 1; x += 0.3) {
		near("I_x(1,1) = x", inc_beta(1, 1, x), x, 1e-12);
		near("I_x(3,1) = x^3", inc_beta(3, 1, x), x * x * x, 1e-12);
		near("I_x(1,4) = 1-(1-x)^4", inc_beta(1, 4, x), 1 - pow(1 - x, 4), 1e-12);
	}
	near("I_0.5(7.5,7.5) = 0.5", inc_beta(7.5, 7.5, 0.5), 0.5, 1e-12);
	near("I_0.999(200,3) (far tail, other side)", inc_beta(200, 3, 0.999),
	     /* I_x(a,3) in closed form: x^a (1 + a(1-x) + a(a+1)(1-x)^2/2) */
	     pow(0.999, 200) * (1 + 200 * 0.001 + 200 * 201 * 1e-6 / 2), 1e-10);
	for (x = 0.5; x < 40; x *= 3) {
		near("t df=1: p = 1 - 2 atan(t)/pi", t_two_sided_p(x, 1), 1 - 2 * atan(x) / M_PI, 1e-10);
		near("t df=2: p = 1 - t/sqrt(2+t^2)", t_two_sided_p(x, 2), 1 - x / sqrt(2 + x * x), 1e-10);
	}
	near("t p(0) = 1", t_two_sided_p(0, 5), 1, 1e-12);
	near("t p(-t) = p(t)", t_two_sided_p(-2.5, 7) - t_two_sided_p(2.5, 7), 0, 1e-14);
	near("t quantile 0.5 = 0", t_quantile(0.5, 4), 0, 1e-12);
	near("t quantile symmetric", t_quantile(0.025, 4) + t_quantile(0.975, 4), 0, 1e-9);
}

/* Upper percentage points of Student's t as printed in the table of
 * Montgomery & Runger, Applied Statistics and Probability for Engineers,
 * Appendix A, Table V (three decimals; any t table agrees). */
static void t_table(void)
{
	static const struct { double p, df, t; } tab[] = {
		{ 0.975, 1, 12.706 }, { 0.975, 2, 4.303 }, { 0.975, 4, 2.776 },
		{ 0.975, 9, 2.262 },  { 0.975, 13, 2.160 }, { 0.975, 21, 2.080 },
		{ 0.975, 30, 2.042 }, { 0.995, 13, 3.012 }, { 0.95, 10, 1.812 },
		{ 0.99, 5, 3.365 },
	};
	unsigned i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "t quantile %.3f df=%g", tab[i].p, tab[i].df);
		near(what, t_quantile(tab[i].p, tab[i].df), tab[i].t, 0.0006);
		snprintf(what, sizeof(what), "two-sided p of t=%.3f df=%g", tab[i].t, tab[i].df);
		near(what, t_two_sided_p(tab[i].t, tab[i].df), 2 * (1 - tab[i].p), 0.0002);
	}
	near("t quantile 0.975 df=1e6 -> normal 1.960", t_quantile(0.975, 1e6), 1.95996, 0.0001);
}

/* The same book, section 8.2 (confidence interval on the mean, variance
 * unknown), the alloy adhesion example: n = 22, mean 13.71, s = 3.55 gives
 * 12.14 <= mu <= 15.28. */
static void ci_example(void)
{
	double half = t_quantile(0.975, 21) * 3.55 / sqrt(22);

	near("alloy adhesion CI lower", 13.71 - half, 12.14, 0.005);
	near("alloy adhesion CI upper", 13.71 + half, 15.28, 0.005);
}

/* The same book, section 10.2 (inference on the difference of two means,
 * variances unknown and not assumed equal), the arsenic example: arsenic
 * in drinking water (ppb) in metropolitan Phoenix and in rural Arizona.
 * The book gives s1 = 7.63, s2 = 15.3, t0 = -2.77, nu = 13.2 (which it
 * rounds to 13) and 0.01 < P < 0.02 for the two-sided test. */
static void welch_example(void)
{
	static const double metro[] = { 3, 7, 25, 10, 15, 6, 12, 25, 15, 7 };
	static const double rural[] = { 48, 44, 40, 38, 33, 21, 20, 12, 1, 18 };
	struct summary a = summarize(metro, 10), b = summarize(rural, 10);
	struct welch w = welch_test(&b, &a); /* metro - rural, as in the book */
	double se = 15.0 / 2.77;

	near("metro mean", a.mean, 12.5, 1e-9);
	near("metro s", a.sd, 7.63, 0.005);
	near("rural mean", b.mean, 27.5, 1e-9);
	near("rural s", b.sd, 15.3, 0.05);
	near("metro 95% CI half-width = t(0.975,9) s / sqrt(n)", a.ci, 2.262 * a.sd / sqrt(10), 0.002);
	near("t0", w.t, -2.77, 0.005);
	near("Welch-Satterthwaite nu", w.df, 13.2, 0.05);
	check("0.01 < P < 0.02", w.p > 0.01 && w.p < 0.02);
	check("significant at alpha 0.05", welch_significant(&w));
	/* The book's interval uses nu = 13 (t = 2.160); the exact 13.2 gives
	 * a slightly narrower one. */
	near("CI of the difference, lower", w.lo, -15 - 2.160 * se, 0.05);
	near("CI of the difference, upper", w.hi, -15 + 2.160 * se, 0.05);
}

/* What compare relies on: identical samples are not significant, too few
 * values are not tested, exact repeats that differ are. */
static void edge_cases(void)
{
	static const double x[] = { 10, 11, 12 }, one[] = { 10 }, c1[] = { 5, 5, 5 }, c2[] = { 6, 6, 6 };
	static const double gaps[] = { NAN, 4, INFINITY, 6 };
	struct summary sx = summarize(x, 3), s1 = summarize(one, 1), a = summarize(c1, 3), b = summarize(c2, 3);
	struct summary sg = summarize(gaps, 4);
	struct welch w;

	w = welch_test(&sx, &sx);
	near("identical samples: p = 1", w.p, 1, 1e-12);
	check("identical samples: not significant", !welch_significant(&w));
	w = welch_test(&sx, &s1);
	check("one value: not tested", !w.tested && !welch_significant(&w));
	check("one value: no CI", isnan(s1.ci) && s1.sd == 0);
	w = welch_test(&a, &b);
	check("constant but different: significant", welch_significant(&w) && w.diff == 1);
	w = welch_test(&a, &a);
	check("constant and equal: not significant", !welch_significant(&w));
	check("NaN and inf left out", sg.n == 2 && sg.mean == 5);
}

int main(void)
{
	closed_forms();
	t_table();
	ci_example();
	welch_example();
	edge_cases();
	printf("%d failed\n", failures);
	return failures != 0;
}
