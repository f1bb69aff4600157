/* Where the noise is: per workload and config, bandwidth's variance split
 * into the part between repeats of one boot and the part between boots
 * (variance_components(), in the groups), and whether more repeats per
 * boot or more boots narrow the interval most for the time they cost
 * (optimal_repeats()). render-noise.c writes it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* A number of the run's matrix summed over its parts (an appended matrix
 * writes partN_KEY); NaN when no part has it. */
static double matrix_sum(const struct kv *m, const char *key)
{
	double sum = NAN;
	int i;

	for (i = 0; i < m->n; i++) {
		const char *k = m->keys[i];
		char *end;
		double v;

		if (!strncmp(k, "part", 4)) {
			k += 4;
			while (*k >= '0' && *k <= '9')
				k++;
			if (*k++ != '_')
				continue;
		}
		if (strcmp(k, key))
			continue;
		v = strtod(m->vals[i], &end);
		if (end == m->vals[i] || *end || !isfinite(v))
			continue;
		sum = isnan(sum) ? v : sum + v;
	}
	return sum;
}

/* A repeat: the cells' time per cell (the matrix's cell_seconds, else
 * the sum of the cells' secs). A boot: the wall time the cells and the
 * waits for the host lock leave, per guest. */
struct run_costs run_costs(const struct run *run)
{
	struct run_costs c = { NAN, NAN, "the run's matrix" };
	double wall = matrix_sum(&run->matrix, "wall_seconds");
	double wait = matrix_sum(&run->matrix, "lock_wait_seconds");
	double cell = matrix_sum(&run->matrix, "cell_seconds");
	double guests = matrix_sum(&run->matrix, "guests");
	double secs = 0;
	int i, timed = 0;

	for (i = 0; i < run->ncells; i++) {
		if (run->cells[i].secs > 0) {
			secs += run->cells[i].secs;
			timed++;
		}
	}
	if (isnan(cell) && timed) {
		cell = secs;
		c.from = "the run's matrix and the cells' secs";
	}
	if (timed && cell > 0)
		c.repeat_s = cell / timed;
	if (isnan(wait))
		wait = 0; /* runs before the host lock waited for nothing */
	if (guests > 0 && wall - wait - cell > 0)
		c.boot_s = (wall - wait - cell) / guests;
	return c;
}

/* More repeats or more boots, and how many repeats per boot. */
static void advise(struct noise_row *r, const struct run_costs *c)
{
	const struct varcomp *vc = r->vc;
	double opt;
	long now;

	if (vc->boots < 2) {
		r->advice = ADV_NEED_BOOTS;
		return;
	}
	if (vc->n == vc->boots) {
		r->advice = ADV_NEED_REPEATS;
		return;
	}
	if (vc->dominant == VC_NEITHER) {
		r->advice = ADV_NO_SPREAD;
		return;
	}
	opt = optimal_repeats(vc->s2w, vc->s2b, c->repeat_s, c->boot_s);
	if (isnan(opt)) {
		r->advice = ADV_COST_UNKNOWN;
		return;
	}
	if (isinf(opt)) {
		r->advice = ADV_REPEATS_ONLY;
		return;
	}
	now = lround((double)vc->n / vc->boots);
	r->repeats = (long)ceil(opt);
	r->advice = r->repeats > now ? ADV_MORE_REPEATS : r->repeats < now ? ADV_MORE_BOOTS : ADV_AS_RUN;
}

/* Per workload and config with a bandwidth, its variance components and
 * the advice, in the order of the run. */
void analyse_noise(const struct run *run, const struct groups *gs, struct noise *n)
{
	int w, c;

	memset(n, 0, sizeof(*n));
	n->costs = run_costs(run);
	n->rows = xcalloc(gs->n + 1, sizeof(*n->rows));
	for (w = 0; w < gs->nworkloads; w++) {
		for (c = 0; c < gs->nconfigs; c++) {
			const struct group *g = find_group(gs, gs->configs[c], gs->workloads[w]);
			struct noise_row *r = &n->rows[n->n];

			if (!g || !g->vc[M_BW].n)
				continue;
			r->g = g;
			r->vc = &g->vc[M_BW];
			advise(r, &n->costs);
			n->one_boot += r->vc->boots < 2;
			n->between += r->vc->dominant == VC_BETWEEN;
			n->within += r->vc->dominant == VC_WITHIN;
			n->n++;
		}
	}
}
