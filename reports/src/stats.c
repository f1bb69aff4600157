/* Statistics over the repeats of a cell: mean, standard deviation, the 95 %
 * confidence interval of the mean (Student's t) and Welch's two-sample
 * t-test, with p-values from the t distribution through the regularised
 * incomplete beta function. Shared by the report and by compare.
 *
 * Then the same at two levels, repeats within boots (stats.h says why):
 * variance components, intervals and tests over boot means, Fieller's ratio
 * interval and a two-stage bootstrap. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

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

/* ---- Two levels ---- */

/* The finite values of a struct level2 grouped by boot, boots in order of
 * first appearance: boot g holds val[start[g]] .. val[start[g] + cnt[g] - 1]. */
struct bgroups {
	int k, n;
	int *start, *cnt;
	double *val;
};

static void bgroups_free(struct bgroups *g)
{
	free(g->start);
	free(g->cnt);
	free(g->val);
}

/* 0, or -1 when out of memory. Boots are found by a linear search: a cell
 * has a handful of boots, and this keeps the ids free-form. */
static int bgroups_make(const struct level2 *d, struct bgroups *g)
{
	int *id = NULL, *of = NULL, *fill = NULL, i, j, n = d->n > 0 ? d->n : 0;

	g->k = g->n = 0;
	g->start = calloc(n + 1, sizeof(int));
	g->cnt = calloc(n + 1, sizeof(int));
	g->val = calloc(n + 1, sizeof(double));
	id = calloc(n + 1, sizeof(int));
	of = calloc(n + 1, sizeof(int));
	fill = calloc(n + 1, sizeof(int));
	if (!g->start || !g->cnt || !g->val || !id || !of || !fill) {
		bgroups_free(g);
		free(id);
		free(of);
		free(fill);
		return -1;
	}
	for (i = 0; i < n; i++) {
		of[i] = -1;
		if (!isfinite(d->v[i]))
			continue;
		for (j = 0; j < g->k && id[j] != d->boot[i]; j++)
			;
		if (j == g->k)
			id[g->k++] = d->boot[i];
		of[i] = j;
		g->cnt[j]++;
		g->n++;
	}
	for (j = 1; j < g->k; j++)
		g->start[j] = g->start[j - 1] + g->cnt[j - 1];
	for (i = 0; i < n; i++)
		if (of[i] >= 0)
			g->val[g->start[of[i]] + fill[of[i]]++] = d->v[i];
	free(id);
	free(of);
	free(fill);
	return 0;
}

static double group_mean(const struct bgroups *g, int j)
{
	double sum = 0;
	int i;

	for (i = 0; i < g->cnt[j]; i++)
		sum += g->val[g->start[j] + i];
	return sum / g->cnt[j];
}

const char *vc_level_name(enum vc_level l)
{
	switch (l) {
	case VC_NEITHER: return "neither (no spread)";
	case VC_WITHIN: return "within boots";
	case VC_BETWEEN: return "between boots";
	default: return "unknown";
	}
}

struct varcomp variance_components(const struct level2 *d)
{
	struct varcomp vc = { 0, 0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, VC_UNKNOWN, false, NULL };
	struct bgroups g;
	double sum = 0, ssw = 0, ssb = 0, sumsq_n = 0;
	int j, i;

	if (bgroups_make(d, &g)) {
		vc.why = "out of memory";
		return vc;
	}
	vc.boots = g.k;
	vc.n = g.n;
	if (!g.n) {
		vc.why = "no values";
		bgroups_free(&g);
		return vc;
	}
	for (i = 0; i < g.n; i++)
		sum += g.val[i];
	vc.grand = sum / g.n;
	for (j = 0; j < g.k; j++) {
		double m = group_mean(&g, j);

		for (i = 0; i < g.cnt[j]; i++) {
			double e = g.val[g.start[j] + i] - m;

			ssw += e * e;
		}
		ssb += g.cnt[j] * (m - vc.grand) * (m - vc.grand);
		sumsq_n += (double)g.cnt[j] * g.cnt[j];
	}
	bgroups_free(&g);
	/* E[MSW] = s2w and E[MSB] = s2w + n0 s2b: equate and solve (the
	 * random-effects model in Montgomery, Design and Analysis of
	 * Experiments, with n0 for unequal group sizes). */
	if (vc.n > vc.boots)
		vc.msw = vc.s2w = ssw / (vc.n - vc.boots);
	if (vc.boots > 1) {
		vc.msb = ssb / (vc.boots - 1);
		vc.n0 = (vc.n - sumsq_n / vc.n) / (vc.boots - 1);
		/* A negative estimate means the boots spread no more than their
		 * repeats would alone: no detectable between-boot component. */
		if (vc.n > vc.boots)
			vc.s2b = fmax(0, (vc.msb - vc.msw) / vc.n0);
	}
	if (vc.boots < 2)
		vc.why = "1 boot: no between-boot variance";
	else if (vc.n == vc.boots)
		vc.why = "1 repeat per boot: no within-boot variance";
	if (vc.why)
		return vc;
	vc.separated = true;
	if (vc.s2w + vc.s2b == 0) {
		vc.dominant = VC_NEITHER;
		return vc;
	}
	vc.share_w = vc.s2w / (vc.s2w + vc.s2b);
	vc.share_b = vc.s2b / (vc.s2w + vc.s2b);
	vc.dominant = vc.s2b >= vc.s2w ? VC_BETWEEN : VC_WITHIN;
	return vc;
}

