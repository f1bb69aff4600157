/* Unit tests of reports/src/stats.c against published values and worked
 * examples. Prints one line per check and exits 1 if any fails. Built and
 * run by tests/t-report-stats.sh.
 *
 * Built with -DSTATS_TEST_WRONG=k, check number k (1-based, in the order
 * printed) gets a deliberately wrong expectation, so that
 * tests/unit/stats-wrong.sh can show every check able to fail. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

static int failures, checks;

#ifdef STATS_TEST_WRONG
/* Move the expectation well outside the tolerance / invert the verdict. */
#define WRONG(want, tol) ((want) + 10 * (tol) + 1e-3 * fabs(want) + 1e-3)
static bool is_wrong(void) { return checks == STATS_TEST_WRONG; }
#else
#define WRONG(want, tol) (want)
static bool is_wrong(void) { return false; }
#endif

static void near(const char *what, double got, double want, double tol)
{
	bool ok;

	checks++;
	if (is_wrong())
		want = WRONG(want, tol);
	ok = fabs(got - want) <= tol;
	printf("%s %s: %.6g (want %.6g +- %g)\n", ok ? "ok  " : "FAIL", what, got, want, tol);
	failures += !ok;
}

static void check(const char *what, bool ok)
{
	checks++;
	if (is_wrong())
		ok = !ok;
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


/* ---- Two levels: repeats within boots ----
 *
 * Worked example, balanced: config A, 3 boots x 3 repeats (MiB/s, say).
 *
 *   boot 1:  9 10 11   mean 10   sum of squares about it 1+0+1 = 2
 *   boot 2: 11 12 13   mean 12                            2
 *   boot 3: 13 14 15   mean 14                            2
 *
 *   N = 9 values, k = 3 boots; grand mean 108 / 9 = 12
 *   SSW = 2+2+2 = 6, df 9-3 = 6        MSW = 6/6 = 1
 *   SSB = 3 (10-12)^2 + 3 (12-12)^2 + 3 (14-12)^2 = 12+0+12 = 24,
 *         df 3-1 = 2                   MSB = 24/2 = 12
 *   n0 = (N - sum n_i^2 / N) / (k-1) = (9 - 27/9) / 2 = 3 (balanced: n)
 *   s2w = MSW = 1;  s2b = (MSB - MSW) / n0 = (12-1)/3 = 11/3 = 3.666667
 *   shares: total 1 + 11/3 = 14/3; between 11/14 = 0.785714,
 *           within 3/14 = 0.214286: the boots dominate.
 *
 * Boot level: the boot means 10 12 14 have mean 12, s = 2 (deviations
 * -2 0 2, 8 / 2 = 4), standard error 2 / sqrt 3 = 1.154701; t(0.975, 2 df)
 * = 4.302653, so the half-width is 4.302653 x 1.154701 = 4.968276 and the
 * interval 7.031724 .. 16.968276. Pooling the 9 repeats instead:
 * s^2 = (9+4+1+1+0+1+1+4+9) / 8 = 3.75, se = sqrt(3.75/9) = 0.645497,
 * t(0.975, 8) = 2.306004, half-width 2.306004 x 0.645497 = 1.488519: 3.3
 * times narrower than the boots allow.
 *
 * Config B: boots 12 13 14 | 15 16 17 | 18 19 20, boot means 13 16 19:
 *   grand 16, SSW 6, MSW 1; SSB = 3 (9+0+9) = 54, MSB 27;
 *   s2b = (27-1)/3 = 26/3 = 8.666667; share between 26/29 = 0.896552.
 *   Boot means: mean 16, s^2 = (9+0+9)/2 = 9, s = 3.
 *
 * Welch, B - A over boot means: diff 16 - 12 = 4;
 *   vA = 4/3 = 1.333333, vB = 9/3 = 3; se^2 = 13/3, se = 2.081666;
 *   t = 4 / 2.081666 = 1.921538;
 *   df = (vA+vB)^2 / (vA^2/(3-1) + vB^2/(3-1)) = (169/9) / (16/18 + 81/18)
 *      = (169/9) (18/97) = 338/97 = 3.484536.
 *   t(0.975, 3.484536) = 2.946173 and p = 0.13751, by numerical
 *   integration of the t density (Simpson, done apart from stats.c); the
 *   p must lie between the closed forms for 3 and for 4 df, and the
 *   quantile between the table's 3.182 (3 df) and 2.776 (4 df).
 *   Interval 4 -+ 2.946173 x 2.081666 = 4 -+ 6.132947 = -2.132947 .. 10.132947:
 *   not significant. The pooled repeats (s^2 3.75 and 7.5, n 9 each):
 *   se^2 = 0.416667 + 0.833333 = 1.25, t = 4 / 1.118034 = 3.577709,
 *   df = 1.5625 / ((0.173611 + 0.694444) / 8) = 14.4, p = 0.0029:
 *   "significant" - the false alarm of the issue.
 *
 * Config C = A + 6 (boot means 16 18 20, s = 2): diff 6, se^2 = 4/3 + 4/3
 *   = 8/3, se = 1.632993, t = 3.674235; equal variances make
 *   df = (8/3)^2 / (2 (4/3)^2 / 2) = 4 exactly, where P(|T| >= t) =
 *   1 - u (3 - u^2) / 2 with u = t / sqrt(t^2 + 4) = 0.878310:
 *   p = 0.021312. Half-width 2.776445 x 1.632993 = 4.533916, interval
 *   1.466084 .. 10.533916: significant.
 *
 * Worked example, unbalanced 2 + 3 + 4 (ids 7, 3, 42, values interleaved):
 *   boot 7:   3 5          mean 4    SS 1+1 = 2
 *   boot 3:   7 8 9        mean 8    SS 1+0+1 = 2
 *   boot 42:  7 9 11 13    mean 10   SS 9+1+1+9 = 20
 *   N = 9, grand = (8 + 24 + 40) / 9 = 8
 *   SSW = 24, df 6, MSW = 4
 *   SSB = 2 (4-8)^2 + 3 (8-8)^2 + 4 (10-8)^2 = 32 + 0 + 16 = 48, MSB = 24
 *   n0 = (9 - (4+9+16)/9) / 2 = (9 - 29/9) / 2 = 26/9 = 2.888889
 *   s2w = 4, s2b = (24-4) / (26/9) = 180/26 = 90/13 = 6.923077
 *   shares: between (90/13) / (142/13) = 45/71 = 0.633803, within 26/71
 *   = 0.366197.
 *   Boot level: means 4 8 10, mean 22/3 = 7.333333 (not the grand mean 8:
 *   each boot weighs the same), s^2 = (121/9 + 4/9 + 64/9) / 2 = 28/3,
 *   s = 3.055050, se = 1.763834, half-width 4.302653 x 1.763834 = 7.589167.
 */
static const double A_v[] = { 9, 10, 11, 11, 12, 13, 13, 14, 15 };
static const double B_v[] = { 12, 13, 14, 15, 16, 17, 18, 19, 20 };
static const double C_v[] = { 15, 16, 17, 17, 18, 19, 19, 20, 21 };
static const int b333[] = { 1, 1, 1, 2, 2, 2, 3, 3, 3 };
static const struct level2 A = { A_v, b333, 9 }, B = { B_v, b333, 9 }, C = { C_v, b333, 9 };

static void two_level_balanced(void)
{
	struct varcomp vc = variance_components(&A);
	struct boot_summary bs = boot_summarize(&A);
	struct summary pooled = summarize(A_v, 9);

	check("A: 3 boots, 9 values, both components", vc.boots == 3 && vc.n == 9 && vc.separated && !vc.why);
	near("A grand mean", vc.grand, 12, 1e-12);
	near("A MSW", vc.msw, 1, 1e-12);
	near("A MSB", vc.msb, 12, 1e-12);
	near("A n0 (balanced: 3)", vc.n0, 3, 1e-12);
	near("A s2w", vc.s2w, 1, 1e-12);
	near("A s2b = 11/3", vc.s2b, 11.0 / 3, 1e-12);
	near("A share between = 11/14", vc.share_b, 0.785714, 1e-6);
	near("A share within = 3/14", vc.share_w, 0.214286, 1e-6);
	check("A: between boots dominates", vc.dominant == VC_BETWEEN);
	check("A: enough boots, no reason", bs.enough && !bs.why && bs.n == 9 && bs.means.n == 3);
	near("A mean of boot means", bs.means.mean, 12, 1e-12);
	near("A sd of boot means", bs.means.sd, 2, 1e-12);
	near("A boot CI half-width = 4.302653 x 2/sqrt(3)", bs.means.ci, 4.968276, 1e-5);
	near("A pooled-repeat CI half-width (the narrow one)", pooled.ci, 1.488519, 1e-5);
	check("boot interval over 3x the pooled one", bs.means.ci > 3 * pooled.ci);

	vc = variance_components(&B);
	near("B MSB", vc.msb, 27, 1e-12);
	near("B s2b = 26/3", vc.s2b, 26.0 / 3, 1e-12);
	near("B share between = 26/29", vc.share_b, 0.896552, 1e-6);
}

/* Closed forms of P(|T| >= t) for 3 and 4 degrees of freedom. */
static double p_df3(double t)
{
	double x = t / sqrt(3);

	return 1 - 2 / M_PI * (atan(x) + x / (1 + x * x));
}

static double p_df4(double t)
{
	double u = t / sqrt(t * t + 4);

	return 1 - u * (3 - u * u) / 2;
}

static void two_level_compare(void)
{
	struct boot_compare c = boot_compare(&A, &B);
	struct summary pa = summarize(A_v, 9), pb = summarize(B_v, 9);
	struct welch naive = welch_test(&pa, &pb);
	double se = sqrt(13.0 / 3);

	check("A vs B tested", c.tested && !c.why && c.w.tested);
	near("A vs B diff", c.w.diff, 4, 1e-12);
	near("A vs B t = 4 / sqrt(13/3)", c.w.t, 1.921538, 1e-6);
	near("A vs B Welch df = 338/97", c.w.df, 3.484536, 1e-6);
	check("A vs B p between the 3 df and 4 df closed forms",
	      c.w.p < p_df3(1.921538) && c.w.p > p_df4(1.921538));
	near("A vs B p (numerical integration)", c.w.p, 0.13751, 1e-4);
	check("A vs B half-width between t(3 df) and t(4 df) x se",
	      c.w.hi - c.w.diff > 2.776 * se && c.w.hi - c.w.diff < 3.182 * se);
	near("A vs B interval lower", c.w.lo, -2.132947, 1e-4);
	near("A vs B interval upper", c.w.hi, 10.132947, 1e-4);
	check("A vs B not significant over boots", !boot_significant(&c));
	near("pooled repeats: Welch df 14.4", naive.df, 14.4, 1e-9);
	near("pooled repeats: t", naive.t, 3.577709, 1e-6);
	check("pooled repeats call it significant (the issue's false alarm)", welch_significant(&naive));

	c = boot_compare(&A, &C);
	near("A vs C diff", c.w.diff, 6, 1e-12);
	near("A vs C t = 6 / sqrt(8/3)", c.w.t, 3.674235, 1e-6);
	near("A vs C Welch df = 4", c.w.df, 4, 1e-9);
	near("A vs C p = 1 - u(3-u^2)/2", c.w.p, p_df4(6 / sqrt(8.0 / 3)), 1e-9);
	near("A vs C p", c.w.p, 0.021312, 1e-6);
	near("A vs C interval lower = 6 - 2.776445 x 1.632993", c.w.lo, 1.466084, 1e-5);
	near("A vs C interval upper", c.w.hi, 10.533916, 1e-5);
	check("A vs C significant over boots", boot_significant(&c));
}

static void two_level_unbalanced(void)
{
	static const double v[] = { 7, 3, 7, 9, 8, 5, 11, 9, 13 };
	static const int boot[] = { 42, 7, 3, 42, 3, 7, 42, 3, 42 };
	struct level2 d = { v, boot, 9 };
	struct varcomp vc = variance_components(&d);
	struct boot_summary bs = boot_summarize(&d);

	check("2+3+4: 3 boots, 9 values", vc.boots == 3 && vc.n == 9 && vc.separated);
	near("2+3+4 grand mean", vc.grand, 8, 1e-12);
	near("2+3+4 MSW", vc.msw, 4, 1e-12);
	near("2+3+4 MSB", vc.msb, 24, 1e-12);
	near("2+3+4 n0 = 26/9", vc.n0, 2.888889, 1e-6);
	near("2+3+4 s2w", vc.s2w, 4, 1e-12);
	near("2+3+4 s2b = 90/13", vc.s2b, 6.923077, 1e-6);
	near("2+3+4 share between = 45/71", vc.share_b, 0.633803, 1e-6);
	near("2+3+4 share within = 26/71", vc.share_w, 0.366197, 1e-6);
	check("2+3+4: between dominates", vc.dominant == VC_BETWEEN);
	near("2+3+4 mean of boot means = 22/3", bs.means.mean, 7.333333, 1e-6);
	near("2+3+4 sd of boot means = sqrt(28/3)", bs.means.sd, 3.055050, 1e-6);
	near("2+3+4 boot CI half-width = 4.302653 x 1.763834", bs.means.ci, 7.589167, 1e-5);
}

/* Cross-check against a published example: Montgomery, Design and Analysis
 * of Experiments (8th ed.), Example 3.11, fabric strength from 4 looms
 * chosen at random, 4 samples each. The book's ANOVA: MS_treatments
 * 29.73, MS_E 1.90, F0 15.68; variance components 6.96 (looms) and 1.90,
 * total 8.86 (the sum of the rounded two: 6.958 + 1.896 = 8.854), so looms
 * are 6.96 / 8.86 = 79 % of the variance. (The same
 * numbers: the author's lecture on the example, and F0 = 15.681, MS_E
 * 1.896 in sites.ualberta.ca/~dwiens/stat368/rem.R.) */
static void loom_example(void)
{
	static const double v[] = { 98, 97, 99, 96, 91, 90, 93, 92, 96, 95, 97, 95, 95, 96, 99, 98 };
	static const int loom[] = { 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4 };
	struct level2 d = { v, loom, 16 };
	struct varcomp vc = variance_components(&d);

	near("looms: MS_treatments 29.73", vc.msb, 29.73, 0.005);
	near("looms: MS_E 1.90", vc.msw, 1.90, 0.005);
	near("looms: F0 = 15.681", vc.msb / vc.msw, 15.681, 0.0005);
	near("looms: sigma^2_tau 6.96", vc.s2b, 6.96, 0.005);
	near("looms: sigma^2_y 8.86", vc.s2w + vc.s2b, 8.86, 0.01);
	near("looms: share 0.79", vc.share_b, 0.79, 0.005);
}

static void two_level_edges(void)
{
	static const double one_v[] = { 5, 6, 7 }, same_v[] = { 1, 2, 3, 1, 2, 3, 1, 2, 3 };
	static const double single_v[] = { 10, 12, 14 }, flat_v[] = { 4, 4, 4, 4 };
	static const double gaps_v[] = { 9, 10, 11, NAN, 11, 12, 13, 13, 14, 15, NAN, INFINITY };
	static const int one_b[] = { 5, 5, 5 }, single_b[] = { 1, 2, 3 }, flat_b[] = { 1, 1, 2, 2 };
	static const int gaps_b[] = { 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 9, 9 };
	struct level2 one = { one_v, one_b, 3 }, same = { same_v, b333, 9 }, single = { single_v, single_b, 3 };
	struct level2 flat = { flat_v, flat_b, 4 }, gaps = { gaps_v, gaps_b, 12 }, none = { NULL, NULL, 0 };
	struct varcomp vc;
	struct boot_summary bs;
	struct boot_compare c;
	struct boot_interval bi;

	/* One boot: the repeats give s2w, nothing gives s2b or an interval. */
	vc = variance_components(&one);
	check("1 boot: components not separated, with a reason", !vc.separated && vc.why && vc.dominant == VC_UNKNOWN);
	near("1 boot: s2w still from the repeats", vc.s2w, 1, 1e-12);
	check("1 boot: s2b NaN", isnan(vc.s2b) && isnan(vc.share_b));
	bs = boot_summarize(&one);
	check("1 boot: not enough", !bs.enough && bs.means.n == 1 && isnan(bs.means.ci));
	check("1 boot: reason \"1 boot: no interval across boots\"",
	      bs.why && !strcmp(bs.why, "1 boot: no interval across boots"));
	near("1 boot: the mean is still given", bs.means.mean, 6, 1e-12);
	c = boot_compare(&one, &A);
	check("1 boot in A: not tested, A named", !c.tested && !boot_significant(&c) && c.why && strstr(c.why, "A has 1 boot"));
	c = boot_compare(&A, &one);
	check("1 boot in B: not tested, B named", !c.tested && c.why && strstr(c.why, "B has 1 boot"));
	bi = hier_bootstrap(&one, 200, 1);
	check("1 boot: no bootstrap interval", !bi.enough && bi.why && isnan(bi.lo));

	/* Identical boots: MSB 0, MSW 1, (0 - 1)/3 < 0 clamps to 0. */
	vc = variance_components(&same);
	near("identical boots: MSB 0", vc.msb, 0, 1e-12);
	near("identical boots: MSW 1", vc.msw, 1, 1e-12);
	check("identical boots: s2b clamped to exactly 0", vc.s2b == 0);
	check("identical boots: within dominates, share 1", vc.dominant == VC_WITHIN && vc.share_w == 1 && vc.share_b == 0);
	bs = boot_summarize(&same);
	near("identical boots: boot CI 0", bs.means.ci, 0, 1e-12);

	/* One repeat per boot: the boots' spread mixes both levels. */
	vc = variance_components(&single);
	check("1 repeat per boot: not separated, s2w NaN", !vc.separated && vc.why && isnan(vc.s2w) && isnan(vc.s2b));
	near("1 repeat per boot: MSB still 4", vc.msb, 4, 1e-12);
	bs = boot_summarize(&single);
	near("1 repeat per boot: boot CI as A's", bs.means.ci, 4.968276, 1e-5);

	vc = variance_components(&flat);
	check("no spread at all: neither level", vc.separated && vc.dominant == VC_NEITHER && vc.s2w == 0 && vc.s2b == 0);
	vc = variance_components(&none);
	check("no values: nothing, with a reason", vc.n == 0 && vc.boots == 0 && vc.why && isnan(vc.grand));
	check("no values: boot summary not enough", !boot_summarize(&none).enough);

	/* A with NaN and inf among the repeats and a boot (9) holding none. */
	vc = variance_components(&gaps);
	bs = boot_summarize(&gaps);
	check("NaN/inf left out: A's 3 boots and 9 values", vc.boots == 3 && vc.n == 9 && bs.means.n == 3);
	near("NaN/inf left out: A's s2b", vc.s2b, 11.0 / 3, 1e-12);
	near("NaN/inf left out: A's boot CI", bs.means.ci, 4.968276, 1e-5);
	check("vc_level_name", !strcmp(vc_level_name(VC_BETWEEN), "between boots") &&
	      !strcmp(vc_level_name(VC_WITHIN), "within boots"));
}

/* r = sqrt(cost_boot s2w / (cost_repeat s2b)), at least 1. */
static void repeats_advice(void)
{
	double s2w = 1.7, s2b = 0.3, cr = 12, cb = 150, r = optimal_repeats(s2w, s2b, cr, cb);
	/* the variance of the mean at a fixed time, up to a constant */
	double at_r = (s2b + s2w / r) * (cb + r * cr);

	/* s2w 4, s2b 1, repeat 10 s, boot 90 s: sqrt(90 x 4 / (10 x 1)) =
	 * sqrt(36) = 6 repeats per boot. */
	near("r_opt(s2w 4, s2b 1, 10 s, 90 s) = 6", optimal_repeats(4, 1, 10, 90), 6, 1e-12);
	/* A's components, repeat 20 s, boot 60 s: sqrt(60 x 1 / (20 x 11/3))
	 * = sqrt(0.818182) = 0.904534 < 1: one repeat per boot, more boots. */
	near("r_opt for A (boots dominate) clamps to 1", optimal_repeats(1, 11.0 / 3, 20, 60), 1, 1e-12);
	near("r_opt(s2w 1, s2b 0.25, 1, 4) = 4", optimal_repeats(1, 0.25, 1, 4), 4, 1e-12);
	check("r_opt with s2b = 0: one long boot (inf)", isinf(optimal_repeats(1, 0, 10, 90)));
	check("r_opt with a zero cost: NaN", isnan(optimal_repeats(1, 1, 0, 90)));
	check("r_opt with NaN s2b (1 boot): NaN", isnan(optimal_repeats(1, NAN, 10, 90)));
	check("r_opt minimises variance x time",
	      at_r < (s2b + s2w / (r * 0.8)) * (cb + r * 0.8 * cr) &&
	      at_r < (s2b + s2w / (r * 1.25)) * (cb + r * 1.25 * cr));
}

/* Fieller, worked. Config D: boots 14 15 16 | 17 18 19 | 20 21 22, boot
 * means 15 18 21 (mean 18, s 3) against A (mean 12, s 2): the ratio is
 * 18/12 = 1.5, +50 %. vA = 4/3, vB = 3 = 1.5^2 vA, so the Welch df at the
 * ratio, (vB + 1.5^2 vA)^2 / (vB^2/2 + 1.5^4 vA^2/2) = 36/9 = 4, and
 * t = 2.776445 (t^2 = 7.708647). The ratios theta with
 * (18 - 12 theta)^2 <= t^2 (3 + theta^2 4/3) solve
 *   (144 - 10.278196) theta^2 - 2 x 216 theta + (324 - 23.125941) <= 0,
 *   133.721804 theta^2 - 432 theta + 300.874059 <= 0;
 * the discriminant / 4 is 216^2 - 133.721804 x 300.874059 = 6422.5779,
 * root 80.140988, so theta = (216 -+ 80.140988) / 133.721804 =
 * 1.015982 .. 2.214605: +1.598 % .. +121.461 %. (The delta method would
 * say 1.5 -+ 2.776445 x 1.5 sqrt(2 x 0.009259) = 0.933 .. 2.067, i.e.
 * -6.7 % .. +106.7 %: symmetric, and across zero.)
 *
 * A constant at the boot level (boot means 10 10 10, vA = 0) against B
 * (boot means 13 16 19, vB = 3): df = 2 and the interval is plain
 * (16 -+ 4.302653 sqrt 3) / 10 = (16 -+ 7.452414) / 10: -14.52 % .. +134.52 %. */
static void fieller(void)
{
	static const double D_v[] = { 14, 15, 16, 17, 18, 19, 20, 21, 22 };
	static const double K_v[] = { 9, 10, 11, 9, 10, 11, 9, 10, 11 };
	struct level2 D = { D_v, b333, 9 }, K = { K_v, b333, 9 };
	struct boot_compare c = boot_compare(&A, &D);
	struct summary a0 = { 3, 1.0 / 3, sqrt(7.0 / 3), NAN }, b0 = { 3, 5, 1, NAN };
	struct summary a1 = { 10, 100, 1, NAN }, b1 = { 10, 110, 1, NAN }, one = { 1, 100, 0, NAN };
	struct ratio r;
	double se, t;

	check("A vs D: ratio bounded", c.r.bounded && !c.r.why);
	near("A vs D: +50 %", c.r.pct, 50, 1e-12);
	near("A vs D: Fieller df = 4", c.r.df, 4, 1e-9);
	near("A vs D: Fieller lower +1.598 %", c.r.lo, 1.598249, 1e-4);
	near("A vs D: Fieller upper +121.461 %", c.r.hi, 121.460509, 1e-4);
	check("A vs D: skewed up (hi - pct > pct - lo)", c.r.hi - c.r.pct > c.r.pct - c.r.lo);

	c = boot_compare(&K, &B);
	near("vA = 0: df = nB - 1 = 2", c.r.df, 2, 1e-9);
	near("vA = 0: lower (16 - 7.452414)/10 - 1", c.r.lo, -14.524141, 1e-4);
	near("vA = 0: upper (16 + 7.452414)/10 - 1", c.r.hi, 134.524141, 1e-4);

	/* A's mean 1/3 with s^2 7/3 over 3 boots: not clearly above zero. */
	r = ratio_fieller(&a0, &b0);
	check("A not clearly above 0: unbounded, with a reason", !r.bounded && r.why && isnan(r.lo) && isnan(r.hi));
	r = ratio_fieller(&one, &b1);
	check("1 value in A: no ratio interval", !r.bounded && r.why);
	near("1 value in A: the ratio is still given", r.pct, 10, 1e-9);

	/* Small relative errors: Fieller tends to the delta method. */
	r = ratio_fieller(&a1, &b1);
	t = t_quantile(0.975, r.df);
	se = 1.1 * sqrt(0.1 / (100 * 100) + 0.1 / (110 * 110));
	near("precise means: Fieller lower ~ delta method", r.lo, 100 * (0.1 - t * se), 0.02);
	near("precise means: Fieller upper ~ delta method", r.hi, 100 * (0.1 + t * se), 0.02);
}

/* The test's own generator (splitmix64 and Box-Muller), so the simulations
 * below give the same numbers everywhere. */
static uint64_t rng = 20240611;

static double uniform(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((z >> 11) + 0.5) * 0x1p-53;
}

static double normal(void)
{
	return sqrt(-2 * log(uniform())) * cos(2 * M_PI * uniform());
}

/* k boots of r repeats: value = mu + N(0, sb) per boot + N(0, sw) per repeat. */
static void simulate(double *v, int *boot, int k, int r, double mu, double sb, double sw)
{
	int i, j;

	for (i = 0; i < k; i++) {
		double m = mu + sb * normal();

		for (j = 0; j < r; j++) {
			v[i * r + j] = m + sw * normal();
			boot[i * r + j] = i;
		}
	}
}

/* The issue, reproduced: two identical configs, 3 boots x 5 repeats, the
 * boots spreading 3 times more than the repeats. Pooled repeats flag far
 * more than 5 % of the comparisons; boot means at most about 5 % (Welch
 * with 3 a side is a little conservative: 3.5 % in 50000 runs). */
static void false_alarms(void)
{
	enum { K = 3, R = 5, RUNS = 2000 };
	double va[K * R], vb[K * R];
	int ba[K * R], bb[K * R], i, pooled = 0, boots = 0;

	for (i = 0; i < RUNS; i++) {
		struct level2 a = { va, ba, K * R }, b = { vb, bb, K * R };
		struct summary sa, sb;
		struct welch w;
		struct boot_compare c;

		simulate(va, ba, K, R, 100, 3, 1);
		simulate(vb, bb, K, R, 100, 3, 1);
		sa = summarize(va, K * R);
		sb = summarize(vb, K * R);
		w = welch_test(&sa, &sb);
		c = boot_compare(&a, &b);
		pooled += welch_significant(&w);
		boots += boot_significant(&c);
	}
	printf("     (identical configs: pooled repeats flag %.1f %%, boot means %.1f %%)\n",
	       100.0 * pooled / RUNS, 100.0 * boots / RUNS);
	check("identical configs: pooled repeats flag over 30 %", pooled > 0.3 * RUNS);
	check("identical configs: boot means flag 2 .. 6 %", boots > 0.02 * RUNS && boots < 0.06 * RUNS);
}

/* Coverage of the 95 % intervals of the mean when boots dominate (s_b 4,
 * s_w 1, 6 boots x 5 repeats): the t interval over boot means is exact for
 * this model; the two-stage bootstrap too narrow with 6 boots (its between
 * part shrinks by 5/6, and the percentile interval ignores that the spread
 * is itself estimated from 6 boots: 85 % in 4000 runs); the pooled-repeat
 * interval far too narrow.
 * Then Fieller's interval for a ratio of 1.2 over 5 boots a side. */
static void coverage(void)
{
	enum { K = 6, R = 5, RUNS = 2000, BRUNS = 400 };
	double v[K * R], w[K * R];
	int b[K * R], bw[K * R], i, t_in = 0, pooled_in = 0, boot_in = 0, f_in = 0;
	struct level2 d = { v, b, K * R }, e = { w, bw, 5 * R };

	for (i = 0; i < RUNS; i++) {
		struct boot_summary bs;
		struct summary ps;
		struct boot_compare c;

		simulate(v, b, K, R, 50, 4, 1);
		bs = boot_summarize(&d);
		ps = summarize(v, K * R);
		t_in += fabs(bs.means.mean - 50) <= bs.means.ci;
		pooled_in += fabs(ps.mean - 50) <= ps.ci;
		if (i < BRUNS) {
			struct boot_interval bi = hier_bootstrap(&d, 1000, i);

			boot_in += bi.lo <= 50 && 50 <= bi.hi;
		}
		/* d (its first 5 boots) against e, 20 % higher */
		simulate(v, b, 5, R, 100, 4, 1);
		simulate(w, bw, 5, R, 120, 5, 1);
		d.n = 5 * R;
		c = boot_compare(&d, &e);
		d.n = K * R;
		f_in += c.r.bounded && c.r.lo <= 20 && 20 <= c.r.hi;
	}
	printf("     (coverage: t over boots %.1f %%, bootstrap %.1f %%, pooled repeats %.1f %%, Fieller %.1f %%)\n",
	       100.0 * t_in / RUNS, 100.0 * boot_in / BRUNS, 100.0 * pooled_in / RUNS, 100.0 * f_in / RUNS);
	check("t interval over boot means covers 93 .. 97 %", t_in > 0.93 * RUNS && t_in < 0.97 * RUNS);
	check("two-stage bootstrap covers 78 .. 93 %", boot_in > 0.78 * BRUNS && boot_in < 0.93 * BRUNS);
	check("pooled-repeat interval covers under 80 %", pooled_in < 0.8 * RUNS);
	check("Fieller ratio interval covers 93 .. 97 %", f_in > 0.93 * RUNS && f_in < 0.97 * RUNS);
}

static void bootstrap(void)
{
	static const double flat_v[] = { 7, 7, 7, 7, 7, 7 };
	static const double odd_v[] = { 9.13, 10.4, 11.71, 11.2, 12.05, 12.97, 13.3, 14.62, 15.01, 16.3 };
	static const int flat_b[] = { 1, 1, 2, 2, 3, 3 }, odd_b[] = { 1, 1, 1, 2, 2, 2, 3, 3, 4, 4 };
	struct level2 flat = { flat_v, flat_b, 6 }, odd = { odd_v, odd_b, 10 };
	struct boot_interval x = hier_bootstrap(&A, 2000, 42), y = hier_bootstrap(&A, 2000, 42);
	struct boot_interval z = hier_bootstrap(&odd, 2000, 42), z2 = hier_bootstrap(&odd, 2000, 43);
	struct boot_interval f = hier_bootstrap(&flat, 100, 1);

	check("bootstrap: enough with 3 boots", x.enough && !x.why);
	near("bootstrap: mean of boot means", x.mean, 12, 1e-12);
	check("bootstrap: same seed, same interval", x.lo == y.lo && x.hi == y.hi);
	/* (A's resampled means fall on a grid of 1/9: use irregular values.) */
	check("bootstrap: another seed, another interval", z.lo != z2.lo || z.hi != z2.hi);
	/* Every resample's mean lies between the smallest and largest value. */
	check("bootstrap: 9 <= lo < 12 < hi <= 15", x.lo >= 9 && x.lo < 12 && x.hi > 12 && x.hi <= 15);
	check("bootstrap: no spread, no width", f.enough && f.lo == 7 && f.hi == 7);
}

int main(void)
{
	closed_forms();
	t_table();
	ci_example();
	welch_example();
	edge_cases();
	two_level_balanced();
	two_level_compare();
	two_level_unbalanced();
	loom_example();
	two_level_edges();
	repeats_advice();
	fieller();
	bootstrap();
	false_alarms();
	coverage();
	printf("%d failed\n", failures);
	return failures != 0;
}
