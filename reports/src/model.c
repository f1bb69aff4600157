/* The analysis of one run, done once (model.h): groups and verdicts, what
 * the opening says and recommends, the cliff, the noise, the cell the time
 * series shows. The renderers only format what this finds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void wins_and_losses(const struct verdict *vs, int n, struct opening *o)
{
	int i;

	o->lo_speedup = INFINITY;
	for (i = 0; i < n; i++) {
		const struct verdict *v = &vs[i];

		o->compared += v->dax && v->none;
		o->wins += verdict_dax_wins(v);
		o->losses += verdict_dax_loses(v);
		o->no_difference += verdict_no_difference(v);
		o->untested += verdict_untested(v);
		o->only_dax += verdict_only_dax(v);
		if (!verdict_dax_wins(v))
			continue;
		if (!o->top || verdict_speedup(v) > verdict_speedup(o->top))
			o->top = v;
		if (verdict_speedup(v) < o->lo_speedup)
			o->lo_speedup = verdict_speedup(v);
	}
}

/* Where DAX stops winning: its groups (the working-set workloads when the
 * run has them) against the best cache=none group of the same workload. */
static void stop_ratio(const struct groups *gs, const struct verdict *vs, int n, struct opening *o)
{
	bool have_ws = false;
	int k, i;

	for (k = 0; k < gs->n; k++)
		have_ws |= group_dax_ok(&gs->g[k]) && !strcmp(gs->g[k].job, "workingset");
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];
		double r = group_ws_ratio(g);
		struct boot_compare c;

		if (!group_dax_ok(g) || isnan(r) || (have_ws && strcmp(g->job, "workingset")))
			continue;
		for (i = 0; i < n && strcmp(vs[i].workload, g->workload); i++)
			;
		if (i == n || !vs[i].none)
			continue;
		c = group_compare(vs[i].none, g, M_BW);
		if (!c.tested)
			continue;
		if (boot_significant(&c) && c.w.diff > 0) {
			if (!o->win || r > group_ws_ratio(o->win))
				o->win = g;
		} else if (!o->stop || r < group_ws_ratio(o->stop)) {
			o->stop = g;
			o->stop_v = &vs[i];
			o->stop_c = c;
		}
	}
}

/* The DAX config that is best in most workloads DAX wins (all workloads
 * where DAX is best, if it wins none). */
static void window_choice(const struct run *run, const struct groups *gs, const struct verdict *vs,
			  int n, struct opening *o)
{
	int i, j;

	o->pick_where_wins = o->wins > 0;
	for (i = 0; i < n; i++) {
		int votes = 0;

		if (!verdict_dax_best(&vs[i]) || (o->wins && !verdict_dax_wins(&vs[i])))
			continue;
		o->pick_of++;
		for (j = 0; j < n; j++)
			if (verdict_dax_best(&vs[j]) && (!o->wins || verdict_dax_wins(&vs[j])) &&
			    !strcmp(vs[j].dax->config, vs[i].dax->config))
				votes++;
		if (votes > o->pick_votes || (votes == o->pick_votes && vs[i].dax->window < o->pick->window)) {
			o->pick_votes = votes;
			o->pick = vs[i].dax;
		}
	}
	o->pick_cost_kib = NAN;
	if (!o->pick)
		return;
	o->one_window = true;
	for (i = 0; i < gs->n; i++)
		if (group_dax_ok(&gs->g[i]) && gs->g[i].window != o->pick->window)
			o->one_window = false;
	o->pick_cost_kib = run_window_cost_kib(run, o->pick->window);
}

/* Of one job (workingset if the run has it), the DAX group that fits its
 * window most tightly (ratio <= 1) and the one whose working set outgrows
 * its window most. */
static void cliff_pair(const struct groups *gs, const struct group **lo, const struct group **hi)
{
	const char *job = NULL;
	int k;

	*lo = *hi = NULL;
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];

		if (group_dax_ok(g) && (!job || !strcmp(g->job, "workingset")))
			job = g->job;
	}
	for (k = 0; job && k < gs->n; k++) {
		const struct group *g = &gs->g[k];
		double r = group_ws_ratio(g);

		if (!group_dax_ok(g) || strcmp(g->job, job) || isnan(r))
			continue;
		if (r <= 1 && (!*lo || r > group_ws_ratio(*lo)))
			*lo = g;
		if (r > 1 && (!*hi || r > group_ws_ratio(*hi)))
			*hi = g;
	}
	if (!*lo || !*hi)
		*lo = *hi = NULL;
}

static void tally_cells(const struct run *run, struct cell_tally *t)
{
	int i;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];

		switch (c->status) {
		case CELL_OK: t->ok++; break;
		case CELL_FAILED: t->failed++; break;
		case CELL_UNSUPPORTED: t->unsupported++; break;
		case CELL_BROKEN: t->broken++; break;
		}
		if (!t->first_not_run && (c->status == CELL_FAILED || c->status == CELL_UNSUPPORTED))
			t->first_not_run = c;
	}
}

