/* Per workload: the best mode by mean bandwidth (for DAX the best window
 * and range), the best of the other mode, and Welch's test of the two over
 * boot means, with Fieller's interval of the speedup. The recommendation
 * table and the headline are both written from these. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

static bool measured_bw(const struct group *g)
{
	return g->n_ok && !isnan(g->m[M_BW].mean);
}

static const struct group *faster(const struct group *a, const struct group *b)
{
	return !a || b->m[M_BW].mean > a->m[M_BW].mean ? b : a;
}

/* The 95 % intervals (over boots) of two groups' mean bandwidth overlap. */
static bool overlaps(const struct group *a, const struct group *b)
{
	const struct summary *x = &a->m[M_BW], *y = &b->m[M_BW];

	return x->mean - x->ci <= y->mean + y->ci && y->mean - y->ci <= x->mean + x->ci;
}

/* The smallest DAX window of this workload whose interval overlaps the
 * best one's (of equal windows the faster); windows with too few boots
 * to have an interval are counted, not chosen. */
static void smaller_window(const struct groups *gs, struct verdict *v)
{
	const struct group *dax = v->dax;
	int k;

	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];

		if (strcmp(g->workload, dax->workload) || !group_dax_ok(g) || g->window >= dax->window)
			continue;
		if (!dax->bs[M_BW].enough || !g->bs[M_BW].enough) {
			v->smaller_unjudged++;
			continue;
		}
		if (!overlaps(g, dax))
			continue;
		if (!v->smaller || g->window < v->smaller->window ||
		    (g->window == v->smaller->window && g->m[M_BW].mean > v->smaller->m[M_BW].mean))
			v->smaller = g;
	}
	if (v->smaller)
		v->smaller_bc = group_compare(dax, v->smaller, M_BW);
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
			v->bc = group_compare(v->other, v->best, M_BW);
		if (v->best == v->dax)
			smaller_window(gs, v);
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
	return v->other && boot_significant(&v->bc);
}

bool verdict_dax_wins(const struct verdict *v)
{
	return verdict_significant(v) && v->best == v->dax;
}

bool verdict_dax_loses(const struct verdict *v)
{
	return verdict_significant(v) && v->best == v->none;
}

bool verdict_dax_best(const struct verdict *v)
{
	return v->best && v->best == v->dax;
}

bool verdict_no_difference(const struct verdict *v)
{
	return v->other && v->bc.tested && !boot_significant(&v->bc);
}

bool verdict_untested(const struct verdict *v)
{
	return v->other && !v->bc.tested;
}

bool verdict_only_dax(const struct verdict *v)
{
	return verdict_dax_best(v) && !v->other && v->none_unsupported;
}
