/* Where the noise is: per workload and config, bandwidth's variance split
 * into the part between repeats of one boot and the part between boots
 * (variance_components()), which dominates, and whether more repeats per
 * boot or more boots narrow the interval most for the time they cost
 * (optimal_repeats()). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))

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

static const char *per_boot(char *dst, size_t len, const struct varcomp *vc)
{
	if (vc->n % vc->boots)
		snprintf(dst, len, "%.1f", (double)vc->n / vc->boots);
	else
		snprintf(dst, len, "%d", vc->n / vc->boots);
	return dst;
}

/* More repeats or more boots, and how many repeats per boot. */
static void advice(const struct varcomp *vc, const struct run_costs *c, char *dst, size_t len)
{
	double opt;
	long now, best;

	if (vc->boots < 2) {
		snprintf(dst, len, "between-boot variance cannot be estimated: run more boots");
		return;
	}
	if (vc->n == vc->boots) {
		snprintf(dst, len, "within-boot variance cannot be estimated: run 2 or more repeats "
			 "per boot");
		return;
	}
	if (vc->dominant == VC_NEITHER) {
		snprintf(dst, len, "no spread: as run");
		return;
	}
	opt = optimal_repeats(vc->s2w, vc->s2b, c->repeat_s, c->boot_s);
	if (isnan(opt)) {
		snprintf(dst, len, "more %s (the time of a boot is not known)",
			 vc->dominant == VC_BETWEEN ? "boots" : "repeats per boot");
		return;
	}
	if (isinf(opt)) {
		snprintf(dst, len, "more repeats per boot: the boots differ no more than their repeats");
		return;
	}
	now = lround((double)vc->n / vc->boots);
	best = (long)ceil(opt);
	if (best > now)
		snprintf(dst, len, "more repeats: about %ld per boot", best);
	else if (best < now)
		snprintf(dst, len, "more boots, about %ld repeat%s each", best, best == 1 ? "" : "s");
	else
		snprintf(dst, len, "as run (%ld repeat%s per boot): add boots", best, best == 1 ? "" : "s");
}

static void costs_para(const struct run_costs *c, struct doc *d)
{
	if (isnan(c->repeat_s) || isnan(c->boot_s))
		doc_para(d, "The run does not record what a %s costs: the advice follows the level "
			    "that dominates.", isnan(c->repeat_s) ? "repeat" : "boot");
	else
		doc_para(d, "Here a repeat costs %s s (cell time per cell) and a boot %s s (wall time "
			    "less the cells and the waits for the host lock, per guest), from %s.",
			 N(c->repeat_s, 1), N(c->boot_s, 1), c->from);
}

void noise_section(const struct run *run, const struct groups *gs, struct doc *d)
{
	struct table *t = table_new(9, "workload", "config", "boots", "repeats per boot",
				    "sd within boots", "sd between boots", "within / between",
				    "dominant", "advice");
	struct run_costs costs = run_costs(run);
	int w, c, one = 0, between = 0, within = 0;

	for (c = 2; c < 7; c++)
		table_right(t, c);
	doc_heading(d, "Where the noise is");
	doc_para(d, "Bandwidth's variance in two parts (one-way random-effects ANOVA over boots): "
		    "sd within boots is the spread of the repeats of one guest boot, sd between "
		    "boots how much the boots' own means differ beyond that, both in MiB/s, with "
		    "their shares of the variance. The intervals and tests of this report are over "
		    "boot means, so only more boots can show and average out the between-boot part; "
		    "more repeats average out the within-boot part. The advice is the number of "
		    "repeats per boot that makes the mean of boot means most precise for the time "
		    "spent, sqrt(boot cost x within variance / (repeat cost x between variance)) "
		    "(Kalibera & Jones, 2013), against the repeats per boot run.");
	costs_para(&costs, d);
	for (w = 0; w < gs->nworkloads; w++) {
		for (c = 0; c < gs->nconfigs; c++) {
			const struct group *g = find_group(gs, gs->configs[c], gs->workloads[w]);
			const struct varcomp *vc;
			char rep[32], share[48], adv[160];

			if (!g || !g->vc[M_BW].n)
				continue;
			vc = &g->vc[M_BW];
			one += vc->boots < 2;
			between += vc->dominant == VC_BETWEEN;
			within += vc->dominant == VC_WITHIN;
			snprintf(share, sizeof(share), "n/a");
			if (vc->separated && vc->dominant != VC_NEITHER)
				snprintf(share, sizeof(share), "%.0f %% / %.0f %%", 100 * vc->share_w,
					 100 * vc->share_b);
			advice(vc, &costs, adv, sizeof(adv));
			table_row(t, g->workload, g->config, N(vc->boots, 0), per_boot(rep, sizeof(rep), vc),
				  N(sqrt(vc->s2w), 1), N(sqrt(vc->s2b), 1), share, vc_level_name(vc->dominant),
				  adv);
		}
	}
	if (!t->nrows) {
		doc_para(d, "No bandwidth was measured.");
		return;
	}
	doc_table(d, t);
	if (one == t->nrows) {
		doc_para(d, "Every config ran in one boot: the between-boot variance, which decides "
			    "the intervals and tests, cannot be estimated, and none is made. Run each "
			    "config in two or more boots.");
		return;
	}
	if (one)
		doc_para(d, "Between boots dominates in %d and within boots in %d of the %d rows; %d "
			    "ran in one boot, where the between-boot variance cannot be estimated and "
			    "no interval or test is made.", between, within, t->nrows, one);
	else
		doc_para(d, "Between boots dominates in %d and within boots in %d of the %d rows.",
			 between, within, t->nrows);
}
