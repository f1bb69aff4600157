/* Per workload: the best mode by mean bandwidth (for DAX the best window
 * and range), the best of the other mode, and Welch's test of the two. The
 * recommendation table and the headline are both written from these. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))

static bool measured_bw(const struct group *g)
{
	return g->n_ok && !isnan(g->m[M_BW].mean);
}

static const struct group *faster(const struct group *a, const struct group *b)
{
	return !a || b->m[M_BW].mean > a->m[M_BW].mean ? b : a;
}

/* The smallest DAX window of this workload within 5 % of the best one. */
static const struct group *smaller_window(const struct groups *gs, const struct group *dax)
{
	const struct group *small = NULL;
	int k;

	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];

		if (strcmp(g->workload, dax->workload) || !group_dax_ok(g))
			continue;
		if (g->window < dax->window && g->m[M_BW].mean >= 0.95 * dax->m[M_BW].mean &&
		    (!small || g->window < small->window))
			small = g;
	}
	return small;
}

int build_verdicts(const struct groups *gs, struct verdict **out)
{
	struct verdict *vs = xcalloc(gs->nworkloads, sizeof(*vs));
	int w, k;

	for (w = 0; w < gs->nworkloads; w++) {
		struct verdict *v = &vs[w];
		const struct group *t = find_group(gs, "tmpfs", gs->workloads[w]);

		v->workload = gs->workloads[w];
		v->tmpfs = t && t->n_ok ? t : NULL;
		for (k = 0; k < gs->n; k++) {
			const struct group *g = &gs->g[k];

			if (strcmp(g->workload, v->workload))
				continue;
			if (!strcmp(g->mode, "none")) {
				v->none_seen = true;
				v->none_unsupported |= g->n_unsupported > 0 && !g->n_ok;
			}
			if (!measured_bw(g))
				continue;
			if (!strcmp(g->mode, "dax"))
				v->dax = faster(v->dax, g);
			else if (!strcmp(g->mode, "none"))
				v->none = faster(v->none, g);
		}
		if (!v->dax && !v->none)
			continue;
		v->best = v->dax && (!v->none || v->dax->m[M_BW].mean >= v->none->m[M_BW].mean) ?
				  v->dax : v->none;
		v->other = v->best == v->dax ? v->none : v->dax;
		if (v->other)
			v->w = welch_test(&v->other->m[M_BW], &v->best->m[M_BW]);
		if (v->best == v->dax)
			v->smaller = smaller_window(gs, v->dax);
	}
	*out = vs;
	return gs->nworkloads;
}

double verdict_speedup(const struct verdict *v)
{
	double o = v->other ? v->other->m[M_BW].mean : NAN;

	return o > 0 ? v->best->m[M_BW].mean / o : NAN;
}

bool verdict_significant(const struct verdict *v)
{
	return v->other && welch_significant(&v->w);
}

void verdict_how(const struct verdict *v, char *dst, size_t len)
{
	char p[32];

	if (!v->other) {
		if (v->best == v->dax && v->none_unsupported)
			snprintf(dst, len, "only dax: none does not support it");
		else
			snprintf(dst, len, "%s not measured", v->best == v->dax ? "none" : "dax");
		return;
	}
	fmt_p(p, sizeof(p), v->w.p);
	if (!v->w.tested)
		snprintf(dst, len, "%sx %s (%s MiB/s); too few repeats to test", N(verdict_speedup(v), 2),
			 v->other->mode, N(v->other->m[M_BW].mean, 1));
	else if (welch_significant(&v->w))
		snprintf(dst, len, "%sx %s (%s MiB/s; %s)", N(verdict_speedup(v), 2), v->other->mode,
			 N(v->other->m[M_BW].mean, 1), p);
	else
		snprintf(dst, len, "not significant (%s) against %s (%s MiB/s)", p, v->other->mode,
			 N(v->other->m[M_BW].mean, 1));
}