/* With k boots of r repeats, Var(mean) = s2b / k + s2w / (k r) and the time
 * is k (cost_boot + r cost_repeat); their product, the variance at a fixed
 * time, (s2b + s2w / r)(cost_boot + r cost_repeat), is least at
 * r = sqrt(cost_boot s2w / (cost_repeat s2b)). This is Kalibera & Jones'
 * optimal repetition count (ISMM 2013) for two levels, and the classic
 * optimal subsample size of two-stage sampling (Cochran, Sampling
 * Techniques, 3rd ed. 1977, ch. 10). */
double optimal_repeats(double s2w, double s2b, double cost_repeat, double cost_boot)
{
	if (isnan(s2w) || isnan(s2b) || s2w < 0 || s2b < 0 || !(cost_repeat > 0) || !(cost_boot > 0))
		return NAN;
	if (s2b == 0)
		return s2w == 0 ? 1 : INFINITY;
	return fmax(1, sqrt(cost_boot * s2w / (cost_repeat * s2b)));
}

struct boot_summary boot_summarize(const struct level2 *d)
{
	struct boot_summary bs = { false, NULL, 0, { 0, NAN, NAN, NAN } };
	struct bgroups g;
	double *means;
	int j;

	if (bgroups_make(d, &g)) {
		bs.why = "out of memory";
		return bs;
	}
	bs.n = g.n;
	means = malloc((g.k + 1) * sizeof(double));
	if (!means) {
		bs.why = "out of memory";
		bgroups_free(&g);
		return bs;
	}
	for (j = 0; j < g.k; j++)
		means[j] = group_mean(&g, j);
	/* Each boot one value: the repeats only make that value precise. */
	bs.means = summarize(means, g.k);
	free(means);
	bgroups_free(&g);
	bs.enough = bs.means.n >= 2;
	if (bs.means.n == 0)
		bs.why = "no boots";
	else if (bs.means.n == 1)
		bs.why = "1 boot: no interval across boots";
	return bs;
}

/* Fieller's theorem: the theta with (b - theta a)^2 <= t^2 (vb + theta^2 va)
 * form the interval; solving the quadratic gives
 * theta = (a b +- t sqrt(a^2 vb + b^2 va - t^2 va vb)) / (a^2 - t^2 va),
 * finite only when a^2 > t^2 va (A's mean clearly not zero). Chosen over
 * the delta method because with few boots the ratio's interval is markedly
 * skewed, which the delta method's symmetric interval hides. */
struct ratio ratio_fieller(const struct summary *a, const struct summary *b)
{
	struct ratio r = { false, NULL, NAN, NAN, NAN, NAN };
	double va, vb, th, v, t, den, root;

