/* The report's opening sentences, generated from the verdicts: where DAX
 * wins and by how much, where it loses, the working set / window ratio
 * where it stops winning, and the window and range to use with what they
 * cost in memory. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsreport.h"

#define N(v, d) fmt_num((char[32]){ 0 }, 32, (v), (d))
#define SZ(b) size_name((char[32]){ 0 }, 32, (b))
#define P(p) fmt_p((char[32]){ 0 }, 32, (p))

/* Up to four names of the verdicts that match, then "and N more". */
static void name_list(struct buf *b, const struct verdict *vs, int n,
		      bool (*match)(const struct verdict *v), bool with_ratio)
{
	int i, shown = 0, all = 0;

	for (i = 0; i < n; i++) {
		if (!match(&vs[i]))
			continue;
		if (shown < 4) {
			buf_add(b, "%s%s", shown ? ", " : "", vs[i].workload);
			if (with_ratio)
				buf_add(b, " (%sx, %s against %s MiB/s)",
					N(vs[i].dax->m[M_BW].mean / vs[i].none->m[M_BW].mean, 2),
					N(vs[i].dax->m[M_BW].mean, 1), N(vs[i].none->m[M_BW].mean, 1));
			shown++;
		}
		all++;
	}
	if (all > shown)
		buf_add(b, " and %d more", all - shown);
}

static bool dax_wins(const struct verdict *v)
{
	return verdict_significant(v) && v->best == v->dax;
}

static bool dax_loses(const struct verdict *v)
{
	return verdict_significant(v) && v->best == v->none;
}

static bool no_difference(const struct verdict *v)
{
	return v->other && v->bc.tested && !boot_significant(&v->bc);
}

static bool untested(const struct verdict *v)
{
	return v->other && !v->bc.tested;
}

static bool only_dax(const struct verdict *v)
{
	return v->best && v->best == v->dax && !v->other && v->none_unsupported;
}

static bool dax_best(const struct verdict *v)
{
	return v->best && v->best == v->dax;
}

static int count(const struct verdict *vs, int n, bool (*match)(const struct verdict *v))
{
	int i, k = 0;

	for (i = 0; i < n; i++)
		k += match(&vs[i]);
	return k;
}

static void wins_and_losses(const struct run *run, const struct verdict *vs, int n, struct doc *d)
{
	struct buf b = { 0 };
	const struct verdict *top = NULL;
	double lo = INFINITY;
	int i, compared = 0, wins = count(vs, n, dax_wins), losses = count(vs, n, dax_loses);

	for (i = 0; i < n; i++) {
		compared += vs[i].dax && vs[i].none;
		if (!dax_wins(&vs[i]))
			continue;
		if (!top || verdict_speedup(&vs[i]) > verdict_speedup(top))
			top = &vs[i];
		if (verdict_speedup(&vs[i]) < lo)
			lo = verdict_speedup(&vs[i]);
	}
	if (!compared) {
		doc_para(d, "This run has no workload measured both with DAX and with cache=none: "
			    "there is nothing to compare the modes by.");
		return;
	}
	if (count(vs, n, untested) == compared) {
		/* Repeats of one boot share its state: they cannot stand for boots. */
		buf_add(&b, "DAX (dax=always) against cache=none cannot be tested in this run: no "
			    "workload has two boots of each mode (a test compares boot means; repeats "
			    "within one boot are not independent). By the means, DAX against cache=none: ");
		name_list(&b, vs, n, untested, true);
		buf_add(&b, ".");
	} else if (top) {
		buf_add(&b, "DAX (dax=always) is significantly faster than cache=none in %d of the %d "
			    "workloads measured in both modes (Welch's t-test over boot means, p < 0.05), "
			    "by %sx to %sx; most in %s (%s against %s MiB/s).",
			wins, compared, N(lo, 2), N(verdict_speedup(top), 2), top->workload,
			N(top->dax->m[M_BW].mean, 1), N(top->none->m[M_BW].mean, 1));
	} else {
		buf_add(&b, "DAX (dax=always) is significantly faster than cache=none in none of the "
			    "%d workloads measured in both modes (Welch's t-test over boot means, p < 0.05).",
			compared);
	}
	if (losses) {
		buf_add(&b, " It loses in %d: ", losses);
		name_list(&b, vs, n, dax_loses, true);
		buf_add(&b, ".");
	}
	if (count(vs, n, no_difference)) {
		buf_add(&b, " No significant difference in %d: ", count(vs, n, no_difference));
		name_list(&b, vs, n, no_difference, false);
		buf_add(&b, ".");
	}
	if (count(vs, n, untested) && count(vs, n, untested) < compared) {
		buf_add(&b, " %d have too few boots to test (fewer than two on a side): ",
			count(vs, n, untested));
		name_list(&b, vs, n, untested, true);
		buf_add(&b, ".");
	}
	if (count(vs, n, only_dax)) {
		buf_add(&b, " Only DAX runs ");
		name_list(&b, vs, n, only_dax, false);
		buf_add(&b, " (cache=none refuses a shared mmap of a direct-I/O file).");
	}
	if (!run_is_kvm(run))
		buf_add(&b, " These are TCG guests: compare the modes with each other, not with a real "
			"machine.");
	doc_para(d, "%s", b.s);
	free(b.s);
}

