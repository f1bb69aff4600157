/* Statistics over the repeats of a cell: mean, standard deviation, the 95 %
 * confidence interval of the mean (Student's t) and Welch's two-sample
 * t-test, with p-values from the t distribution through the regularised
 * incomplete beta function. Shared by the report and by compare. */
#include <math.h>

#include "stats.h"

/* Continued fraction of the incomplete beta function (modified Lentz
 * evaluation); it converges quickly for x < (a + 1) / (a + b + 2). */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0), h;
	int m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= 500; m++) {
		double m2 = 2.0 * m, num, step;

		/* even term */
		num = m * (b - m) * x / ((a + m2 - 1.0) * (a + m2));
		d = 1.0 + num * d;
		c = 1.0 + num / c;
		d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		/* odd term */
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0));
		d = 1.0 + num * d;
		c = 1.0 + num / c;
		d = fabs(d) < tiny ? 1.0 / tiny : 1.0 / d;
		c = fabs(c) < tiny ? tiny : c;
		step = d * c;
		h *= step;
		if (fabs(step - 1.0) < eps)
			break;
	}
	return h;
}

double inc_beta(double a, double b, double x)
{
	double front;

	if (isnan(x) || a <= 0 || b <= 0)
		return NAN;
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	/* I_x(a,b) = 1 - I_(1-x)(b,a): use the side where the fraction converges. */
	if (x < (a + 1.0) / (a + b + 2.0))
		return front * beta_cf(a, b, x) / a;
	return 1.0 - front * beta_cf(b, a, 1.0 - x) / b;
}

double t_two_sided_p(double t, double df)
{
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(t))
		return 0;
	return inc_beta(df / 2.0, 0.5, df / (df + t * t));
}

double t_quantile(double p, double df)
{
	double lo = 0, hi = 1, want;
	int i;

	if (isnan(p) || isnan(df) || df <= 0 || p <= 0 || p >= 1)
		return NAN;
	if (p < 0.5)
		return -t_quantile(1.0 - p, df);
	if (p == 0.5)
		return 0;
	/* Upper quantile: the t whose two-sided tail is 2 (1 - p); the tail
	 * falls as t grows, so bracket it and bisect. */
	want = 2.0 * (1.0 - p);
	while (t_two_sided_p(hi, df) > want && hi < 1e12)
		hi *= 2;
	for (i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (t_two_sided_p(mid, df) > want)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

struct summary summarize(const double *v, int n)
{
	struct summary s = { 0, NAN, NAN, NAN };
	double sum = 0, ss = 0;
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (isfinite(v[i])) {
			sum += v[i];
			k++;
		}
	}
	s.n = k;
	if (!k)
		return s;
	s.mean = sum / k;
	/* Two passes: the sum of squares about the mean loses nothing to
	 * cancellation when the values are large and close together. */
	for (i = 0; i < n; i++)
		if (isfinite(v[i]))
			ss += (v[i] - s.mean) * (v[i] - s.mean);
	s.sd = k > 1 ? sqrt(ss / (k - 1)) : 0;
	if (k > 1)
		s.ci = t_quantile(1.0 - STATS_ALPHA / 2, k - 1) * s.sd / sqrt(k);
	return s;
}

struct welch welch_test(const struct summary *a, const struct summary *b)
{
	struct welch w = { false, NAN, NAN, NAN, NAN, NAN, NAN };
	double va, vb, se;

	w.diff = b->mean - a->mean;
	if (a->n < 2 || b->n < 2)
		return w;
	w.tested = true;
	va = a->sd * a->sd / a->n;
	vb = b->sd * b->sd / b->n;
	se = sqrt(va + vb);
	if (se == 0) {
		/* No spread at all (counters that repeat exactly): equal
		 * means are the same, different ones certainly differ. */
		w.df = a->n + b->n - 2;
		w.t = w.diff == 0 ? 0 : copysign(INFINITY, w.diff);
		w.p = w.diff == 0 ? 1 : 0;
		w.lo = w.hi = w.diff;
		return w;
	}
	w.t = w.diff / se;
	/* Welch-Satterthwaite degrees of freedom. */
	w.df = (va + vb) * (va + vb) / (va * va / (a->n - 1) + vb * vb / (b->n - 1));
	w.p = t_two_sided_p(w.t, w.df);
	se *= t_quantile(1.0 - STATS_ALPHA / 2, w.df);
	w.lo = w.diff - se;
	w.hi = w.diff + se;
	return w;
}

bool welch_significant(const struct welch *w)
{
	return w->tested && w->p < STATS_ALPHA;
}