	if (a->n < 1 || b->n < 1 || a->mean == 0) {
		r.why = a->mean == 0 ? "mean of A is 0" : "no values";
		return r;
	}
	th = b->mean / a->mean;
	r.pct = 100 * (th - 1);
	if (a->n < 2 || b->n < 2) {
		r.why = "fewer than 2 values a side: no interval";
		return r;
	}
	va = a->sd * a->sd / a->n;
	vb = b->sd * b->sd / b->n;
	/* Welch-Satterthwaite for b - theta a at the estimated theta. */
	v = vb + th * th * va;
	if (v == 0) {
		r.df = a->n + b->n - 2;
		r.bounded = true;
		r.lo = r.hi = r.pct;
		return r;
	}
	r.df = v * v / (vb * vb / (b->n - 1) + pow(th, 4) * va * va / (a->n - 1));
	t = t_quantile(1.0 - STATS_ALPHA / 2, r.df);
	den = a->mean * a->mean - t * t * va;
	if (den <= 0) {
		r.why = "mean of A not clearly above 0: ratio unbounded";
		return r;
	}
	root = t * sqrt(a->mean * a->mean * vb + b->mean * b->mean * va - t * t * va * vb);
	r.bounded = true;
	r.lo = 100 * ((a->mean * b->mean - root) / den - 1);
	r.hi = 100 * ((a->mean * b->mean + root) / den - 1);
	return r;
}

struct boot_compare boot_compare(const struct level2 *a, const struct level2 *b)
{
	struct boot_compare c;

	c.a = boot_summarize(a);
	c.b = boot_summarize(b);
	c.w = welch_test(&c.a.means, &c.b.means);
	c.r = ratio_fieller(&c.a.means, &c.b.means);
	c.tested = c.a.enough && c.b.enough;
	c.why = NULL;
	if (!c.a.enough)
		c.why = c.a.means.n ? "A has 1 boot: no test across boots" : "A has no boots";
	else if (!c.b.enough)
		c.why = c.b.means.n ? "B has 1 boot: no test across boots" : "B has no boots";
	return c;
}

bool boot_significant(const struct boot_compare *c)
{
	return c->tested && welch_significant(&c->w);
}

/* splitmix64 (Steele, Lea & Flood, OOPSLA 2014): small, fast, and the same
 * sequence on every host, so a report does not change between builds. */
static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in 0 .. n-1 from the top 53 bits (bias below 2^-40 for n this small). */
static int pick(uint64_t *s, int n)
{
	int i = (int)((splitmix64(s) >> 11) * 0x1p-53 * n);

	return i < n ? i : n - 1;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* Linear interpolation between order statistics (Hyndman & Fan type 7). */
static double sorted_quantile(const double *s, int n, double p)
{
	double h = p * (n - 1);
	int i = (int)h;

	return i + 1 < n ? s[i] + (h - i) * (s[i + 1] - s[i]) : s[n - 1];
}

/* Resampling repeats as well as boots mirrors how the data arose, but its
 * variance counts the within-boot part about twice and the between-boot
 * part only (boots - 1) / boots times (Davison & Hinkley, Bootstrap Methods
 * and their Application, 1997, sec. 3.8): wide when repeats dominate,
 * narrow with few boots when boots dominate. Hence the t interval over boot
 * means stays the headline and this is a cross-check. */
struct boot_interval hier_bootstrap(const struct level2 *d, int resamples, unsigned long long seed)
{
	struct boot_interval bi = { false, NULL, NAN, NAN, NAN };
	struct bgroups g;
	double *stat;
	uint64_t s = seed;
	int r, j, i;

	if (bgroups_make(d, &g)) {
		bi.why = "out of memory";
		return bi;
	}
	if (g.k < 2 || resamples < 2) {
		bi.why = g.k == 0 ? "no boots" : g.k == 1 ? "1 boot: no interval across boots" : "fewer than 2 resamples";
		if (g.k == 1)
			bi.mean = group_mean(&g, 0);
		bgroups_free(&g);
		return bi;
	}
	bi.mean = 0;
	for (j = 0; j < g.k; j++)
		bi.mean += group_mean(&g, j) / g.k;
	stat = malloc(resamples * sizeof(double));
	if (!stat) {
		bi.why = "out of memory";
		bgroups_free(&g);
		return bi;
	}
	for (r = 0; r < resamples; r++) {
		double total = 0;

		for (j = 0; j < g.k; j++) {
			int b = pick(&s, g.k);
			double sum = 0;

			for (i = 0; i < g.cnt[b]; i++)
				sum += g.val[g.start[b] + pick(&s, g.cnt[b])];
			total += sum / g.cnt[b];
		}
		stat[r] = total / g.k;
	}
	qsort(stat, resamples, sizeof(double), cmp_double);
	bi.lo = sorted_quantile(stat, resamples, STATS_ALPHA / 2);
	bi.hi = sorted_quantile(stat, resamples, 1 - STATS_ALPHA / 2);
	bi.enough = true;
	free(stat);
	bgroups_free(&g);
	return bi;
}