static double cell_reclaims(const struct cell *c)
{
	if (c->dax.ok)
		return c->dax.reclaims;
	return c->host.ok ? c->host.remove_ranges : 0;
}

/* The DAX cell with the most reclaims (the first of equals); without DAX
 * cells, the first cell that ran. */
static const struct cell *timeseries_cell(const struct run *run)
{
	const struct cell *best = NULL;
	int i;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];

		if (c->status != CELL_OK || strcmp(c->mode, "dax"))
			continue;
		if (!best || cell_reclaims(c) > cell_reclaims(best))
			best = c;
	}
	for (i = 0; !best && i < run->ncells; i++)
		if (run->cells[i].status == CELL_OK)
			best = &run->cells[i];
	return best;
}

/* The one range of the DAX groups, or that they vary. */
static void ranges(const struct groups *gs, struct model *m)
{
	int k;

	m->dax_range = -1;
	for (k = 0; k < gs->n; k++) {
		const struct group *g = &gs->g[k];

		if (!group_dax_ok(g))
			continue;
		if (m->dax_range >= 0 && g->range != m->dax_range)
			m->range_varies = true;
		m->dax_range = g->range;
	}
}

/* Measured windows of (workload, range) in the prediction's lines. */
static int measured_windows(const struct prediction *pr, const char *workload, long long range)
{
	int j, n = 0;

	for (j = 0; j < pr->nlines; j++)
		n += !strcmp(pr->lines[j].workload, workload) && pr->lines[j].range == range;
	return n;
}

/* One curve predicts every window only if the workload reads the same
 * bytes at each: not so for ws-* (their working set follows the window). */
static bool same_working_set(const struct run *run, const char *workload, long long range)
{
	long long ws = -1;
	int i;

	for (i = 0; i < run->ncells; i++) {
		const struct cell *c = &run->cells[i];

		if (!c->mode || strcmp(c->mode, "dax") || !c->workload || strcmp(c->workload, workload) ||
		    c->range != range)
			continue;
		if (ws >= 0 && c->working_set != ws)
			return false;
		ws = c->working_set;
	}
	return true;
}

/* The curves of the window sweep's range (most windows measured: the
 * range sweep measures one window per range, nothing to draw a curve
 * past) whose workload reads the same bytes at every window. */
static bool *drawn_curves(const struct run *run)
{
	const struct prediction *pr = &run->pred;
	bool *drawn = xcalloc(pr->ncurves + 1, sizeof(bool));
	long long range = 0;
	int i, most = 0;

	for (i = 0; i < pr->ncurves; i++) {
		int n = measured_windows(pr, pr->curves[i].workload, pr->curves[i].range);

		if (n > most) {
			most = n;
			range = pr->curves[i].range;
		}
	}
	for (i = 0; i < pr->ncurves; i++)
		drawn[i] = pr->curves[i].range == range &&
			   same_working_set(run, pr->curves[i].workload, range);
	return drawn;
}

/* Runs from before the accelerator was recorded were all TCG runs. */
static bool run_is_kvm(const struct run *run)
{
	const char *acc = kv_get(&run->manifest, "accelerator");

	return acc && !strncmp(acc, "KVM", 3);
}

double model_pct_of_tmpfs(const struct model *m, const struct group *g)
{
	const struct group *t = find_group(&m->gs, "tmpfs", g->workload);

	if (!t || !t->n_ok)
		return NAN;
	return 100.0 * g->m[M_BW].mean / t->m[M_BW].mean;
}

void analyse_run(const struct run *run, struct model *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	m->run = run;
	build_groups(run, &m->gs);
	m->nvs = build_verdicts(&m->gs, &m->vs);
	m->rec_window = xcalloc(m->nvs + 1, sizeof(*m->rec_window));
	m->rec_cost_kib = xcalloc(m->nvs + 1, sizeof(*m->rec_cost_kib));
	for (i = 0; i < m->nvs; i++) {
		const struct verdict *v = &m->vs[i];

		m->rec_cost_kib[i] = NAN;
		if (!v->best || v->best != v->dax)
			continue;
		m->rec_window[i] = v->smaller ? v->smaller->window : v->best->window;
		m->rec_cost_kib[i] = run_window_cost_kib(run, m->rec_window[i]);
	}
	wins_and_losses(m->vs, m->nvs, &m->open);
	stop_ratio(&m->gs, m->vs, m->nvs, &m->open);
	window_choice(run, &m->gs, m->vs, m->nvs, &m->open);
	tally_cells(run, &m->cells);
	m->kvm = run_is_kvm(run);
	cliff_pair(&m->gs, &m->cliff_lo, &m->cliff_hi);
	ranges(&m->gs, m);
	analyse_noise(run, &m->gs, &m->noise);
	m->timeseries = timeseries_cell(run);
	m->curve_drawn = drawn_curves(run);
}