/* Where DAX stops winning: its groups (the working-set workloads when the
 * run has them) against the best cache=none group of the same workload. */
static void stop_ratio(const struct groups *gs, const struct verdict *vs, int n, struct doc *d)
{
	const struct group *win = NULL, *stop = NULL;
	const struct verdict *stop_v = NULL;
	struct boot_compare stop_c = { 0 };
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
			if (!win || r > group_ws_ratio(win))
				win = g;
		} else if (!stop || r < group_ws_ratio(stop)) {
			stop = g;
			stop_v = &vs[i];
			stop_c = c;
		}
	}
	if (!win && !stop)
		return;
	if (!stop) {
		doc_para(d, "DAX wins at every working set / window ratio measured, up to %s (%s).",
			 N(group_ws_ratio(win), 2), win->workload);
	} else if (!win) {
		doc_para(d, "DAX wins at no working set / window ratio measured (from %s, %s).",
			 N(group_ws_ratio(stop), 2), stop->workload);
	} else if (group_ws_ratio(stop) > group_ws_ratio(win)) {
		doc_para(d, "DAX stops winning once the working set outgrows the window: it wins up to "
			    "%s times the window (%s on %s) and not at %s (%s on %s: %s against cache=none's "
			    "%s MiB/s, %s), where ranges must be reclaimed to map others.",
			 N(group_ws_ratio(win), 2), win->workload, win->config, N(group_ws_ratio(stop), 2),
			 stop->workload, stop->config, N(stop->m[M_BW].mean, 1),
			 N(stop_v->none->m[M_BW].mean, 1), P(stop_c.w.p));
	} else {
		doc_para(d, "DAX's wins do not split by working set / window in this run: it wins at %s "
			    "(%s) but not at %s (%s).",
			 N(group_ws_ratio(win), 2), win->workload, N(group_ws_ratio(stop), 2), stop->workload);
	}
}

/* The DAX config that is best in most workloads DAX wins (all workloads
 * where DAX is best, if it wins none), and what its window costs. */
static void window_choice(const struct run *run, const struct groups *gs, const struct verdict *vs,
			  int n, struct doc *d)
{
	double cost;
	char guest[64];
	const struct group *pick = NULL;
	int i, j, best = 0, wins = count(vs, n, dax_wins);
	bool one_window = true;

	for (i = 0; i < n; i++) {
		int votes = 0;

		if (!dax_best(&vs[i]) || (wins && !dax_wins(&vs[i])))
			continue;
		for (j = 0; j < n; j++)
			if (dax_best(&vs[j]) && (!wins || dax_wins(&vs[j])) &&
			    !strcmp(vs[j].dax->config, vs[i].dax->config))
				votes++;
		if (votes > best || (votes == best && vs[i].dax->window < pick->window)) {
			best = votes;
			pick = vs[i].dax;
		}
	}
	if (!pick)
		return;
	for (i = 0; i < gs->n; i++)
		if (group_dax_ok(&gs->g[i]) && gs->g[i].window != pick->window)
			one_window = false;
	/* The guest gives the window struct pages (64 bytes per 4 KiB page):
	 * measured when the run has the figure, else that estimate. The host
	 * backs the window with the page cache of the files it maps. */
	cost = run_window_cost_kib(run, pick->window);
	if (isnan(cost))
		snprintf(guest, sizeof(guest), "about %s of guest RAM", SZ(pick->window / 64));
	else
		snprintf(guest, sizeof(guest), "%s MiB of guest RAM, measured", N(cost / 1024.0, 1));
	doc_para(d, "Recommended for DAX: a %s window of %s ranges (%lld ranges, %s modules), the best "
		    "DAX config in %d of the %d workloads %s%s. Its memory cost: the guest keeps a "
		    "struct page per 4 KiB of the window (%s), and the host's page cache "
		    "backs at most %s of mapped file data.",
		 SZ(pick->window), SZ(pick->range), pick->range ? pick->window / pick->range : 0,
		 pick->modules, best, wins ? wins : count(vs, n, dax_best),
		 wins ? "where DAX wins" : "where DAX is best",
		 one_window ? "; the only window this run measured (`make tune` sweeps windows)" : "",
		 guest, SZ(pick->window));
}

void headline(const struct run *run, const struct groups *gs, const struct verdict *vs, int n,
	      struct doc *d)
{
	wins_and_losses(run, vs, n, d);
	stop_ratio(gs, vs, n, d);
	window_choice(run, gs, vs, n, d);
}
